"""What the question selector (bot/nlu/question_selector.py) made of the latest message."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.logic.questions import QUESTION_INTENT


def _selector_output(tracker: Tracker) -> dict[str, Any]:
    return (tracker.latest_message.get("response_selector") or {}).get(QUESTION_INTENT) or {}


def question_ranking(tracker: Tracker) -> list[dict[str, Any]]:
    """The QuestionSelector's ranking of questions for the latest message, surest first."""
    return _selector_output(tracker).get("ranking") or []


def selected_question(tracker: Tracker) -> tuple[str | None, float]:
    """The question the QuestionSelector chose for typed text, and its confidence (0 when it chose none)."""
    selected = _selector_output(tracker).get("response")
    key = str((selected or {}).get("intent_response_key") or "")
    return key.removeprefix(f"{QUESTION_INTENT}/") or None, float((selected or {}).get("confidence") or 0.0)
