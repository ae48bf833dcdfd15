"""A Rasa NLU component: a message that asks to share this service ("Jag är ombud och vill tipsa klienter om
guiden. Kan jag få en länk?") asks about the service, whatever else it reads like. The decision is in
bot/logic/service.py. Runs before the crisis detector, so that words of crisis still win.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.service import SERVICE_INTENT, asks_to_share_the_service
from bot.nlu.intents import force_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ServiceQuestionIntent(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ServiceQuestionIntent":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if asks_to_share_the_service(message.get(TEXT) or ""):
                force_intent(message, SERVICE_INTENT)
        return messages
