"""A Rasa NLU component: a message that gives the person's own mobile number or e-mail address
("sms 070-174 06 77", "mejla mig på …") asks to be contacted, whatever else it reads like.

The intent model sees digits and addresses as noise and guesses from the words around them
("ringa" → the Arbetsförmedlingen phone question); the decision is in bot/logic/handoff.py.
Inside the contact request the form reads the same message as its answer.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.handoff import offers_own_contact
from bot.nlu.intents import force_intent

CONTACT_INTENT = "ask_human"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ContactDetailsIntent(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ContactDetailsIntent":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if offers_own_contact(message.get(TEXT) or ""):
                force_intent(message, CONTACT_INTENT)
        return messages
