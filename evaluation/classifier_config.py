"""`config.yml` with the trained classifiers only: the pipeline up to the question selector, without the rules
after it (the fallback, the small-talk, place, contact, service and crisis readings).

Rasa's cross-validation of the whole `config.yml` counts every rule as part of the intent, so a calm message
that gets the recall-first crisis check-in counts as a miss. Run on this config as well (`make
crossval-classifier`), the two figures say how much of the gap to a target is the classifier's and how much
the rules'.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

LAST_TRAINED = "bot.nlu.question_selector.QuestionSelector"
# Reads that only add a message and take it away again; without the rules they have nothing to do.
WITHOUT = frozenset({"bot.nlu.first_question.FirstQuestionReader"})


def classifier_only(config: dict[str, Any]) -> dict[str, Any]:
    pipeline = [c for c in config["pipeline"] if c["name"] not in WITHOUT]
    names = [c["name"] for c in pipeline]
    return {**config, "pipeline": pipeline[:names.index(LAST_TRAINED) + 1]}


def main(source: str = "config.yml", target: str = "build/config-classifier-only.yml") -> int:
    config = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(yaml.safe_dump(classifier_only(config), allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
