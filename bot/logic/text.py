"""Text normalisation shared by the detectors: lower case, no diacritics, single spaces."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Självmord!!  NU' -> 'sjalvmord nu'. Lets patterns match text typed without å/ä/ö."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only).strip()
