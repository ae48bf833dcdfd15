"""Whom a question is about: the writer, or someone else ("kan min syster få ombud?").

A question about someone else goes to what a relative can do, and the screener can be taken on
that person's behalf, saying so: an ombud works only on the person's own wish.
"""
from __future__ import annotations

import re

from knowledge.text import fold

# Folded relation word -> how the bot names that person back ("din syster").
RELATIONS = {
    "syster": "din syster", "syrra": "din syster", "bror": "din bror", "brorsa": "din bror", "son": "din son",
    "dotter": "din dotter", "mamma": "din mamma", "morsa": "din mamma", "mor": "din mamma", "pappa": "din pappa",
    "farsa": "din pappa", "far": "din pappa", "sambo": "din sambo", "fru": "din fru", "man": "din man",
    "make": "din make", "maka": "din maka", "partner": "din partner", "pojkvan": "din pojkvän",
    "flickvan": "din flickvän", "kompis": "din kompis", "van": "din vän", "vaninna": "din väninna",
    "barn": "ditt barn", "granne": "din granne", "kusin": "din kusin", "moster": "din moster", "faster": "din faster",
    "morbror": "din morbror", "farbror": "din farbror", "mormor": "din mormor", "farmor": "din farmor",
    "morfar": "din morfar", "farfar": "din farfar", "klient": "din klient", "brukare": "personen",
    "sister": "your sister", "brother": "your brother", "mother": "your mother", "mum": "your mother",
    "mom": "your mother", "father": "your father", "dad": "your father", "friend": "your friend",
    "daughter": "your daughter", "wife": "your wife", "husband": "your husband",
}
SOMEONE = "personen"
_OWNER = r"(?:min|mitt|mina|var|vart|my|our)"
_WORD = r"([a-z]+)"
_PATTERNS = tuple(re.compile(p) for p in (
    rf"\b(?:kan|far|skulle|could|can) {_OWNER} {_WORD}\b",
    rf"\b(?:for|at|till|hjalpa|help) {_OWNER} {_WORD}\b",
    rf"\b(?:om) {_OWNER} {_WORD}\b",
    rf"\b{_OWNER} {_WORD} (?:behover|mar|har|ar|klarar|orkar|vill|needs|is|has)\b",
))
# Patterns that say the question is for that person even when the writer also says "jag".
_FOR_THEM = _PATTERNS[:2]
_ASKS_FOR_ONESELF = re.compile(r"\b(?:kan|far|skulle) jag\b|\bjag (?:vill ha|vill soka|behover)\b|\bcan i\b")
# "kan han få", "om hon kan få", "åt henne", "för hennes räkning": asked for the person, whoever else is named.
_FOR_HIM_OR_HER = re.compile(
    r"\b(?:kan|far|skulle) (?:han|hon|hen) (?:fa|ha|soka)\b|\b(?:han|hon|hen) (?:kan|skulle kunna) (?:fa|soka)\b"
    r"|\bcan (?:he|she) get\b|\bat (?:honom|henne|hen)\b|\bfor (?:hans|hennes|[a-z]+s) rakning\b")
# Someone the writer can only be writing about: an ombud's or a social worker's client.
_CLIENT = re.compile(r"\b(?:en|min|mina|var|vara) (?:klient|klienter|brukare)\b")
# The person named anywhere, once the question is known to be for someone else: "en dotter på 22", "för min
# systers räkning" (the genitive only there: "min sons pappa" is not the son).
_NAMED = re.compile(rf"\b(?:{_OWNER}|en|ett) ([a-z]+?)(?:s rakning\b|\b)")
# After "en"/"ett" these are mostly not a relation ("en man ringde", "ett far").
_NOT_AFTER_AN = frozenset({"man", "far", "mor"})


def _person(found: re.Match[str]) -> str | None:
    """How the bot names the relation a pattern found ("din syster"), or None when it names nobody."""
    word = found.group(1)
    if word not in RELATIONS or (found.group(0).startswith(("en ", "ett ")) and word in _NOT_AFTER_AN):
        return None
    return RELATIONS[word]


def someone_else(text: str) -> str | None:
    """'din syster' for 'kan min syster få ombud?', 'personen' for 'kan han få ett ombud'; None: the writer."""
    folded = fold(text)
    for_them = bool(_FOR_HIM_OR_HER.search(folded)) or any(
        _person(found) for pattern in _FOR_THEM for found in pattern.finditer(folded))
    # "kan jag få ombud? min far är död": the writer asks for themself; someone else is only named.
    if _ASKS_FOR_ONESELF.search(folded) and not for_them:
        return None
    for pattern in _PATTERNS:
        for found in pattern.finditer(folded):
            if person := _person(found):
                return person
    if _CLIENT.search(folded):
        return RELATIONS["klient"]
    if _FOR_HIM_OR_HER.search(folded):
        return next((person for found in _NAMED.finditer(folded) if (person := _person(found))), SOMEONE)
    return None


# "hon e 40 och har borderline" right after "min syster behöver nån som …": the message goes on about the person
# named before, and says nothing of the writer (folded; Swedish "i" is "in", not the writer).
_GOES_ON_ABOUT = re.compile(r"^\W*(?:(?:och|o|men|sa|but|and) )?(?:han|hon|hen|he|she)\b")
# The writer, anyone ("kan man få …"), or a death: the message is not only about them.
_NOT_ONLY_ABOUT_THEM = re.compile(r"\b(?:jag|ja|mig|mej|me|myself|dog|dott|gick bort|avled)\b"
                                  r"|\b(?:kan|far|ska|maste|om|nar|har) man\b|\bman (?:ar|kan|far|maste|behover)\b")
# How many of the person's messages before it may have named that person.
MESSAGES_BACK = 2


def goes_on_about(text: str, earlier: list[str]) -> str | None:
    """The person a message about "han"/"hon" goes on about ('din syster'), named in one of the last messages
    before it (`earlier`, newest first); None when the message also speaks of the writer or of anyone ("kan man få
    ombud när man är 35?"), or tells of a death."""
    folded = fold(text)
    if not _GOES_ON_ABOUT.match(folded) or _NOT_ONLY_ABOUT_THEM.search(folded):
        return None
    return next((person for before in earlier[:MESSAGES_BACK]
                 if (person := someone_else(before) or _relation_named(before))), None)


def _relation_named(text: str) -> str | None:
    """The first relation the writer names as their own ("min mamma pratar bara somaliska"), however it is used."""
    return next((person for found in _NAMED.finditer(fold(text))
                 if found.group(0).startswith(("min ", "mitt ", "mina ", "my ")) and (person := _person(found))), None)


# "hon bor i Malmö", "min pappa bor kvar i Lund" (folded): where someone else lives.
_THEIR_HOME = re.compile(r"\b(?:han|hon|hen|dom|de|(?:min|mitt|mina|var|vart|vara) \w+) (?:bor|ar skriven|ar bosatt)\b")


# "kan min syster få personligt ombud", "skulle min son kunna ha ett ombud", "passar ombud för min mamma" (folded);
# not how to get one ("hur kan min syster få ombud"), nor whether the writer may apply for someone ("kan jag söka
# ombud åt min bror", which the relative's answer answers).
_OPENING = r"^(?:(?:hej|hallo|hejsan|ok|okej|men|och|o)\W+)*"
_WHETHER_ONE_FITS = re.compile(
    _OPENING + r"(?:(?:kan|far|skulle|borde) (?:min|mitt|mina|var|han|hon|hen)\b(?:\s+\S+){0,4}?\s+(?:fa|ha)\s+"
    r"(?:(?:ett|en|personligt|sant|sadant)\s+)*|passar (?:(?:ett|personligt)\s+)*(?=(?:ombud|ombut|po) (?:for|at) "
    r"(?:min|mitt|mina|var)\b))(?:ombud|ombut|po)\b")


def asks_whether_they_fit(text: str) -> bool:
    """The question whether someone else can have an ombud, which the screener answers on their behalf."""
    return someone_else(text) is not None and bool(_WHETHER_ONE_FITS.search(fold(text)))


def someone_elses_place(text: str) -> bool:
    """The place the message names is someone else's: it asks about them, or says where they live."""
    return someone_else(text) is not None or bool(_THEIR_HOME.search(fold(text)))


# "Vad finns det för hjälp åt oss som föräldrar?", "anhörigstöd": the writer asks support for themself, as a relative
# (folded). Only words that name a relative once å/ä/ö are gone: "far" is also "får", "man" also "one", "mor" and
# "van" begin other phrases ("som får sjukersättning", "som man kan söka", "som far illa").
_AS_A_RELATIVE = ("anhoriga|anhorig|narstaende|foraldrar|foralder|mamma|morsa|pappa|farsa|syster|syrra|brorsa|bror"
                  "|maka|make|sambo|fru|son|dotter|partner|kompis|vaninna")
_SUPPORT = r"(?:stod\w*|hjalp|avlastning|stottning|nan att prata med|nagon att prata med)"
_OWN_SUPPORT_AS_A_RELATIVE = re.compile(
    rf"\b{_SUPPORT}\b.{{0,40}}\b(?:for|till|at) (?:mig|mej|oss)(?: sjalv\w*)? som (?:ar )?(?:{_AS_A_RELATIVE})\b"
    r"|\banhorigstod\w*|\bstod\w* (?:for|till|at) (?:oss )?anhoriga\b")


def asks_support_as_a_relative(text: str) -> bool:
    """Whether the writer asks what support there is for themself as a relative, not for the person."""
    return bool(_OWN_SUPPORT_AS_A_RELATIVE.search(fold(text)))


# "får jag ringa FK för min pappas räkning", "kan jag sköta soc åt min syster", "behöver jag fullmakt för att ringa
# kassan om min brors sjukpenning": the writer asks to handle a matter with an authority for someone else (folded).
# "för" only with the person after it ("ringa för att fråga", "för min del", "för han sa" are not), and "hans" or
# "hennes" only with "räkning" or "ställe": "ompröva hans beslut" may be about the handläggare. All in one sentence.
_RELATION = "|".join(sorted((word for word in RELATIONS if word.isascii() and word not in {"brukare"}), key=len,
                            reverse=True))
_THE_PERSON = rf"(?:(?:{_OWNER}) (?:[a-z]+ )?(?:{_RELATION})|klienten|personen|nagon annan|nan annan)"
_HANDLING = (r"\b(?:ringa|ringer|ring|kontakta|kontaktar|prata|pratar|snacka|mejla|maila|skriva|skriver|sms\w*"
             r"|ta kontakt(?:en)?|ha kontakt(?:en)?|ta over|skota|skoter|ta hand om|ansoka|soka|overklaga|overklagar"
             r"|begara|fylla i|ordna|fixa|boka|lamna in|skicka in|sjukanmala|svara pa|ga dit|ga pa)\b")
_ON_BEHALF = re.compile(
    rf"{_HANDLING}[^.?!]*?\b(?:(?:at|for|istallet for|i stallet for) (?:{_THE_PERSON}|honom|henne|hen)\b"
    rf"|at (?:han|hon|dem|dom)\b|for (?:{_THE_PERSON}s?|hans|hennes|hens) rakning\b|i (?:hans|hennes|hens) stalle\b"
    rf"|om {_THE_PERSON}s [a-z]+|(?:det )?galler {_THE_PERSON}\b)"
    rf"|{_HANDLING} {_THE_PERSON}s [a-z]+|\bsjukanmala {_THE_PERSON}"
    r"|\bfullmakt")
# Asking about a fullmakt is asking how it is done, unless the writer gives one to someone ("ge min mamma fullmakt";
# "hon vill ge mig fullmakt" is the writer's to use).
_GIVING_A_FULLMAKT = re.compile(r"\b(?:ge|ger|gav)\b(?! (?:mig|mej|oss)\b)[^.?!]*?\bfullmakt\w*")


# What is said first to someone asking that: how one handles a matter for another (knowledge/data/rights.yaml).
ON_BEHALF_FACT = "rights.on_behalf"


def asks_on_behalf(text: str) -> bool:
    """Whether the writer asks to contact or handle a matter with an authority for someone else."""
    return bool(_ON_BEHALF.search(_GIVING_A_FULLMAKT.sub("", fold(text))))
