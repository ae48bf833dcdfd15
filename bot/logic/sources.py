"""Short, readable source notes, so that every fact the bot states is sourced and dated."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlparse

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)
MAX_SOURCES_SHOWN = 3
_URL = re.compile(r"https?://\S+")
_NOTE_IN_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")


def swedish_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _source_names(source: str) -> list[str]:
    """'https://www.mind.se/x (chatt); SFS 2013:522 2 § (lagtext)' -> ['mind.se', 'SFS 2013:522 2 §']."""
    names = []
    for part in source.split(";"):
        url = _URL.search(part)
        if url:
            names.append((urlparse(url.group()).hostname or url.group()).removeprefix("www."))
        elif name := _NOTE_IN_BRACKETS.sub("", part).strip():
            names.append(name)
    return names


def source_note(sources: Iterable[tuple[str, dt.date]]) -> str:
    """'Källa: mind.se. Kontrollerat 24 november 2026.' for the given (source, verified) pairs.

    The oldest check date is shown, because the note must not claim more freshness than
    the weakest fact has.
    """
    names: list[str] = []
    oldest: dt.date | None = None
    for source, verified in sources:
        for name in _source_names(source):
            if name not in names:
                names.append(name)
        oldest = verified if oldest is None else min(oldest, verified)
    if not names or oldest is None:
        raise ValueError("a source note needs at least one source")
    label = "Källa" if len(names) == 1 else "Källor"
    shown = ", ".join(names[:MAX_SOURCES_SHOWN])
    listing = f"{shown} m.fl." if len(names) > MAX_SOURCES_SHOWN else f"{shown}."
    return f"{label}: {listing} Kontrollerat {swedish_date(oldest)}."
