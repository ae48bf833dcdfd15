"""Whom a question is about: the writer, or someone else ("kan min syster få ombud?").

A question about someone else goes to what a relative can do, and the screener can be taken on
that person's behalf, saying so: an ombud works only on the person's own wish.
"""
from __future__ import annotations

import re

from knowledge.text import fold

# Folded relation word -> how the bot names that person back ("din syster").
RELATIONS = {
    "syster": "din syster", "syrra": "din syster", "bror": "din bror", "brorsa": "din bror", "son": "din son",
    "dotter": "din dotter", "mamma": "din mamma", "morsa": "din mamma", "mor": "din mamma", "pappa": "din pappa",
    "farsa": "din pappa", "far": "din pappa", "sambo": "din sambo", "fru": "din fru", "man": "din man",
    "make": "din make", "maka": "din maka", "partner": "din partner", "pojkvan": "din pojkvän",
    "flickvan": "din flickvän", "kompis": "din kompis", "van": "din vän", "vaninna": "din väninna",
    "barn": "ditt barn", "granne": "din granne", "kusin": "din kusin", "moster": "din moster", "faster": "din faster",
    "morbror": "din morbror", "farbror": "din farbror", "mormor": "din mormor", "farmor": "din farmor",
    "morfar": "din morfar", "farfar": "din farfar", "klient": "din klient", "brukare": "personen",
    "sister": "your sister", "brother": "your brother", "mother": "your mother", "mum": "your mother",
    "mom": "your mother", "father": "your father", "dad": "your father", "friend": "your friend",
    "daughter": "your daughter", "wife": "your wife", "husband": "your husband",
}
SOMEONE = "personen"
_OWNER = r"(?:min|mitt|mina|var|vart|my|our)"
_WORD = r"([a-z]+)"
_PATTERNS = tuple(re.compile(p) for p in (
    rf"\b(?:kan|far|skulle|could|can) {_OWNER} {_WORD}\b",
    rf"\b(?:for|at|till|hjalpa|help) {_OWNER} {_WORD}\b",
    rf"\b(?:om) {_OWNER} {_WORD}\b",
    rf"\b{_OWNER} {_WORD} (?:behover|mar|har|ar|klarar|orkar|vill|needs|is|has)\b",
))
# Patterns that say the question is for that person even when the writer also says "jag".
_FOR_THEM = _PATTERNS[:2]
_ASKS_FOR_ONESELF = re.compile(r"\b(?:kan|far|skulle) jag\b|\bjag (?:vill ha|vill soka|behover)\b|\bcan i\b")
_HE_OR_SHE = re.compile(r"\b(?:kan|far|skulle) (?:han|hon|hen) (?:fa|ha|soka)\b|\bcan (?:he|she) get\b")


def someone_else(text: str) -> str | None:
    """'din syster' for 'kan min syster få ombud?', 'personen' for 'kan han få ett ombud'; None: the writer."""
    folded = fold(text)
    # "kan jag få ombud? min far är död": the writer asks for themself; someone else is only named.
    if _ASKS_FOR_ONESELF.search(folded) and not any(
            found.group(1) in RELATIONS for pattern in _FOR_THEM for found in pattern.finditer(folded)):
        return None
    for pattern in _PATTERNS:
        for found in pattern.finditer(folded):
            if found.group(1) in RELATIONS:
                return RELATIONS[found.group(1)]
    return SOMEONE if _HE_OR_SHE.search(folded) else None
