"""Rasa's own checks: the training data validates and the test stories predict as written."""
from __future__ import annotations

from pathlib import Path

from conftest import run_rasa


def test_training_data_validates() -> None:
    result = run_rasa(
        "data", "validate", "--data", "bot/data", "--config", "config.yml", "--domain", "domain.yml",
        "--fail-on-warnings",
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_stories_are_predicted(trained_model: Path, tmp_path: Path) -> None:
    result = run_rasa(
        "test", "core", "--stories", "tests/stories", "--model", str(trained_model),
        "--out", str(tmp_path), "--fail-on-prediction-errors", "--no-plot",
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]
