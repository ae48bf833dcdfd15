"""A Rasa NLU component that forces the `crisis` intent when the keyword net fires.

It runs after the intent classifiers (and after FallbackClassifier), so crisis recall does
not depend on DIET's confidence: the crisis rule then wins in every dialogue state.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.crisis import mentions_crisis

CRISIS_INTENT = "crisis"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisSafetyNet(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisSafetyNet":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if mentions_crisis(message.get(TEXT) or ""):
                forced = {"name": CRISIS_INTENT, "confidence": 1.0}
                others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != CRISIS_INTENT]
                message.set(INTENT, forced, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [forced, *others], add_to_output=True)
        return messages
