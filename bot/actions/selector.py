"""What the question selector (bot/nlu/question_selector.py) made of the latest message."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.logic.misunderstanding import SOMETHING_ELSE, guess_buttons
from bot.logic.questions import QUESTION_INTENT
from bot.logic.say import Say


def _selector_output(parsed: dict[str, Any]) -> dict[str, Any]:
    return (parsed.get("response_selector") or {}).get(QUESTION_INTENT) or {}


def question_ranking(tracker: Tracker) -> list[dict[str, Any]]:
    """The QuestionSelector's ranking of questions for the latest message, surest first."""
    return _selector_output(tracker.latest_message).get("ranking") or []


def selected_in(parsed: dict[str, Any]) -> tuple[str | None, float]:
    """The question the QuestionSelector chose for a message as parsed (a user event's parse data), and its
    confidence (0 when it chose none)."""
    selected = _selector_output(parsed).get("response")
    key = str((selected or {}).get("intent_response_key") or "")
    return key.removeprefix(f"{QUESTION_INTENT}/") or None, float((selected or {}).get("confidence") or 0.0)


def selected_question(tracker: Tracker) -> tuple[str | None, float]:
    """The question the QuestionSelector chose for typed text, and its confidence (0 when it chose none)."""
    return selected_in(tracker.latest_message)


def guesses(tracker: Tracker) -> list[Say]:
    """"Menar du …?" with the likeliest topics and questions for the latest message, or a plea to rephrase."""
    buttons = guess_buttons(tracker.latest_message.get("intent_ranking") or [], question_ranking(tracker))
    if not buttons:
        return [Say(response="utter_please_rephrase")]
    return [Say(response="utter_did_you_mean", buttons=(*buttons, SOMETHING_ELSE))]
