"""What the rule-based NLU components share: setting a message's intent from a rule, and reading the
question selector's pick for a message."""
from __future__ import annotations

from typing import Any

from rasa.nlu.constants import RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

# bot/logic/questions.py's two constants, repeated so that the trained model's fingerprint does not follow
# that module (tests/test_nlu_components.py holds them equal).
QUESTION_INTENT = "faq"
SURE_QUESTION = 0.9


def force_intent(message: Message, name: str) -> None:
    """`name` becomes the intent at full confidence; the model's ranking of the others is kept behind it,
    so that an action can still see what the model thought (a "nej" to a crisis check-in uses it)."""
    forced = {"name": name, "confidence": 1.0}
    others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced, *others], add_to_output=True)


def selector_output(message: Message) -> dict[str, Any]:
    """The question selector's output for a message: its pick ("response") and its ranking."""
    return dict((message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(QUESTION_INTENT) or {})


def question_confidence(message: Message) -> float:
    return float((selector_output(message).get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}).get("confidence") or 0.0)
