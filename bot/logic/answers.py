"""What a free answer to a form's question means: yes, no, 'vet inte', an age, a duration.

People answer in their own words ("runt 50", "fyller 18 i maj", "inte direkt", "sen 2019"), so
each parser reads the folded text (no case, no å/ä/ö) and returns None only when it cannot tell.
"""
from __future__ import annotations

import datetime as dt
import re

from bot.logic.about_whom import RELATIONS
from knowledge.text import fold

YES, NO, UNKNOWN = "ja", "nej", "vet_inte"
OLDEST_AGE = 120
YOUNGEST_WRITER = 12
# An answer of at least this many months counts as "länge" (the screener's long-term question).
LONG_TERM_MONTHS = 6

_DONT_KNOW = re.compile(
    r"\b(?:vet (?:inte|ej|int)|vete fan|osaker|ingen aning|har ingen aning|vill (?:jag )?inte (?:saga|svara)"
    r"|hoppa over|hoppar over|skippa|skip|minns inte|kommer inte ihag|svart att saga|nja|kanske|vetifan"
    r"|i dont know|dont know|not sure|idk)\b"
)
# Hedged answers: "inte direkt" is a soft no, "ibland" and "typ" a soft yes. A soft answer counts.
_NO = re.compile(
    r"^(?:nej|nae|na|nope|no|inte|absolut inte|inte alls|nej tack|nix|icke|aldrig|inte direkt|inte riktigt"
    r"|inte sa mycket|inte sarskilt|knappast|egentligen inte)\b|\b(?:inte alls|inte direkt|inte sarskilt|knappast)\b"
)
_YES = re.compile(
    r"^(?:ja|japp|jo|jaa|jaaa|jae|yes|yep|absolut|stammer|precis|sa ar det|jada|verkligen|typ|ibland|ofta"
    r"|mycket|lite|delvis|ganska|ratt|sjalvklart|sakert|klart|definitivt|hela tiden|varje dag|alltid"
    r"|det gor det|det har det|de gor det|oh ja|aa|mm|mhm)\b"
)

# A yes said outright, to a question that only asks to confirm: "ja precis, bra gissat".
_PLAIN_YES = re.compile(
    r"^(?:ja|japp|jepp|jupp|jo|jaa|jaja|yes|yep|yup|absolut|stammer|precis|jada)\b(?!\W*(?:inte|ej)\b)")
_NO_ANYWHERE = re.compile(r"\b(?:nej|nae|inte|ej|icke)\b")
# "stämmer inte", "gör det inte": the no comes after the verb.
_DENIED = re.compile(r"\b(?:stammer|gor|har|ar|galler) (?:det |nog |val )?(?:inte|ej)\b")
# "ganska bra", "mycket bra": an answer about how things are, not a yes to a question about trouble.
_ONLY_FINE = re.compile(r"\b(?:bra|fint|okej|ok)\b")

_WORD_UNITS = {"noll": 0, "ett": 1, "en": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
               "atta": 8, "nio": 9}
_WORD_TEENS = {"tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
               "sjutton": 17, "arton": 18, "aderton": 18, "nitton": 19}
_WORD_TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "attio": 80,
              "nittio": 90}
_BORN = re.compile(r"\bfodd (?:i |ar )?(?:(19|20)(\d\d)|(\d\d))\b")
_TURNS = re.compile(r"\b(?:fyller|blir|snart|nastan) (\d{1,3})\b")
_OVER = re.compile(r"\b(?:over|mer an|aldre an) (\d{1,3})\b")
_UNDER = re.compile(r"\b(?:under|yngre an|inte fyllt|inte|inte ens) (\d{1,3})\b")
# Numbers that are not an age: "3 barn", "50 procent", "3 veckor", "i 10 år", "sedan 2019".
_NOT_AN_AGE = re.compile(
    r"\b\d{1,3} (?:barn|procent|veckor|vecka|manader|manad|dagar|dag|ganger|gang|timmar|kr|kronor|st)\b|%"
    r"|\b(?:i|sedan|sen|pa) \d{1,3} ar\b|\b\d{1,3} ar (?:sedan|sen)\b"
)
_YEARS_OLD = re.compile(r"\b(\d{1,3}) (?:ar|years?|ar gammal|bast)\b")
_I_AM = re.compile(r"\b(?:jag ar|ar|im|i am|age) (\d{1,3})\b")
_ANY_NUMBER = re.compile(r"\b(\d{1,3})\b")


def dont_know(text: str) -> bool:
    """'vet inte', 'ingen aning', 'hoppa över': the person does not know or will not say."""
    return bool(_DONT_KNOW.search(fold(text)))


def yes_no(text: str) -> str | None:
    """YES, NO or UNKNOWN from 'ja', 'typ', 'ibland', 'inte direkt', 'vet inte riktigt'; None when unclear."""
    folded = fold(text)
    if _DONT_KNOW.search(folded):
        return UNKNOWN
    if _NO.search(folded) or _DENIED.search(folded):
        return NO
    if _YES.search(folded) and not _ONLY_FINE.search(folded):
        return YES
    return None


def confirms(text: str) -> bool:
    """A yes said outright to "Menar du Uppsala?": "ja precis, bra gissat" confirms, though a "bra" would make
    the answer to "is daily life hard?" unclear ("ja det går bra")."""
    said, folded = yes_no(text), fold(text)
    return said == YES or (said is None and bool(_PLAIN_YES.search(folded)) and not _NO_ANYWHERE.search(folded))


# Where an opening yes or no ends: "typ ja, jag klarar inte räkningar", "nä, det gör hon inte".
_FIRST_CLAUSE = re.compile(r"[,.;:!?]|\s(?:men|fast|och|for|eftersom)\s", re.IGNORECASE)
_MOST_WORDS_IN_A_YES = 3


# "kan inte hantera posten", "har svårt med räkningarna": a difficulty told answers "is daily life hard?" (folded).
_A_DIFFICULTY = re.compile(r"(?<!inte )\b(?:kan (?:inte|int|ej)|klarar (?:inte|int|ej)|orkar (?:inte|int|ej)"
                           r"|fixar (?:inte|int|ej)|(?:har |ar )?svart (?:att|med))\b")


# "kan inte svara på det", "svårt att veta": not knowing the answer, not a difficulty (folded).
_CANNOT_SAY = re.compile(r"\b(?:kan (?:inte|int|ej)|svart att) (?:svara|saga|veta|forklara|avgora)\b"
                         r"|\bforstar (?:inte|int|ej) fragan\b")
# Before the difficulty, a negation or someone else ("min sambo har svårt med det", "tycker inte jag har svårt").
_NOT_THE_WRITERS = re.compile(r"\b(?:inte|ej|aldrig|han|hon|hen|min|mitt|mina|dom|de)\b")


def hard_in_daily_life(text: str) -> str | None:
    """YES, NO or UNKNOWN to "does it make daily life hard?": as `yes_no`, or YES when the writer tells a difficulty
    of their own; not knowing what to answer is UNKNOWN."""
    folded = fold(text)
    if _CANNOT_SAY.search(folded):
        return UNKNOWN
    said = yes_no(text)
    if said is not None:
        return said
    told = _A_DIFFICULTY.search(folded)
    return YES if told and not _NOT_THE_WRITERS.search(folded[:told.start()]) else None


def opens_with_yes_or_no(text: str) -> bool:
    """The message opens with a yes, a no or "vet inte" of at most three words, whatever follows."""
    first = _FIRST_CLAUSE.split(text.strip(), maxsplit=1)[0]
    return len(first.split()) <= _MOST_WORDS_IN_A_YES and yes_no(first) is not None


def _number_in_words(folded: str) -> int | None:
    for word in folded.split():
        if word in _WORD_TEENS:
            return _WORD_TEENS[word]
        for ten, value in _WORD_TENS.items():
            if word.startswith(ten):
                rest = word[len(ten):]
                if not rest:
                    return value
                if rest in _WORD_UNITS:
                    return value + _WORD_UNITS[rest]
    return None


def _plausible(age: int) -> int | None:
    return age if 0 < age < OLDEST_AGE else None


def age(text: str, today: dt.date | None = None) -> int | str | None:
    """'runt 50' -> 50, 'fyller 18 i maj' -> 17, 'född 1990' -> age now, 'vet inte' -> UNKNOWN."""
    folded = fold(text)
    if _DONT_KNOW.search(folded):
        return UNKNOWN
    year_now = (today or dt.date.today()).year
    if born := _BORN.search(folded):
        year = int(born.group(1) + born.group(2)) if born.group(1) else int(born.group(3))
        if year < 100:
            year += 2000 if year <= year_now % 100 else 1900
        return _plausible(year_now - year)
    if (person := _age_in_a_clause(text, _PERSON_AGED)) is not None:
        return person
    folded = _NOT_AN_AGE.sub(" ", folded)
    if turns := _TURNS.search(folded):
        return _plausible(int(turns.group(1)) - 1)
    if over := _OVER.search(folded):
        return _plausible(int(over.group(1)) + 1)
    if under := _UNDER.search(folded):
        return _plausible(int(under.group(1)) - 1)
    for pattern in (_YEARS_OLD, _I_AM, _ANY_NUMBER):
        if found := pattern.search(folded):
            return _plausible(int(found.group(1)))
    return _number_in_words(folded)


# "hallå e 15 kan man få ombud", "Är 16, får jag…": the subject left out, as texts often do, at a clause's start, and
# only with the clause ending there or going on to something new: "är 16 för ungt?", "ring, är 15 ok?" (a time), "är
# 40 mil dit" are no ages.
_SUBJECT_LEFT_OUT = (r"(?:^|\b(?:hej|hejsan|halla|hallo|tja|tjena|ok|okej|nej|assa|men) )(?:ar|e) (\d{1,3})(?: ar)?"
                     r"(?= (?:och|o|men|kan|far|gar|ska|vill|har|bor|mar|undrar|behover|btw|da)\b|$)")
_STATED_AGE = re.compile(r"\b(?:jag|ja|jg) (?:ar|e|har fyllt) (\d{1,3})"
                         r"(?! (?:procent|veckor|manader|dagar|ar (?:sedan|sen|sjukskriv)))\b"
                         rf"|{_SUBJECT_LEFT_OUT}"
                         r"|\b(\d{1,3}) ar gammal\b|\b(\d{1,3}) bast\b")
# A clock time ("14.30") is never an age; taken out before folding turns it into two numbers.
_CLOCK = re.compile(r"\b\d{1,2}[.:]\d{2}\b")


def stated_age(text: str) -> int | None:
    """An age said in passing in a longer message ('jag är 34 och har FK och soc'); None if none is clear.

    Stricter than `age`, which reads an answer to "Hur gammal är du?": here a bare number could be
    anything (a year, a sum, a count of children).
    """
    folded = fold(text)
    if turns := re.search(r"(?:^|\bjag )(?:fyller|blir) (\d{1,3})\b", folded):
        return _plausible(int(turns.group(1)) - 1)
    stated = _age_in_a_clause(text, _STATED_AGE)
    stated = stated if stated is not None else _age_in_a_clause(text, _PERSON_AGED)
    # "ja e 1 av 3 syskon", "jag e 2 år efter med hyran": nobody this young writes here about themselves.
    return stated if stated is not None and stated >= YOUNGEST_WRITER else None


# "ja. 29 år", "jepp, 43": a yes to an offer, then only an age (folded).
_AGE_AFTER_A_YES = re.compile(r"(?:ja|japp|jepp|jo|yes|absolut|garna|ok|okej|visst)(?: (?:tack|garna))?"
                              r" (?:(?:jag|ja) (?:ar|e) )?(\d{1,3})(?: ar)?(?: gammal)?")


def age_after_a_yes(text: str) -> int | None:
    """The age in a yes that says nothing else ("ja. 29 år"), or None."""
    found = _AGE_AFTER_A_YES.fullmatch(fold(text))
    return _plausible(int(found.group(1))) if found else None


# An age said to correct an earlier answer, the number closing its clause: "nej förlåt, ja e 16 egentligen",
# "jag är 45 år alltså". A number with anything else after it ("jag är 3 år sjukskriven", "ja e 50%
# sjukskriven") is not read as an age here.
_CORRECTED_AGE = re.compile(
    r"\b(?:jag|ja|jg) (?:ar|e|har fyllt) (\d{1,3})(?: ar)?(?: gammal)?"
    r"(?: (?:egentligen|faktiskt|alltsa|forresten|nu|ju))*$"
    r"|\b(\d{1,3}) ar gammal$")
_CLAUSE_END = re.compile(r"[.,;!?\n]+")
_SHARE = re.compile(r"\d+\s*%")


def _age_in_a_clause(text: str, pattern: re.Pattern[str]) -> int | None:
    # Clause by clause, since folding drops the comma that ends "han är 58, har …"; a share ("50%") is never an
    # age, and is taken out before folding drops its sign ("jag är 16 och har 50% aktivitetsersättning").
    for clause in _CLAUSE_END.split(_CLOCK.sub(" ", text)):
        folded = fold(_SHARE.sub(" ", clause))
        if found := pattern.search(folded):
            return _plausible(int(next(group for group in found.groups() if group)))
    return None


def corrected_age(text: str) -> int | None:
    """An age stated plainly in a clause of its own ('ja e 16 egentligen'), or None."""
    return _age_in_a_clause(text, _CORRECTED_AGE)


# What may follow an age inside its clause: nothing, or a word that starts something new. "min man på 3 år
# har adhd" and "han är 3 år sjukskriven" are durations, "mamma på 3 barn" a count (all folded).
_AFTER_PA_AGE = r"(?: ar)?(?= (?:och|o|men|med|som|bor)\b|$)"
_AFTER_AR_AGE = r"(?: ar)?(?: gammal)?(?= (?:och|o|men|med|som|bor|har)\b|$)"
# "jag är en man på 71 år": the writer, as a person of that age. Not "en son på 27" said by his mother.
_PERSON_AGED = re.compile(r"\b(?:jag|ja) (?:ar|e) (?:en |ett )?(?:\w+ )?(?:man|kvinna|tjej|kille|person|pojke"
                          r"|flicka|mamma|pappa|pensionar|gubbe|dam|student) pa (\d{1,3})" + _AFTER_PA_AGE)
# The one written about: "han är 58", "min bror som är 58", "en son på 27".
_RELATION = "(?:" + "|".join(sorted(RELATIONS, key=len, reverse=True)) + ")"
# "hon har ett barn på 3 år": the age of a child she has, not of the one written about.
_RELATION_AGED = "(?:" + "|".join(sorted(set(RELATIONS) - {"barn"}, key=len, reverse=True)) + ")"
# The same person named on their own: "sonen", "dottern", "klienten".
_RELATION_DEFINITE = r"(?:sonen|dottern|brodern|systern|mamman|pappan|sambon|kompisen|klienten|vannen)"
_THEIR_AGE = re.compile(
    rf"\b(?:han|hon|hen|{_RELATION} som|(?:min|mitt|var) {_RELATION}|{_RELATION_DEFINITE})"
    rf" (?:ar|e|har fyllt) (\d{{1,3}})" + _AFTER_AR_AGE
    + rf"|\b(?:{_RELATION_AGED}|{_RELATION_DEFINITE}) pa (\d{{1,3}})" + _AFTER_PA_AGE)


def their_age(text: str) -> int | None:
    """The age of the person a relative or friend writes about ('han är 58', 'min son på 27'), or None."""
    return _age_in_a_clause(text, _THEIR_AGE)


_MONTHS_PER = {"ar": 12, "aar": 12, "man": 1, "year": 12, "years": 12, "manad": 1, "manader": 1, "manaderna": 1,
               "month": 1, "months": 1, "vecka": 0.25, "veckor": 0.25, "week": 0.25, "weeks": 0.25,
               "dag": 0.03, "dagar": 0.03, "day": 0.03, "days": 0.03}
_AMOUNT_UNIT = re.compile(
    r"\b(\d{1,2}|ett|en|tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|femton|tjugo|trettio|nagra|flera|manga"
    r"|par|ett par)\s+(ar|aar|years?|manad(?:er|erna)?|man|months?|veck(?:a|or)|weeks?|dag(?:ar)?|days?)\b"
)
_SINCE_YEAR = re.compile(r"\b(?:sen|sedan|since|fran|fr o m|fom) (?:ar )?((?:19|20)\d\d)\b")
_LIFELONG = re.compile(
    r"\b(?:hela (?:livet|mitt liv)|alltid|(?:sen|sedan) (?:jag var |barndomen|tonaren|ung|liten|barn)|i alla ar"
    r"|sa lange jag minns|manga ar|flera ar|i aratal|aratal|lange|lang tid|all my life|for years)\b"
)
_HALF_YEAR = re.compile(r"\b(?:halvar|ett halvt ar|halvt ar)\b")
_SHORT = re.compile(r"\b(?:nyss|precis borjat|bara nagra dagar|kort tid|inte (?:sa |speciellt |sarskilt )?lange|"
                    r"ett tag bara|nyligen)\b")
# The number words above, plus the vague counts people give for a duration.
_COUNT_WORDS = {**_WORD_UNITS, **_WORD_TEENS, **_WORD_TENS, "par": 2, "ett par": 2, "nagra": 3, "flera": 3,
                "manga": 5}
# "under ett halvår", "mindre än ett år": a little less than the amount named.
_LESS_THAN = re.compile(r"\b(?:under|mindre an|inte ens|knappt)\b")


def months(text: str, today: dt.date | None = None) -> float | None:
    """How long something has lasted, in months: 'typ 5 år' -> 60, 'sen 2019', 'ett halvår' -> 6."""
    lasted = _months(fold(text), today)
    if lasted is not None and _LESS_THAN.search(fold(text)):
        return lasted * 0.9
    return lasted


def _months(folded: str, today: dt.date | None) -> float | None:
    if _HALF_YEAR.search(folded):
        return 6.0
    if found := _AMOUNT_UNIT.search(folded):
        amount, unit = found.group(1), found.group(2)
        count = int(amount) if amount.isdigit() else _COUNT_WORDS.get(amount, 1)
        return count * _MONTHS_PER[unit]
    if since := _SINCE_YEAR.search(folded):
        year_now = (today or dt.date.today()).year
        return max(0, year_now - int(since.group(1))) * 12.0
    if _SHORT.search(folded):
        return 1.0
    if _LIFELONG.search(folded):
        return 120.0
    return None


def long_term(text: str, today: dt.date | None = None) -> str | None:
    """The screener's 'has it lasted long?': a yes or no, or a duration read as one."""
    if _SHORT.search(fold(text)):
        return NO
    lasted = months(text, today)
    if lasted is not None:
        return YES if lasted >= LONG_TERM_MONTHS else NO
    return yes_no(text)
