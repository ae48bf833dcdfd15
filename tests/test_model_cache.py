"""The model cache records how a model was trained: its time, and whether stored vectors made it faster."""
from __future__ import annotations

import io
import json

from bot.runtime import model_cache

TRAINING_OUTPUT = [
    "2026-12-05 07:03:58 INFO rasa.engine.training.hooks - Starting to train component 'SentenceEncoderFeaturizer'.\n",
    "2026-12-05 07:04:02 INFO bot.nlu.sentence_features - Sentence vectors: 12 encoded, 15599 from the store\n",
]


def test_a_training_that_reused_stored_vectors_says_so_next_to_its_time(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    vectors: dict[str, int] = {}
    model_cache._follow(io.StringIO("".join(TRAINING_OUTPUT)), tmp_path / "training.log", 0.0, vectors)
    model_cache._remember_time(tmp_path, 95.0, vectors)
    assert json.loads((tmp_path / "timings.json").read_text()) == {
        "last_training_seconds": 95.0, "texts_encoded": 12, "texts_from_store": 15599}
    assert "meningarnas innebörd" in capsys.readouterr().out
    assert (tmp_path / "training.log").read_text().splitlines()[1].endswith("15599 from the store")


def test_a_later_training_without_that_line_forgets_the_old_counts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model_cache._remember_time(tmp_path, 95.0, {"texts_encoded": 12, "texts_from_store": 15599})
    model_cache._remember_time(tmp_path, 410.0, {})
    assert json.loads((tmp_path / "timings.json").read_text()) == {"last_training_seconds": 410.0}
