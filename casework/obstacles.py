"""Systembrister: anonymous notes of obstacles, and the counts an office's ledningsgrupp reads.

The categories of contact reasons are those the PO offices report to Länsstyrelsen
(Stockholms stad, Personligt ombud, årsrapport 2024: "Kontaktorsaker").
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from casework.errors import store_errors
from casework.migrate import migrated
from casework.schema import ObstacleNoteRow
from storage.engine import session_scope

NO_AUTHORITY = "ingen_namnd"
OBSTACLES = {
    "lost_papers": "Handlingar har kommit bort",
    "unreachable": "Går inte att nå på telefon eller brev",
    "bounced": "Skickas mellan vård och myndigheter",
    "staff_changes": "Byter handläggare eller kontakt ofta",
    "long_wait": "Lång väntan på beslut eller vård",
    "other": "Annat hinder",
}
CONTACT_REASONS = {
    "myndigheter": "Stöd i kontakten med myndigheter",
    "ekonomi": "Ekonomin",
    "sjukvard": "Stöd i kontakten med sjukvård",
    "bostad": "Bostad",
    "struktur": "Struktur i vardagen",
    "sysselsattning": "Sysselsättning",
}


@dataclass(frozen=True)
class ObstacleNote:
    authority: str  # an authority key from the knowledge base, or NO_AUTHORITY
    obstacle: str  # a key of OBSTACLES
    contact_reason: str  # a key of CONTACT_REASONS


@dataclass(frozen=True)
class ObstacleCounts:
    first_day: dt.date
    last_day: dt.date
    by_authority: dict[str, Counter[str]]  # authority key -> obstacle key -> count
    by_contact_reason: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.by_contact_reason.values())


@store_errors()
def save_note(note: ObstacleNote, day: dt.date, engine: Engine | None = None) -> None:
    """Stores one note; ValueError if the note is not in the known categories, StoreUnavailable if the
    database fails."""
    if note.obstacle not in OBSTACLES or note.contact_reason not in CONTACT_REASONS:
        raise ValueError(f"unknown category in {note}")
    engine = migrated(engine)
    with session_scope(engine) as session:
        session.add(ObstacleNoteRow(noted_on=day, authority=note.authority, obstacle=note.obstacle,
                                    contact_reason=note.contact_reason))


def count_notes(first_day: dt.date, last_day: dt.date, engine: Engine | None = None) -> ObstacleCounts:
    """Counts per authority and obstacle, and per contact reason, for the days first_day..last_day."""
    engine = migrated(engine)
    by_authority: dict[str, Counter[str]] = {}
    by_reason: Counter[str] = Counter()
    query = select(ObstacleNoteRow.authority, ObstacleNoteRow.obstacle, ObstacleNoteRow.contact_reason).where(
        ObstacleNoteRow.noted_on >= first_day, ObstacleNoteRow.noted_on <= last_day)
    with session_scope(engine) as session:
        for authority, obstacle, reason in session.execute(query):
            by_authority.setdefault(authority, Counter())[obstacle] += 1
            by_reason[reason] += 1
    return ObstacleCounts(first_day, last_day, by_authority, by_reason)


def _authority_name(key: str, names: Mapping[str, str]) -> str:
    return "Ingen myndighet nämnd" if key == NO_AUTHORITY else names.get(key, key)


def _by_size(counts: ObstacleCounts) -> list[tuple[str, Counter[str]]]:
    return sorted(counts.by_authority.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def counts_as_dict(counts: ObstacleCounts, names: Mapping[str, str]) -> dict[str, object]:
    """The counts for scripts: keys as stored, plus the Swedish labels (`names`: authority key -> name)."""
    return {
        "from": counts.first_day.isoformat(),
        "to": counts.last_day.isoformat(),
        "total": counts.total,
        "by_authority": [
            {"authority": key, "name": _authority_name(key, names),
             "obstacles": [{"obstacle": kind, "label": OBSTACLES[kind], "count": n}
                           for kind, n in by_kind.most_common()]}
            for key, by_kind in _by_size(counts)
        ],
        "by_contact_reason": [
            {"contact_reason": key, "label": label, "count": counts.by_contact_reason[key]}
            for key, label in CONTACT_REASONS.items()
        ],
    }


def format_counts(counts: ObstacleCounts, names: Mapping[str, str]) -> str:
    """The report an office's ledningsgrupp reads: counts only, never anything about a person."""
    lines = [f"Systembrister {counts.first_day.isoformat()} – {counts.last_day.isoformat()}: "
             f"{counts.total} anonyma anteckningar.", ""]
    if not counts.total:
        return "\n".join([*lines, "Inga anteckningar under perioden."])
    lines.append("Per myndighet och typ av hinder:")
    for key, by_kind in _by_size(counts):
        lines.append(f"  {_authority_name(key, names)}: {sum(by_kind.values())}")
        lines += [f"    {OBSTACLES[kind]}: {n}" for kind, n in by_kind.most_common()]
    lines += ["", "Per kontaktorsak:"]
    lines += [f"  {label}: {counts.by_contact_reason[key]}" for key, label in CONTACT_REASONS.items()]
    return "\n".join(lines)
