"""A short message that plainly answers the question a form just asked ("24.", "Jag är 51 år.",
"ja", "Sala") is that answer, not a sign of crisis the classifier alone suspected.

The classifier's crisis probability alone only ever leads to a check-in (assessment.py). Inside a
form, short answers were its most common false alarm: numbers, yes and no, place names. Words of
crisis are read by the lexicon before this, so a plain answer never hides them; and no crisis
message in the training corpus of at most MAX_ANSWER_WORDS words reads as any of these answers
(tests/test_crisis_form_answers.py checks that on every training example).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from bot.logic import answers
from bot.logic.handoff import CHANGE_CHOICES
from bot.logic.handoff_answers import (SKIPPED, contact_in, is_only_skip, is_skip, parse_approval, parse_contact_time,
                                       parse_ombud_wish)
from bot.logic.offices import decide_place
from bot.logic.forms import reads_as_a_question
from knowledge.queries import find_municipality
from knowledge.text import fold

MAX_ANSWER_WORDS = 5
EXACT_PLACE = 100.0  # the whole message names the place ("bor i Sala"), not a word that looks like one
_BARE_AGE = re.compile(r"\W*\d{1,3}\W*(?:år|ar)?\W*", re.IGNORECASE)
# "runt 50 år", "typ 40", "fyller 18 i maj": a hedged age is still only an age (read on folded text).
_HEDGED_AGE = re.compile(r"\W*(?:runt|typ|ca|cirka|omkring|ungefar|nastan|drygt|snart|fyller)\s+\d{1,3}\W*(?:ar)?"
                         r"(?:\s+i\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november"
                         r"|december|host|var|sommar|vinter))?\W*")


# "Jag är 51 år.", "e 17", "jag e 17 faktiskt", "51 år gammal", "ja 63 år", "jag fyller 18 i maj", "e en tjej på 16": the age and nothing
# after it (folded).
_SAID_AGE = re.compile(r"(?:(?:jag|ja|jg) )?(?:(?:ar|e|har fyllt) \d{1,3}(?: ar)?(?: gammal)?"
                       r"|(?:ar|e) (?:en |ett )?(?:\w+ )?(?:man|kvinna|tjej|kille|person|pensionar) pa \d{1,3}(?: ar)?"
                       r"|(?:fyller|blir) \d{1,3}(?: ar)?(?: i \w+)?|\d{1,3} (?:ar gammal|ar|bast))"
                       r"(?: (?:egentligen|faktiskt|alltsa|nu|ju))*")


def _is_an_age(text: str) -> bool:
    # "har tagit 30 alvedon" holds a number too, and "e 14, han slår mig" says more than an age: only a bare
    # number or an age said alone is an age.
    folded = fold(text)
    return bool(_BARE_AGE.fullmatch(text)) or bool(_HEDGED_AGE.fullmatch(folded)) or bool(_SAID_AGE.fullmatch(folded))


def _is_a_place(text: str) -> bool:
    found = find_municipality(text)
    return bool(found) and found[0].score >= EXACT_PLACE and decide_place(found).sure is not None


def _yes_or_no(text: str) -> bool:
    return answers.yes_no(text) is not None


# "sen 2018", "typ tre år", "i många år", "ett halvår ungefär", "länge", "nej": how long, and nothing more (folded); not
# "för alltid", "nio dagar" or "två månader kvar", which say something else.
_HEDGE = r"(?:typ|ca|cirka|ungefar|kanske|nog|runt|omkring|drygt|nastan|over|minst|i|sen|sedan|fran|hallit pa)"
_AMOUNT = (r"(?:(?:\d{1,2}|ett|en|tva|tre|fyra|fem|sex|sju|atta|nio|tio|manga|flera|nagra|ett par) (?:ar|manader|manad)"
           r"|(?:ett )?halvar|(?:19|20)\d\d)(?: (?:typ|ungefar|kanske|tror jag|eller nat|eller sa))?")
_DURATION = re.compile(rf"(?:{_HEDGE} )*{_AMOUNT}|ja|jo|japp|javisst|nej|nae|nope|inte (?:sa |sarskilt )?lange"
                       r"|(?:ja |jo )?(?:(?:jatte|valdigt|ratt) ?)?lange")
# "Länge. 4 år", "flera år, sen 2018 ungefär": a duration said in parts, each of them a duration, none of them twice,
# and not a yes beside a no. Nothing but words and punctuation: a face or a knife beside "länge" says more.
_PARTS = re.compile(r"\s*[.,!;]+\s*")
_ONLY_WORDS = re.compile(r"[\w\s.,!?;:'-]+")
_YES_OR_NO = re.compile(r"ja|jo|japp|javisst|nej|nae|nope")
_NO_WORD = re.compile(r"nej|nae|nope")


def _a_duration(text: str) -> bool:
    if not _ONLY_WORDS.fullmatch(text.strip()):
        return False
    # Split before folding, which takes the punctuation away.
    parts = [fold(part) for part in _PARTS.split(text.strip()) if fold(part)]
    yes_or_no = [part for part in parts if _YES_OR_NO.fullmatch(part)]
    # A no stands alone: "nej. länge" says both.
    said_no = any(_NO_WORD.fullmatch(part) for part in parts)
    return (bool(parts) and len(set(parts)) == len(parts) and len(yes_or_no) <= 1 and not (said_no and len(parts) > 1)
            and all(_DURATION.fullmatch(part) for part in parts))


def _a_time(text: str) -> bool:
    # The reader takes any skip word ("ingen orkar") for "any time"; here only a time counts (a bare
    # skip is read for every question in is_plain_answer).
    return parse_contact_time(text) is not None and not is_skip(text)


def _a_wish(text: str) -> bool:
    return parse_ombud_wish(text) not in (None, SKIPPED)


# Only questions whose answers have a strict shape; free text (a name, own words) is never plain.
_READERS: dict[str, Callable[[str], bool]] = {
    "screen_age": _is_an_age,
    "screen_hard": _yes_or_no,
    "screen_long_term": _a_duration,
    "screen_coordinated": _yes_or_no,
    "screen_place": _is_a_place,
    "handoff_person_agrees": _yes_or_no,
    "handoff_place": _is_a_place,
    "handoff_contact_value": lambda text: contact_in(text) is not None,
    "handoff_contact_time": _a_time,
    "handoff_ombud_wish": _a_wish,
    "handoff_share_transcript": _yes_or_no,
    "handoff_change": lambda text: fold(text).strip(" .!") in CHANGE_CHOICES,
    "handoff_confirm": lambda text: parse_approval(text) is not None,
}


# A word around an answer that adds nothing to it: "bruh. fyller 18 i maj tho". One at each end at most, and
# the words are counted with them, so that they never make a longer message short enough to pass.
_FILLER = r"(?:bruh|tho|lol|haha\w*|mb|btw|ngl|asså|alltså|liksom)"
_AROUND = re.compile(rf"^\W*{_FILLER}\b\W*|\W*\b{_FILLER}\W*$", re.IGNORECASE)


def is_plain_answer(asked: str | None, text: str) -> bool:
    """Whether `text` is a short, readable answer to the form question `asked` (a slot name)."""
    reader = _READERS.get(asked or "")
    if reader is None or len(text.split()) > MAX_ANSWER_WORDS:
        return False
    answer = _AROUND.sub(" ", text).strip() or text
    # "vet inte", "hoppa över", "spelar ingen roll" answer every question.
    return answers.dont_know(answer) or is_only_skip(answer) or reader(answer)


# Questions answered with a yes or a no.
_ASKED_YES_OR_NO = frozenset({"screen_hard", "screen_long_term", "screen_coordinated", "handoff_person_agrees",
                              "handoff_share_transcript"})


def answers_the_form(asked: str | None, text: str) -> bool:
    """A message the model read as another topic is still the answer to the form's question `asked` when it asks
    nothing and is a plain answer ("ja 63 år" read as a greeting), or opens with a yes or no to a yes-or-no question
    ("typ ja, jag klarar inte räkningar eller att handla själv" read as having no money)."""
    if reads_as_a_question(text):
        return False
    return is_plain_answer(asked, text) or (asked in _ASKED_YES_OR_NO and answers.opens_with_yes_or_no(text))


def asks_for_free_text(asked: str | None) -> bool:
    """A form question whose answer is the person's own words ("Skriv med egna ord …"): any message may be
    the answer, so it is not taken for a question of its own."""
    return asked is not None and asked not in _READERS


def readers() -> tuple[str, ...]:
    """The questions a plain answer is recognised for."""
    return tuple(_READERS)
