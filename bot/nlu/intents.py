"""Setting a message's intent from a rule, the way the rule-based NLU components all do it."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def force_intent(message: Message, name: str) -> None:
    """`name` becomes the intent at full confidence; the model's ranking of the others is kept behind it,
    so that an action can still see what the model thought (a "nej" to a crisis check-in uses it)."""
    forced = {"name": name, "confidence": 1.0}
    others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced, *others], add_to_output=True)
