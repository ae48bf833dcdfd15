"""What a form does with an answer it cannot read, so that no question is asked for ever.

The first unclear answer gets the question explained in other words; the second moves on: the
question is skipped where the form can do without it, and the person is offered a way out
(stop the questions, or a human). The count is kept in one slot per conversation and belongs to
the question being asked: any readable answer sets it back to zero.
"""
from __future__ import annotations

import re
from enum import Enum

from bot.logic.questions import SURE_QUESTION
from bot.logic.say import Button, Say
from bot.logic.several_questions import asks_something
from knowledge.text import fold

UNCLEAR_SLOT = "unclear_answers"
# "ja", "ok", "kör": said to "Jag ställer några korta frågor", a go-ahead, not an answer (folded).
_GO_AHEAD = frozenset({"ja", "japp", "jepp", "jo", "ok", "okej", "okey", "oki", "kor", "kor pa", "visst", "absolut",
                       "garna", "sure", "ja ok", "ja okej", "ok kor", "okej kor", "ja kor", "ja visst", "ja garna",
                       "yes"})
MOVE_ON_AFTER = 2
STOP_PAYLOAD = "/stop_questions"
HUMAN_PAYLOAD = "/ask_human"


# How a question starts, or that it ends in a question mark (folded text keeps no punctuation).
_STARTS_A_QUESTION = re.compile(
    r"^(?:(?:okej|ok|men|och|assa|fast|hmm|jo|ja|nej) )*"
    r"(?:vad|hur|kan(?! inte)|far|maste|nar|vem|varfor|finns|behover|ska|blir|ar det|e det|kostar|brukar)\b")


# "vad menar du med svårt?" asks about the form's own question: its explanation answers that.
_ASKS_WHAT_IS_MEANT = re.compile(r"\b(?:menar|menas|betyder|forstar inte|fattar inte|hanger inte med)\b")


# "hoppa över" skips the question asked (as the form says it may), where the model reads stopping them all.
# The words are those every screener question reads as "vet inte" (bot/logic/answers.py).
_ONLY_SKIPS = re.compile(r"^(?:(?:ok|okej|men|kan vi|vi|jag vill|jag)\s+)*(?:hoppa over|skippa|skip)"
                         r"(?:\s+(?:den|det|den fragan|fragan|tack|nu))*$")


def reads_as_a_question(text: str) -> bool:
    """The message asks something, anywhere after an opening yes or no too ("ja vad kostar det", "ja. kan nån
    ringa mig"): then it is no plain answer, whatever its first words answer."""
    return asks_something(text) or bool(_STARTS_A_QUESTION.search(fold(text)))


def only_skips(text: str) -> bool:
    return bool(_ONLY_SKIPS.match(fold(text)))


class UnclearStep(str, Enum):
    EXPLAIN = "explain"  # say the question in other words, then ask it again
    MOVE_ON = "move_on"  # skip it (or stop, if it cannot be skipped) and offer a way out


def unclear_count(slot_value: object) -> int:
    """The slot holds a float (Rasa's type for numbers) or nothing."""
    return int(slot_value) if isinstance(slot_value, (int, float)) else 0


def after_unclear(misses_for_this_question: int) -> UnclearStep:
    return UnclearStep.MOVE_ON if misses_for_this_question >= MOVE_ON_AFTER else UnclearStep.EXPLAIN


def asks_a_question_instead(text: str, question_confidence: float) -> bool:
    """"Kan jag sluta mitt i?" to the age question: a question the selector is sure of is answered instead of
    the form's own question being explained; "vad menar du med svårt?" asks for that explanation."""
    if question_confidence < SURE_QUESTION or _ASKS_WHAT_IS_MEANT.search(fold(text)):
        return False
    return text.rstrip().endswith("?") or bool(_STARTS_A_QUESTION.search(fold(text)))


def explain(question_slot: str) -> Say:
    """The same question in other words, with an example answer (responses `utter_explain_<slot>`)."""
    return Say(response=f"utter_explain_{question_slot}")


def ways_out(*, skipped: bool, human_title: str = "Prata med ett ombud") -> list[Say]:
    """After the second unclear answer: say what happened, and offer to stop or reach a human."""
    said = "utter_question_skipped" if skipped else "utter_question_not_understood_twice"
    buttons = (Button(title="Sluta med frågorna", payload=STOP_PAYLOAD),
               Button(title=human_title, payload=HUMAN_PAYLOAD))
    return [Say(response=said), Say(response="utter_ways_out", buttons=buttons)]


def questions_left_note(remaining: int) -> str | None:
    """'2 frågor kvar', shown before a question, so a long form never feels endless."""
    if remaining <= 0:
        return None
    return "Sista frågan." if remaining == 1 else f"{remaining} frågor kvar."


def goes_ahead(text: str) -> bool:
    """Whether the message only says to go ahead ("ja", "okej kör"), and answers nothing."""
    return fold(text) in _GO_AHEAD
