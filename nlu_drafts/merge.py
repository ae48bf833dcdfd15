"""Merges the drafts into bot/data/nlu with the filter in README.md; prints only counts, never held-out text.

Run from the project root: `.venv/bin/python nlu_drafts/merge.py && .venv/bin/python -m bot.nlu.folded_copies`.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

sys.path.insert(0, ".")
from bot.logic.crisis.assessment import NONE, assess  # noqa: E402
from evaluation import similarity  # noqa: E402
from knowledge.text import fold  # noqa: E402

NLU = Path("bot/data/nlu")


def _too_close_to_held_out(key: str, held: list[str]) -> bool:
    if process.extractOne(key, held, scorer=fuzz.ratio, score_cutoff=80):
        return True
    contained = process.extract(key, held, scorer=fuzz.partial_ratio, score_cutoff=90, limit=10)
    return any(len(min(text, key, key=len).split()) >= 6 for text, _, _ in contained)


def kept_drafts() -> dict[str, list[str]]:
    held = list(dict.fromkeys(fold(text) for _, text in similarity.held_out()))
    trained = list(dict.fromkeys(fold(text) for text in similarity.training_examples()))
    kept: dict[str, list[str]] = {}
    for path in sorted(Path("nlu_drafts").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in block["examples"].splitlines():
                example = line.strip()[2:].strip()
                key = fold(example)
                if (not example or _too_close_to_held_out(key, held)
                        or process.extractOne(key, trained, scorer=fuzz.ratio, score_cutoff=92)
                        or assess(example, 0.0).level != NONE):
                    continue
                trained.append(key)
                kept.setdefault(block["intent"], []).append(example)
    return kept


def insert(kept: dict[str, list[str]]) -> None:
    sources = [path for path in sorted(NLU.glob("*.yml")) if path.name != "generated_without_aao.yml"]
    for intent, examples in kept.items():
        for path in sources:
            text = path.read_text(encoding="utf-8")
            block = rf"^(\s*)- intent: {re.escape(intent)}\n\s*examples: \|\n((?:\1    - .*\n)+)"
            found = re.search(block, text, re.M)
            if found:
                added = "".join(f"{found.group(1)}    - {example}\n" for example in examples)
                path.write_text(text[:found.end()] + added + text[found.end():], encoding="utf-8")
                break


if __name__ == "__main__":
    drafts = kept_drafts()
    insert(drafts)
    print(f"{sum(map(len, drafts.values()))} drafts kept")
