"""Held-out text must not be a near copy of a training example: otherwise the figures measure memory.

Similarity is rapidfuzz's ratio on folded text (no case, no å/ä/ö, single spaces). Messages of one or
two words ("ja", "hej då") are left out: such answers are few and shared by every chat; they cannot
be held out in any meaningful sense.

A copy can also hide inside a longer message: a held-out message written into a longer training
example, or a training sentence inside a held-out message. `contained_copies` finds those with
rapidfuzz's partial_ratio, when the shorter text has at least MIN_CONTAINED_WORDS words; below that,
phrases such as "vad är ett personligt ombud" are shared by any two people asking the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from evaluation import corpus
from knowledge.text import fold

NLU_DIR = Path(__file__).resolve().parent.parent / "bot" / "data" / "nlu"
# At or above this a held-out message counts as a copy of a training example.
TOO_SIMILAR = 90.0
MIN_WORDS = 3
CONTAINED = 95.0
MIN_CONTAINED_WORDS = 8


@dataclass(frozen=True)
class NearCopy:
    held_out_id: str
    held_out: str
    training: str
    score: float


def training_examples() -> list[str]:
    examples = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" in block:
                examples += [line.strip()[2:].strip() for line in block["examples"].splitlines() if line.strip()]
    return examples


def held_out() -> list[tuple[str, str]]:
    texts = [(m.id, m.text) for path in (corpus.MESSAGES_FILE, corpus.FRESH_MESSAGES_FILE) for m in corpus.messages(path)]
    texts += [(turn.id, turn.text) for path in (corpus.CONVERSATIONS_FILE, corpus.FRESH_CONVERSATIONS_FILE)
              for conversation in corpus.conversations(path) for turn in conversation.turns]
    texts += [(m.id, m.text) for path in corpus.HELD_OUT_CRISIS_FILES for m in corpus.crisis_messages(path)]
    return texts


def near_copies(threshold: float = TOO_SIMILAR) -> list[NearCopy]:
    trained = training_examples()
    folded = [fold(text) for text in trained]
    found = []
    for held_id, text in held_out():
        key = fold(text)
        if len(key.split()) < MIN_WORDS:
            continue
        match = process.extractOne(key, folded, scorer=fuzz.ratio, score_cutoff=threshold)
        if match is not None:
            found.append(NearCopy(held_id, text, trained[match[2]], round(match[1], 1)))
    return found


def contained_copies(threshold: float = CONTAINED, min_words: int = MIN_CONTAINED_WORDS) -> list[NearCopy]:
    trained = list(dict.fromkeys(fold(text) for text in training_examples()))
    long_trained = [text for text in trained if len(text.split()) >= min_words]
    found = []
    for held_id, text in held_out():
        key = fold(text)
        # A training text can only hold a long held-out message; a long training text can hide in any.
        candidates = trained if len(key.split()) >= min_words else long_trained
        for training, score, _ in process.extract(key, candidates, scorer=fuzz.partial_ratio,
                                                  score_cutoff=threshold, limit=5):
            shorter = min(key, training, key=len)
            if len(shorter.split()) >= min_words:
                found.append(NearCopy(held_id, text, training, round(score, 1)))
    return found
