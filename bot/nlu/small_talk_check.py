"""A Rasa NLU component: a message that asks outright whether a person answers is "are you a bot?", whatever the
model read into it (asked whether a real person writes, it once answered who may come along to a meeting).
"Are you a bot?", a plain yes, a greeting or another language, read into a
message that is none of them (bot/logic/small_talk.py decides), becomes the question the question selector is sure
of, or else (not for a greeting) a misunderstanding, which gets a guess with choices. Runs after the
FallbackClassifier and before the crisis detector, so that words of crisis still win. The model's own
reading is kept in the output (`misread_small_talk`): after a check-in, "har tabletterna framme här
bredvid mig" read as a yes must stay one. A bare number read as small talk or another language ("31" as
goodbye) becomes a misunderstanding too, which a form takes as the answer to its question, and so does a message
that only says the person did not follow ("va?", "fattar inte"), whatever question the model read into it. Thanks
with a question ("tack. kan jag få numret dit också") is that question.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.crisis.replies import asks_for_a_line
from bot.logic.crisis.support import CRISIS_LINE_INTENT
from bot.logic.follow_up import asks_only_the_number
from bot.logic.misunderstanding import UNSURE_INTENT
from bot.logic.small_talk import (
    BOT_CHALLENGE,
    GUESSED_WHEN_UNSURE,
    KEPT_FOR_A_BARE_NUMBER,
    MISREAD_KEY,
    asks_if_bot,
    misread_bare_number,
    misread_small_talk,
)
from bot.logic.terms import bewildered
from bot.nlu.intents import QUESTION_INTENT, SURE_QUESTION, force_intent, question_confidence


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SmallTalkCheck(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SmallTalkCheck":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = str((message.get(INTENT) or {}).get("name") or "")
            # Asked outright whether a person answers: the bot says what it is, whatever question the model read.
            if asks_if_bot(message.get(TEXT) or ""):
                if intent != BOT_CHALLENGE:
                    force_intent(message, BOT_CHALLENGE)
                    message.set(MISREAD_KEY, intent, add_to_output=True)
                continue
            # "va?", "fattar inte": the person did not follow; whatever question the model read into it is a guess.
            if bewildered(message.get(TEXT) or "") and intent not in KEPT_FOR_A_BARE_NUMBER:
                force_intent(message, UNSURE_INTENT)
            elif misread_bare_number(message.get(TEXT) or "", intent):
                # The model's reading is not kept: after a crisis reply "31" must not end the support as a goodbye.
                force_intent(message, UNSURE_INTENT)
            elif misread_small_talk(text := message.get(TEXT) or "", intent):
                # "tackar, och hjälplinjens nummer?" asks about that line, whatever number the selector picked.
                # "tack, och numret dit?" asks a question whichever one the selector picked: the answer before says
                # whose number it is, and without one it is a guess (bot/actions/questions.py).
                sure = question_confidence(message) >= SURE_QUESTION or asks_only_the_number(text)
                if not sure and intent not in GUESSED_WHEN_UNSURE:
                    continue
                force_intent(message, CRISIS_LINE_INTENT if asks_for_a_line(text)
                             else QUESTION_INTENT if sure else UNSURE_INTENT)
                message.set(MISREAD_KEY, intent, add_to_output=True)
        return messages
