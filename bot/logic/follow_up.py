"""A short follow-up the intent model could not place, read from the answer before it.

"Och en annan klient i Lilla Edet?" after an office answer asks for the office there; "och när
måste jag svara då?" after an answer about Kronofogden asks how long one has; "och af?" after "vad
bestämmer Försäkringskassan om" asks the same about Arbetsförmedlingen. Only a message the model
did not understand is read this way: an understood one is answered as it was understood.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.logic.questions import AUTHORITY_PREFIX, authority_of
from knowledge.queries import question
from knowledge.text import fold

OFFICE_ACTION = "action_find_office"
# How long one has, per authority: the question whose answer gives that time.
DEADLINE_QUESTIONS = {"kronofogden": "kfm_letter", "forsakringskassan": "fk_appeal", "ekonomiskt_bistand": "soc_appeal"}
_ASKS_WHEN = re.compile(r"\b(?:nar|hur lang tid|hur lange|senast|sista dag\w*|inom hur|deadline|tidsgrans|frist)\b")
# "och af", "men kronofogden då?": a follow-up that names another authority is short.
MAX_WORDS_NAMING_ANOTHER = 5
_WORD = re.compile(r"\w+")


def asks_for_another_office(previous_actions: Sequence[str], names_a_sure_place: bool) -> bool:
    """A place named right after an office answer asks for the office there."""
    return names_a_sure_place and OFFICE_ACTION in previous_actions


def follow_up_question(text: str, previous_question: str | None, last_authority: str | None,
                       named_authorities: Sequence[str]) -> str | None:
    """The question a follow-up asks, or None when it is not one of these follow-ups.

    `previous_question` is the one answered just before; `named_authorities` are the authorities the
    message names, in order.
    """
    folded = fold(text)
    kind = previous_question.partition("_")[2] if previous_question and authority_of(previous_question) else None
    if named_authorities and kind and len(_WORD.findall(folded)) <= MAX_WORDS_NAMING_ANOTHER:
        wanted = named_authorities[0]
        same_kind = f"{AUTHORITY_PREFIX[wanted]}_{kind}" if wanted in AUTHORITY_PREFIX else None
        return same_kind if same_kind and question(same_kind) is not None else None
    if not named_authorities and last_authority and _ASKS_WHEN.search(folded):
        return DEADLINE_QUESTIONS.get(last_authority)
    return None
