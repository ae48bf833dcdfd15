"""Intent recognition on examples the model never saw: weighted F1 at least 0.95."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_rasa

MIN_F1 = 0.95


def test_intent_f1_on_held_out_examples(trained_model: Path, tmp_path: Path) -> None:
    result = run_rasa("test", "nlu", "--nlu", "tests/nlu/holdout.yml", "--model", str(trained_model),
                      "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "intent_report.json").read_text(encoding="utf-8"))
    # Rasa writes the errors file only when something was misclassified.
    errors_file = tmp_path / "intent_errors.json"
    errors = json.loads(errors_file.read_text(encoding="utf-8")) if errors_file.exists() else []
    misses = [(e["text"], e["intent"], e["intent_prediction"]["name"]) for e in errors]
    assert report["weighted avg"]["f1-score"] >= MIN_F1, misses
