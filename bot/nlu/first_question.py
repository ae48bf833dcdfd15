"""Two Rasa NLU components that answer the first of several questions first (bot/logic/several_questions.py).

The classifiers read a message as a whole, and of "behövs det remiss? och hur lång är kön?" they
are often surest of the later question. `FirstQuestionReader`, first in the pipeline, adds the first
question of such a message as a message of its own, so that every component after it reads that
question alone as well; `FirstQuestionFirst`, right after the question selector, puts that reading on
top of the whole message's ranking when it is sure, and takes the added message out again, before any
rule-based component or the crisis detector sees it. Rasa answers from the first message of the list.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_RANKING_KEY
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.several_questions import first_of_several_questions, first_question_first
from bot.nlu.chosen_question import choose_question
from bot.nlu.intents import QUESTION_INTENT, selector_output

# Set on an added message: the place in the list of the message it is the first question of.
FIRST_QUESTION_OF = "first_question_of"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FirstQuestionReader(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FirstQuestionReader":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        added = []
        for place, message in enumerate(messages):
            first = first_of_several_questions(message.get(TEXT) or "")
            if first:
                added.append(Message(data={TEXT: first, FIRST_QUESTION_OF: place}))
        return [*messages, *added]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FirstQuestionFirst(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FirstQuestionFirst":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        whole = [message for message in messages if message.get(FIRST_QUESTION_OF) is None]
        for added in messages:
            place = added.get(FIRST_QUESTION_OF)
            # The selector always names some question; only a part the classifier reads as one ("kan ni hjälpa
            # mig?" reads as a question about the service) may be answered first.
            if place is not None and place < len(whole) and (added.get(INTENT) or {}).get("name") == QUESTION_INTENT:
                _answer_first(whole[place], selector_output(added).get(RESPONSE_SELECTOR_RANKING_KEY) or [])
        return whole


def _answer_first(message: Message, first_question_ranking: list[dict[str, Any]]) -> None:
    ranked = selector_output(message).get(RESPONSE_SELECTOR_RANKING_KEY) or []
    ranking = first_question_first(ranked, first_question_ranking)
    if ranking and ranking != ranked:
        choose_question(message, ranking)
