"""Setting the question a message asks, for the rule-based components that know better than the question
selector ("hur ringer jag forsäkrings kasan" is the question about its number, whatever the selector picked)."""
from __future__ import annotations

from typing import Any

from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intents import QUESTION_INTENT, selector_output


def choose_question(message: Message, ranking: list[dict[str, Any]]) -> None:
    """The top of `ranking` becomes the selector's pick, with its confidence; the ranking is kept as given."""
    selected = selector_output(message)
    key, confidence = ranking[0]["intent_response_key"], ranking[0]["confidence"]
    response = {**(selected.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}), "confidence": confidence,
                "intent_response_key": key, "utter_action": f"utter_{key}"}
    properties = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
    properties[QUESTION_INTENT] = {**selected, RESPONSE_SELECTOR_PREDICTION_KEY: response,
                                   RESPONSE_SELECTOR_RANKING_KEY: ranking}
    message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)


def choose_known_question(message: Message, key: str) -> None:
    """`key` becomes the pick at full confidence, the selector's other picks behind it."""
    full_key = f"{QUESTION_INTENT}/{key}"
    others = [entry for entry in selector_output(message).get(RESPONSE_SELECTOR_RANKING_KEY) or []
              if entry.get("intent_response_key") != full_key]
    choose_question(message, [{"intent_response_key": full_key, "confidence": 1.0}, *others])
