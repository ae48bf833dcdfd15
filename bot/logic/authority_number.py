"""Asking for an authority's phone number, in the words people use: "kfm tfn", "fk, vilket tfn har ni",
"kan jag få arbetsförmedlingens nummer". The model read such messages as finding an office, an obstacle or how to
appeal; bot/nlu/contact_details.py makes them the question about the number, which this module names.
"""
from __future__ import annotations

import re

from bot.logic.questions import phone_question
from knowledge.queries import authorities_mentioned
from knowledge.text import fold

# Asking for a number, folded: "numret dit, till kfm alltså", "hur ringer jag kronofogdemyndigheten", "af:s
# tfn", "numret som fk har, vilket är det". Not "vem ringer jag för att överklaga", which asks who handles an appeal.
_PHONE_WORD = (r"(?:telefon nummer|telefon nr|tel nr|numret|nummret|nummer|num|nr|telefonnumret|telefonnummer|telnr"
               r"|telefonnr|telnummer|tfn|tel|telefon)")
_ASKS_THE_NUMBER = re.compile(
    r"\b(?:numret|nummret|telefonnumret|telefonnummer|telnr|telefonnr|telnummer|tfn)\b"
    r"|\b(?:nummer|nr|num) (?:till|for|at|hos)\b|\bvilket (?:telefon)?(?:nummer|nr|num)\b"
    r"|\bfor (?:telefon)?(?:nummer|nr|num|tel)\b"
    r"|\b(?:hur|vart|var|vem) ringer (?:man|jag|ja|jg|vi)\b(?! (?:for att|om|nar|ifall|nu|da om)\b)"
    r"|\bhur nar (?:man|jag|ja|jg)\b(?=.*\btelefon)|\b(?:phone )?number\b")
# Someone else's number or not a number to call: one's own ("vill ge fk mitt nya nummer"), a case's or a letter's
# ("numret på mitt ärende"), one already called ("har ringt numret fem gånger"), an ombud's.
_NOT_THE_AUTHORITYS = re.compile(
    r"\b(?:mitt|min|mina|ditt|ert|my)(?: \w+)? " + _PHONE_WORD + r"\b|\b" + _PHONE_WORD + r" pa\b"
    r"|\b(?:pa|i) (?:brevet|beslutet|fakturan)\b|\b(?:arende\w*|referens\w*|case|ringt|ringde|ombud\w*)\b")
# Another question asked before the number ("kan man göra nåt åt det … och vilket nummer ska jag ringa"): that
# one is answered first, and the number offered after it. Asking for the number politely is not another question.
_ASKED_BEFORE = re.compile(r"\b(?:kan|ska|far|maste|bor|behover) (?:man|jag|ja|jg|vi)\b|\bvarfor\b")
_POLITELY = re.compile(r"(?:\b(?:kan|far) (?:jag|ja|jg|vi|man)(?: fa)?|\b(?:kan|skulle) (?:du|ni) (?:ge|skicka|saga)"
                       r"(?: mig)?|\bge mig) $")
# "kan jag få fk:s nummer", "försäkringskassans telefonnummer": the owner named just before the number.
_OWNERS_NUMBER = re.compile(r"\b\w+(?: s|s) (?:telefon)?(?:nummer|numret|nr)\b")
# "nummer hos X": the number of X, so X is the authority asked about.
_OF_WHOM = re.compile(r"^(?:till|for|hos|at) (\w+)(?: (\w+))?")
# "kfm tfn": an authority's name (typed in one word or two) and a word for the phone.
_NAME_AND_PHONE = re.compile(rf"^(\w+(?: \w+)?) {_PHONE_WORD}(?: tack)?$|^{_PHONE_WORD} (\w+(?: \w+)?)$")


def number_asked(first_question: str) -> str | None:
    """"hur ringer jag forsäkrings kasan, hittar inget på sajten": the question about the number of
    the authority a message's first question (`first_question`, see several_questions.up_to_the_first_question)
    asks the number of, or None. Socialtjänsten has no national number, so asking for it is not this question."""
    folded = " ".join(re.findall(r"\w+", fold(first_question)))
    if _NOT_THE_AUTHORITYS.search(folded):
        return None
    if (only := _NAME_AND_PHONE.match(folded)) is not None:
        return _phone_of(only.group(1) or only.group(2))
    asks = _ASKS_THE_NUMBER.search(folded) or _OWNERS_NUMBER.search(folded)
    if asks is None or _ASKED_BEFORE.search(_POLITELY.sub("", folded[:asks.start()])):
        return None
    if asks.re is _OWNERS_NUMBER:
        return _phone_of(asks.group())
    of_whom = _OF_WHOM.match(folded[asks.end():].strip())
    if of_whom is None:
        return _phone_of(folded)
    # "numret till jo, fk har …" asks the number of someone else; "numret till krono fogden" names it in two words.
    first, second = of_whom.group(1), of_whom.group(2) or ""
    return _phone_of(first) or _phone_of(first + second)


def _phone_of(text: str) -> str | None:
    """The number question of the first authority `text` names, if it has one."""
    named = authorities_mentioned(text)
    return phone_question(named[0].key) if named else None
