"""A Rasa NLU component: which specific question ("faq/po_cost") a message of the `faq` intent asks.

It plays the part of Rasa's ResponseSelector for retrieval intents, and writes its answer in the
same place (`response_selector` → `faq` → `response` and `ranking`), so the dialogue and the
actions read it as they would read Rasa's own. It is a logistic regression over the same sparse
and sentence features as the intent classifier: in cross-validation on this project's data that
classifier beat DIET by about 0.15 F1 (docs/nlu.md), and it trains in seconds.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
)
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

RANKING_LENGTH = 10


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class QuestionSelector(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "retrieval_intent": "faq", "max_iter": 200}

    def train(self, training_data: TrainingData) -> Resource:
        prefix = f"{self.config['retrieval_intent']}/"
        examples = [e for e in training_data.intent_examples
                    if e.get(TEXT) and str(e.get(INTENT_RESPONSE_KEY) or "").startswith(prefix)]
        if not examples:
            raise ValueError(f"no training examples for the retrieval intent {self.config['retrieval_intent']!r}")
        self.clf.fit(self._create_X(examples), [e.get(INTENT_RESPONSE_KEY) for e in examples])
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [message for message in messages if message.get(TEXT)]
        if not with_text:
            return messages
        retrieval_intent = self.config["retrieval_intent"]
        for message, probabilities in zip(with_text, self.clf.predict_proba(self._create_X(with_text))):
            ranking = sorted(({"intent_response_key": key, "confidence": float(p)}
                              for key, p in zip(self.clf.classes_, probabilities)), key=lambda r: -r["confidence"])
            best = ranking[0]
            prediction = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    "responses": [], "confidence": best["confidence"],
                    "intent_response_key": best["intent_response_key"],
                    "utter_action": f"utter_{best['intent_response_key']}",
                },
                RESPONSE_SELECTOR_RANKING_KEY: ranking[:RANKING_LENGTH],
            }
            properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [retrieval_intent]
            properties[retrieval_intent] = prediction
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        return messages
