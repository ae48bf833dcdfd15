"""Does personligt ombud seem to fit? A screening that informs and never decides.

SFS 2013:522 2 §: 18 or older, a psychiatric disability with significant difficulties in
daily life, complex needs over a long time, several authorities and care providers
involved. An office's own rules (age caps, requirements) come on top and are named.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bot.logic.about_whom import someone_else
from bot.logic.answers import NO, UNKNOWN, YES, corrected_age, dont_know, stated_age
from bot.logic.answers import age as read_age
from bot.logic.say import Button, Say
from knowledge.records import Office
from knowledge.text import fold

# SFS 2013:522 2 §, as the knowledge base's po.target_group says; a test keeps the two in step.
ADULT_AGE = 18
# What someone under 18 is told instead of PO: where young people get help, and Bris.
UNDER_18_HELP = ("alt.young_people", "crisis.children_line")
SEVERAL = 2

_NONE = re.compile(r"^(?:ingen|inga|ingen alls|inte nagon|ingen av dem)\b")
# Care is named by these words ("psykiatrin", "vårdcentralen"), so the knowledge base's combined
# care entry is not counted again as an authority.
CARE_AUTHORITY = "psykiatri_1177"
# Care and support contacts people name, beyond the authorities the knowledge base knows by alias.
CARE_WORDS = {
    "psykiatri": "psykiatrin", "psyk": "psykiatrin", "vardcentral": "vårdcentralen", "bup": "BUP",
    "boendestod": "boendestöd", "god man": "god man", "hemtjanst": "hemtjänsten", "beroendevard": "beroendevården",
    "lakare": "läkare", "kurator": "kurator", "psykolog": "psykolog", "lss": "LSS-handläggare",
}


# The screener's questions (slots of eligibility_form) in the order they are asked.
QUESTIONS = ("screen_age", "screen_hard", "screen_long_term", "screen_contacts", "screen_coordinated", "screen_place")
QUESTION_TITLES = {
    "screen_age": "Ålder", "screen_hard": "Svårt i vardagen", "screen_long_term": "Hur länge",
    "screen_contacts": "Vilka du har kontakt med", "screen_coordinated": "Om de pratar med varandra",
    "screen_place": "Kommun",
}
# Words people use to name a question they want to answer again ("ändra åldern", "fel kommun").
_QUESTION_NAMES = (
    ("screen_age", r"alder\w*|gammal|fodd"),
    ("screen_place", r"kommun\w*|bor|stad|ort|stadsdel"),
    ("screen_coordinated", r"samordn\w*|samarbet\w*|varandra|pratar med"),
    ("screen_long_term", r"lange|langre|lang tid|varat|hur lange"),
    ("screen_contacts", r"myndighet\w*|kontakt\w*|fk|af|soc|psyk\w*|vardcentral\w*"),
    ("screen_hard", r"svart|svarighet\w*|vardag\w*|mar daligt|psykisk\w*|ohalsa"),
)
_COMPILED_QUESTION_NAMES = tuple((slot, re.compile(rf"\b(?:{words})\b")) for slot, words in _QUESTION_NAMES)


def named_question(text: str) -> str | None:
    """The screener question a message names, if any: 'jag vill ändra min ålder' -> 'screen_age'."""
    folded = fold(text)
    return next((slot for slot, words in _COMPILED_QUESTION_NAMES if words.search(folded)), None)


# "vänta", "fel", "inte 23": words that say an earlier answer is being changed.
_CHANGE_WORDS = re.compile(r"\b(?:andra\w*|fel\w*|ratta\w*|vanta|menade|skrev|inte|egentligen|ljog|"
                           r"korrigera\w*|byt\w*|istallet)\b")


def says_a_change(text: str) -> bool:
    """Whether a message says that an answer is changed, rather than simply being an answer ("jag är 40")."""
    return bool(_CHANGE_WORDS.search(fold(text))) or named_question(text) is not None


def question_to_change(named: str | None, answered: list[str], asking: str | None) -> str | None:
    """Which answer to ask again: the one named, else the one just before the question being asked.

    Without a name and outside the form there is no "previous question", so None: ask which one. Outside the form
    an answer never given is nothing to change ("27. bor i nacka" read as changing the age and the place).
    """
    if named in QUESTIONS and (asking is not None or named in answered):
        return named
    if asking in QUESTIONS:
        earlier = [slot for slot in answered if QUESTIONS.index(slot) < QUESTIONS.index(asking)]
        return earlier[-1] if earlier else None
    return None


# The question whose answer says what age means for an ombud, and who else helps the young.
AGE_QUESTION = "po_age"


def tells_an_age(text: str) -> bool:
    """'nej förlåt, ja e 16 egentligen': an age said in a clause of its own. With no screener answer to
    change, it is news, answered with what age means for an ombud (AGE_QUESTION)."""
    return corrected_age(text) is not None


def which_answer(answered: list[str]) -> Say:
    """A question with one button per answer given, each naming the question to ask again."""
    buttons = tuple(
        Button(title=QUESTION_TITLES[slot], payload=f'/change_answer{{"question":"{slot}"}}') for slot in answered
    )
    return Say(response="utter_which_answer", buttons=buttons)


def parse_contacts(text: str, authority_names: list[str]) -> list[str] | str | None:
    """Who the person has contact with: authority names from the knowledge base and care words."""
    folded = fold(text)
    if dont_know(folded):
        return UNKNOWN
    found = list(authority_names)
    for word, label in CARE_WORDS.items():
        if re.search(rf"\b{word}", folded) and label not in found:
            found.append(label)
    if found:
        return found
    if _NONE.search(folded):
        return []
    return None


class Outcome(str, Enum):
    FITS = "fits"
    ASK_THE_OFFICE = "ask_the_office"
    OTHER_HELP = "other_help"


@dataclass(frozen=True)
class AgeSaidLater:
    """An age said plainly while the screener asks something else."""

    age: int
    corrects: bool  # another age was given before: this one replaces it, and the question is asked again

    @property
    def said_back(self) -> str:
        return f"Jag ändrar din ålder till {self.age} år."


def age_said_later(text: str, known: str | None) -> AgeSaidLater | None:
    """"nej förlåt, ja e 16 egentligen" to a later question: the age, and whether it corrects one given
    before (then the yes or no in the message is about that, not about the question asked). None when the
    message states no age, or the same one."""
    stated = corrected_age(text)
    if stated is None or str(stated) == known:
        return None
    return AgeSaidLater(stated, corrects=isinstance(read_age(known or ""), int))


@dataclass(frozen=True)
class Answers:
    age: int | str | None
    daily_life_hard: str | None
    long_term: str | None
    contacts: list[str] | str | None
    coordinated: str | None


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    reasons: tuple[str, ...]  # names of responses in domain.yml that explain the outcome
    office_limits: tuple[str, ...]  # the office's own rules that were applied, in its words
    under_18: bool


def too_young(age: object) -> bool:
    """An age under 18 decides the screener at once: PO is for adults, so nothing more is asked."""
    return isinstance(age, int) and age < ADULT_AGE


def assess(answers: Answers, office: Office | None = None) -> Assessment:
    age = answers.age if isinstance(answers.age, int) else None
    contacts = answers.contacts if isinstance(answers.contacts, list) else None
    reasons: list[str] = []
    limits: list[str] = []
    if too_young(age):
        return Assessment(Outcome.OTHER_HELP, ("utter_reason_too_young",), (), True)
    if answers.daily_life_hard == NO:
        return Assessment(Outcome.OTHER_HELP, ("utter_reason_not_hard",), (), False)

    outside_office_age = office is not None and age is not None and (
        (office.age_max is not None and age > office.age_max) or (office.age_min is not None and age < office.age_min)
    )
    if outside_office_age and office is not None:
        limits.append(f"{office.name} tar emot dig som är {office.age_min or ADULT_AGE}–{office.age_max} år.")
    if office is not None:
        limits += list(office.requirements)

    reasons.append("utter_reason_adult" if age is not None else "utter_reason_age_unknown")
    reasons.append("utter_reason_hard" if answers.daily_life_hard == YES else "utter_reason_hard_unknown")
    if answers.long_term == YES:
        reasons.append("utter_reason_long_term")
    elif answers.long_term == NO:
        reasons.append("utter_reason_short_term")
    if contacts is not None and len(contacts) >= SEVERAL:
        reasons.append("utter_reason_several_contacts")
    elif contacts is not None:
        reasons.append("utter_reason_few_contacts")
    if answers.coordinated == NO:
        reasons.append("utter_reason_not_coordinated")

    clear = (
        age is not None and answers.daily_life_hard == YES and answers.long_term == YES
        and contacts is not None and len(contacts) >= SEVERAL
    )
    unlikely = answers.long_term == NO and contacts is not None and len(contacts) < SEVERAL
    if unlikely:
        outcome = Outcome.OTHER_HELP
    elif clear and not outside_office_age:
        outcome = Outcome.FITS
    else:
        outcome = Outcome.ASK_THE_OFFICE
    return Assessment(outcome, tuple(reasons), tuple(limits), False)


def writer_under_adult_age(text: str, kept_age: str | None, kept_age_is_someone_elses: bool,
                           earlier: Sequence[str] = ()) -> bool:
    """The writer has said they are under 18, for whom PO is not meant: in this message ("jg e 16, finns det
    ombud i uppsala?"), to the screener about themselves, or else in an `earlier` message (newest first). A
    message about someone else is not about them."""
    if someone_else(text) is not None:
        return False
    said = stated_age(text)
    if said is not None:
        return too_young(said)
    kept = read_age(kept_age or "")
    if isinstance(kept, int) and not kept_age_is_someone_elses:
        return too_young(kept)
    for message in earlier:
        if someone_else(message) is None and (said := stated_age(message)) is not None:
            return too_young(said)
    return False
