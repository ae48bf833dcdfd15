"""Short, readable source notes, so that every fact the bot states is sourced and dated.

People are shown the date the source itself bears ("uppgift från 2019"), never the day someone
last looked at it: a page from 2008 checked yesterday still says what was true in 2008.

Notes are Swedish; a reply in another language words the same note with its own `NoteWording`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

from knowledge.records import Sourced, SourceDate

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)
MAX_SOURCES_SHOWN = 3
_URL = re.compile(r"https?://\S+")
_NOTE_IN_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class NoteWording:
    """The words of a source note in one language; `{date}` is where the source's date goes."""

    months: tuple[str, ...]
    one_source: str
    many_sources: str
    and_more: str
    one_date: str
    oldest_date: str
    oldest_dated_and_one_undated: str
    undated_source: str
    undated_sources: str


SWEDISH_NOTE = NoteWording(
    months=MONTHS,
    one_source="Källa",
    many_sources="Källor",
    and_more="m.fl.",
    one_date="Uppgift från {date}.",
    oldest_date="Den äldsta uppgiften är från {date}.",
    oldest_dated_and_one_undated="Den äldsta daterade uppgiften är från {date}. En källa har inget datum.",
    undated_source="Källan har inget datum.",
    undated_sources="Källorna har inget datum.",
)


def swedish_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def source_date_said(date: SourceDate, months: tuple[str, ...] = MONTHS) -> str:
    """'2019', 'mars 2019': the month at most, because that is how exact a reader needs it."""
    return f"{months[date.month - 1]} {date.year}" if date.month else str(date.year)


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


def how_old(dates: Iterable[SourceDate | None], wording: NoteWording = SWEDISH_NOTE) -> str:
    """What a reader needs to know about the age of the sources behind one answer."""
    dates = list(dates)
    dated = [date for date in dates if date is not None]
    undated = len(dates) - len(dated)
    if not dated:
        return wording.undated_source if undated == 1 else wording.undated_sources
    said = source_date_said(min(dated, key=SourceDate.latest_day), wording.months)
    if undated:
        return wording.oldest_dated_and_one_undated.format(date=said)
    return (wording.one_date if len(dated) == 1 else wording.oldest_date).format(date=said)


def source_note(records: Iterable[Sourced], wording: NoteWording = SWEDISH_NOTE) -> str:
    """'Källa: mind.se. Uppgift från 2019.' for the given records: their sources, and how old the oldest is.

    The oldest source date is shown, because the note must not claim more freshness than
    the weakest fact has.
    """
    names: list[str] = []
    dates: list[SourceDate | None] = []
    for record in records:
        for name in _source_names(record.source):
            if name not in names:
                names.append(name)
        dates.append(record.source_date)
    if not names:
        raise ValueError("a source note needs at least one source")
    label = wording.one_source if len(names) == 1 else wording.many_sources
    shown = ", ".join(names[:MAX_SOURCES_SHOWN])
    listing = f"{shown} {wording.and_more}" if len(names) > MAX_SOURCES_SHOWN else f"{shown}."
    return f"{label}: {listing} {how_old(dates, wording)}"
