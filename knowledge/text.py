"""Text folding for matching what people type: lower case, no diacritics, single spaces."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Självmord!!  Göteborg' -> 'sjalvmord goteborg'. Lets text typed without å/ä/ö match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only).strip()
