"""A Rasa NLU component, last in the pipeline: the crisis assessment wins over every classifier before it.

It reads the intent classifier's confidence for `crisis` and gives it, with the text, to the one
place that decides (bot/logic/crisis/assessment.py). A crisis or an uncertain case becomes the
`crisis` intent, with the entity `crisis_level` ("crisis" or "check_in") telling the action which
reply to give; the rest of the intent ranking is kept, so that a check-in the person answers with
"nej" can go back to what they asked.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.crisis.assessment import NONE, assess
from bot.nlu.intents import force_intent

CRISIS_INTENT = "crisis"
LEVEL_ENTITY = "crisis_level"


def crisis_confidence(message: Message) -> float:
    ranking = message.get(INTENT_RANKING_KEY) or []
    return next((float(r.get("confidence") or 0.0) for r in ranking if r.get("name") == CRISIS_INTENT), 0.0)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CrisisDetector":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text:
                continue
            assessment = assess(text, crisis_confidence(message))
            if assessment.level == NONE:
                continue
            force_intent(message, CRISIS_INTENT)
            level = {"entity": LEVEL_ENTITY, "value": assessment.level, "start": 0, "end": len(text),
                     "extractor": type(self).__name__}
            entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != LEVEL_ENTITY]
            message.set(ENTITIES, [*entities, level], add_to_output=True)
        return messages
