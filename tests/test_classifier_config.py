"""The classifier-only config for cross-validation is config.yml cut after the last trained component."""
from __future__ import annotations

from pathlib import Path

import yaml

from evaluation.classifier_config import LAST_TRAINED, WITHOUT, classifier_only

ROOT = Path(__file__).resolve().parent.parent


def test_the_classifier_only_config_keeps_every_trained_component_and_drops_every_rule_after_them() -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    names = [c["name"] for c in config["pipeline"]]
    kept = [c["name"] for c in classifier_only(config)["pipeline"]]
    assert kept[-1] == LAST_TRAINED
    assert kept == [n for n in names[:names.index(LAST_TRAINED) + 1] if n not in WITHOUT]
    assert "bot.nlu.crisis_detector.CrisisDetector" in names and "bot.nlu.crisis_detector.CrisisDetector" not in kept
    assert "FallbackClassifier" not in kept and "LogisticRegressionClassifier" in kept
    assert classifier_only(config)["policies"] == config["policies"]
