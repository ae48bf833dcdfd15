"""A Rasa NLU component: a message that is only a place name ("Luleå", "i Tensta") means inform_place,
and a short question about ombud that names a place ("ombud i umeå?", "karlstad har dom PO?") means
find_office when the intent model had no better idea than a general question about PO (a question the
selector is sure of is answered as asked).

Short place names look like other words to the intent model ("Luleå" ends like "hejdå"), so
the names from the training data's `place` lookup table decide instead. It learns them at
training time and keeps them in the model, so a model works wherever it is moved.
"""
from __future__ import annotations

import json
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intents import QUESTION_INTENT, SURE_QUESTION, force_intent, question_confidence
from knowledge.text import FILLER_WORDS, fold

PLACE_INTENT = "inform_place"
OFFICE_INTENT = "find_office"
# What the intent model says when a place + "ombud" question reads to it like a general one.
GENERAL_INTENTS = frozenset({"faq", "nlu_fallback", "out_of_scope", "ask_capabilities", "greet", PLACE_INTENT})
_ASKS_ABOUT_OMBUD = re.compile(r"\b(?:ombud\w*|ombut\w*|po)\b")
# "finns det nåt ombud i Kalmar som tar FK-ärenden": whether there is one there asks for the office, however sure the
# question selector is of the rest of the sentence.
# Not a statement: "det finns ett ombud i Lund men kostar det nåt?" asks about the cost.
_ASKS_IF_THERE_IS_ONE = re.compile(r"(?<!\bdet )(?<!\batt )\bfinns (?:det |de )?(?:(?:ett|en|nagot|nat|nan|nagra) )?"
                                   r"(?:personlig\w* )?(?:ombud\w*|ombut\w*|po)\b")
MAX_PLACE_WORDS = 3
# Kommuner and districts whose names are also everyday Swedish words (folded).
PLACES_THAT_ARE_WORDS = frozenset({"vara", "berg", "haga", "kil", "save", "are", "mark", "ale", "bjuv", "sala",
                                   "mora", "hjo", "ed", "orsa", "tun", "ron", "boden", "torp", "bro"})
LOOKUP_NAME = "place"
NAMES_FILE = "place_names.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PlaceNameIntent(GraphComponent):
    def __init__(self, names: frozenset[str], model_storage: ModelStorage, resource: Resource) -> None:
        self._names = names
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PlaceNameIntent":
        return cls(frozenset(), model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "PlaceNameIntent":
        with model_storage.read_from(resource) as directory:
            names = json.loads((directory / NAMES_FILE).read_text(encoding="utf-8"))
        return cls(frozenset(names), model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        names = sorted({
            fold(str(element))
            for table in training_data.lookup_tables if table.get("name") == LOOKUP_NAME
            for element in table.get("elements") or ()
        })
        with self._model_storage.write_to(self._resource) as directory:
            (directory / NAMES_FILE).write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
        self._names = frozenset(names)
        return self._resource

    def _is_only_a_place(self, text: str) -> bool:
        words = [word for word in fold(text).split() if word not in FILLER_WORDS]
        return bool(words) and " ".join(words) in self._names

    def _names_a_place(self, folded: str) -> bool:
        words = folded.split()
        for size in range(1, MAX_PLACE_WORDS + 1):
            for start in range(len(words) - size + 1):
                name = " ".join(words[start:start + size])
                # "kan ett ombud vara med": a place that is also a word counts only after "i" or "på".
                if name in self._names and (name not in PLACES_THAT_ARE_WORDS
                                            or (start > 0 and words[start - 1] in ("i", "pa"))):
                    return True
        return False

    def _asks_for_an_office(self, message: Message) -> bool:
        folded = fold(message.get(TEXT) or "")
        intent = (message.get(INTENT) or {}).get("name")
        # "kostar det nåt att ha ombud i Lund": a question the selector is sure of is answered as asked (an
        # answer that depends on the office, such as the queue, is then given for the place named).
        sure_question = (intent == QUESTION_INTENT and question_confidence(message) >= SURE_QUESTION
                         and not _ASKS_IF_THERE_IS_ONE.search(folded))
        return (intent in GENERAL_INTENTS and not sure_question and bool(_ASKS_ABOUT_OMBUD.search(folded))
                and self._names_a_place(folded))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self._is_only_a_place(message.get(TEXT) or ""):
                force_intent(message, PLACE_INTENT)
            elif self._asks_for_an_office(message):
                force_intent(message, OFFICE_INTENT)
        return messages
