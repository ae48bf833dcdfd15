"""A Rasa NLU component: who is to make the contact.

A message that gives the person's own mobile number or e-mail address ("sms 070-174 06 77", "mejla mig på …")
asks to be contacted, whatever else it reads like: the intent model sees digits and addresses as noise and
guesses from the words around them ("ringa" → the Arbetsförmedlingen phone question). Inside the contact
request the form reads the same message as its answer.

So does a message that says so in words ("vill gärna att nåt ombud ringer upp"): the model took the words of contact
for the question how to reach an ombud, and a greeting before them for small talk.

A message read as asking to be contacted that asks whether the writer may call or write themselves ("ska jag
själv ringa kontoret?", "får jag ringa åt honom?") is the question how to reach an ombud, when the question selector
also reads it so.

A message that asks for an authority's number ("kfm tfn", "ge mig af:s nummer, ingen svarar i chatten
där") asks that question, whatever else the model read: it took them for finding an office or an obstacle.

The decisions are in bot/logic/handoff.py, bot/logic/questions.py and bot/logic/authority_number.py.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PREDICTION_KEY
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.authority_number import number_asked
from bot.logic.handoff_answers import offers_own_contact
from bot.logic.questions import HOW_TO_CONTACT, RELATIVES_QUESTION, asks_to_make_the_contact, wants_to_be_contacted
from bot.logic.several_questions import up_to_the_first_question
from bot.nlu.chosen_question import choose_known_question
from bot.nlu.crisis_detector import CRISIS_INTENT
from bot.nlu.intents import QUESTION_INTENT, force_intent, selector_output

CONTACT_INTENT = "ask_human"
# The selector's picks that say the message is about making contact with an ombud.
_MAKING_CONTACT = frozenset({f"{QUESTION_INTENT}/{key}" for key in (HOW_TO_CONTACT, RELATIVES_QUESTION, "po_referral")})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ContactDetailsIntent(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ContactDetailsIntent":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if offers_own_contact(text) or (wants_to_be_contacted(text) and not asks_to_make_the_contact(text)):
                force_intent(message, CONTACT_INTENT)
            elif (message.get(INTENT) or {}).get("name") == CONTACT_INTENT and asks_to_make_the_contact(text):
                picked = (selector_output(message).get(RESPONSE_SELECTOR_PREDICTION_KEY) or {})
                if picked.get("intent_response_key") in _MAKING_CONTACT:
                    force_intent(message, QUESTION_INTENT)
            # Words of crisis are the crisis detector's, which reads last and from the whole ranking; a message
            # the model itself read as crisis is left to it unchanged.
            elif (message.get(INTENT) or {}).get("name") != CRISIS_INTENT and (
                    number := number_asked(up_to_the_first_question(text))):
                force_intent(message, QUESTION_INTENT)
                choose_known_question(message, number)
        return messages
