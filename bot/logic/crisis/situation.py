"""Which crisis reply fits: danger right now, thoughts of suicide, self-harm, violence, a child, a relative.

Read from the normalised text and the kinds of danger the lexicon found. When nothing points
elsewhere, the reply for thoughts of suicide is given: it carries 112, 90101 and 90 390.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.logic.crisis.lexicon import MEANS, NOW, OVERDOSE, PILLS, PLAN, SELF_HARM, VIOLENCE, near, words

ACUTE, SUICIDAL, SELF_HARM_NOW, VIOLENCE_NOW, CHILD, RELATIVE = (
    "acute", "suicidal", "self_harm", "violence", "child", "relative")

_BLEEDING = re.compile(near(words("bloder", "blodet"), words("mycket", "inte slutar", "slutar inte", "massor"), gap=2)
                       + "|" + near("djupt", gap=0))
_YOUNG_WRITER = re.compile("|".join([
    r"\bjag ar (?:[5-9]|1[0-7])\b(?! ar sedan)", r"\b(?:i am|im|i m) (?:1[0-7])\b", r"^(?:[5-9]|1[0-7]) ar\b",
    r"\bar (?:1[0-7]) (?:ar|och)\b", r"\bgar i (?:[1-9]an|sjuan|attan|nian|femman|sexan|fyran|trean)\b",
    r"\b(?:hogstadiet|mellanstadiet|lagstadiet|skolkurator\w*|elevhals\w*|bup)\b", r"\bung(?:dom)? under 18\b",
]))
_CHILD_WRITTEN_ABOUT = re.compile("|".join([
    near(words("dotter", "dottern", "son", "sonen", "barn", "barnet", "barnbarn", "barnbarnet", "elev", "eleven",
               "syster", "bror", "lillebror", "lillasyster"), words("pa", "ar", "som ar"), r"(?:[1-9]|1[0-7])\b",
         gap=1),
    near(words("dottern", "sonen", "barnet", "eleven", "barnbarnet"), r"(?:[1-9]|1[0-7])\b", gap=0),
    r"\b(?:[1-9]|1[0-7]) ar(?:s)? gammal\b", r"\b(?:[1-9]|1[0-7])-?aring\w*\b",
]))
_SOMEONE_ELSE = re.compile("|".join([
    near(words("min", "mitt", "mina", "var", "vart"),
         words("mamma", "pappa", "bror", "brorsa", "syster", "syrra", "son", "dotter", "barn", "van", "vaninna",
               "kompis", "polare", "sambo", "man", "fru", "partner", "pojkvan", "flickvan", "klient", "kollega", "granne",
               "elev", "mormor", "morfar", "farmor", "farfar", "barnbarn", "kusin", "dotters", "sons"), gap=0),
    r"\b(?:sonen|dottern|syrran|brorsan|grannen|kollegan|klienten|en klient|en elev|en van|kompisen|sambon)\b",
    r"\bens (?:mamma|pappa|barn|son|dotter|partner|van)\b", r"\ben kollega\b",
    r"\b(?:my|our) (?:mum|mom|dad|father|mother|brother|sister|son|daughter|friend|partner|husband|wife)\b",
]))
_THIRD_PERSON = re.compile(r"\b(?:han|hon|hen|sig|honom|henne|he|she|him|her)\b")
_WRITER_HARMED = re.compile(near(words("slar", "slog", "hotar", "stryper", "sparkar", "slagit"), words("mig", "oss"), gap=1)
                            + "|" + near(words("doda", "skada"), words("mig", "oss"), gap=0)
                            + r"|\b(?:hits|hit|beats|hurts|kill|choke|chokes) (?:me|us)\b")
# The writer's own wish to die, beside someone named: "jag vill dö. säg till min syster att hon var bäst".
# Not words someone else said or wrote, quoted: "min son skrev 'jag vill dö'" is about the son.
_NOT_QUOTED = r"(?<!skrev )(?<!sa )(?<!sade )(?<!sager )(?<!messade )(?<!wrote )(?<!said )(?<!says )(?<!texted me )"
_WRITER_IN_DANGER = re.compile(
    r"\b(?:livet av mig|(?:ta|avsluta|gora slut pa) mitt (?:eget )?liv|mitt sista (?:meddelande|brev|sms)|kill myself"
    r"|end my life|nar jag (?:ar borta|inte finns)|(?:battre|bra) utan mig)\b"
    + r"|" + _NOT_QUOTED + r"\bjag (?:(?:bara|verkligen|typ|nog|ocksa|helst|ju) )?(?:vill do|vill inte leva"
    r"|vill inte finnas|orkar inte leva)\b"
    r"|\bvill jag (?:(?:ocksa|bara) )?do\b|\bvill jag (?:\w+ )?inte (?:leva|finnas)\b"
    + r"|" + _NOT_QUOTED + r"\bjag (?:ska|tanker) (?:hoppa|ta livet|ga ut framfor)\b"
    + r"|" + _NOT_QUOTED + r"\bjag (?:har )?(?:tagit|tog|svalt|svalde) (?:alla|hela|en massa|for manga|\d+) (?:mina )?"
    + PILLS + r"\b"
    r"|\bjag (?:har )?(?:samlat|sparat) (?:pa mig )?(?:tabletter|piller|mediciner|medicin)\b"
    r"|\bjag (?:har )?(?:skurit|skar) mig\b"
    + r"|" + _NOT_QUOTED + r"\bi (?:want to die|will die|am going to die)\b")


@dataclass(frozen=True)
class Situation:
    kind: str  # one of the constants above
    acute: bool  # danger right now: "Ring 112 nu" comes first
    young: bool  # the writer, or the person written about, is under 18: Bris is given


def situation(normalised: str, kinds: tuple[str, ...]) -> Situation:
    now = bool(NOW.search(normalised))
    young_writer = bool(_YOUNG_WRITER.search(normalised))
    young = young_writer or bool(_CHILD_WRITTEN_ABOUT.search(normalised))
    about_someone_else = (bool(_SOMEONE_ELSE.search(normalised)) and bool(_THIRD_PERSON.search(normalised))
                          and not _WRITER_HARMED.search(normalised) and not _WRITER_IN_DANGER.search(normalised))
    acute = OVERDOSE in kinds or (now and bool({MEANS, PLAN, VIOLENCE} & set(kinds))) or (
        SELF_HARM in kinds and bool(_BLEEDING.search(normalised)))
    if VIOLENCE in kinds and not about_someone_else:
        return Situation(CHILD if young_writer else VIOLENCE_NOW, True, young)
    if about_someone_else and not young_writer:
        return Situation(RELATIVE, acute, young)
    if young:
        return Situation(CHILD, acute, True)
    if acute:
        return Situation(ACUTE, True, False)
    if SELF_HARM in kinds:
        return Situation(SELF_HARM_NOW, False, False)
    return Situation(SUICIDAL, False, False)
