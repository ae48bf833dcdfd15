"""LIX (läsbarhetsindex): words per sentence plus the share of long words, in percent.

Under 30 is very easy, 30–40 easy (lättläst), above 50 hard.
"""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
LONG_WORD_LETTERS = 6


def lix(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip())) or 1)
    long_words = sum(1 for word in words if len(word) > LONG_WORD_LETTERS)
    return len(words) / sentences + 100 * long_words / len(words)
