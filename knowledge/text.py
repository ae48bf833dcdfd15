"""Text for matching what people type: folding (no case, no å/ä/ö, single spaces) and words that name no place."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Självmord!!  Göteborg' -> 'sjalvmord goteborg'. Lets text typed without å/ä/ö match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only).strip()


_DOUBLED = re.compile(r"([a-z])\1+")


def sound_of(name: str) -> str:
    """How a name sounds, as people spell it by ear: 'Hässleholm' -> 'hesleholm', 'Västerås' -> 'vesteras'
    (ä as e, a doubled letter once, ck as k)."""
    return _DOUBLED.sub(r"\1", fold(name.casefold().replace("ä", "e")).replace("ck", "k"))


# Words around a place name that say nothing about which place it is.
FILLER_WORDS = frozenset(
    "jag vi han hon de min mitt mina bor bodde ska flytta flyttar i pa fran till inom nara utanfor vid och "
    "kommun kommunen kommune stad staden lan lanet stadsdel stadsdelen omrade omradet ligger det ar har "
    "en ett som hos".split()
)
