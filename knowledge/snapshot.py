"""An in-memory copy of the knowledge tables, read once per process.

The data changes only when someone runs `kb load`, and people are waiting for the answer, so
lookups read this snapshot instead of querying the database for every question.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from knowledge.loader import ensure_loaded
from knowledge.records import (
    Authority,
    Checklist,
    FactRecord,
    Kommun,
    NoPoReport,
    Office,
    Place,
    Question,
    Switchboard,
)
from knowledge.tables import POSITION, TABLES, from_row
from knowledge.text import fold, sound_of
from storage.engine import get_engine

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    kommuner: dict[str, Kommun]
    places: tuple[Place, ...]
    places_by_folded_name: dict[str, tuple[Place, ...]]
    place_name_words: frozenset[str]  # every word of every folded place name
    names_by_last_word: dict[str, tuple[str, ...]]  # "biskopsgarden" -> the folded names of two or more words it ends
    names_by_sound: dict[str, tuple[str, ...]]  # "hesleholm" -> the folded names that sound so (places.sound_of)
    offices: tuple[Office, ...]
    offices_by_kommun: dict[str, tuple[Office, ...]]
    no_po_reports: dict[str, NoPoReport]
    switchboards: dict[str, Switchboard]
    authorities: dict[str, Authority]
    authority_by_folded_alias: dict[str, str]
    checklists: dict[str, Checklist]
    facts: dict[str, FactRecord]
    fact_words: dict[str, tuple[frozenset[str], frozenset[str]]]  # key -> folded words of (title, text)
    questions: dict[str, Question]


def _records(connection: Connection, cls: type[T]) -> tuple[T, ...]:
    table = TABLES[cls]
    rows = connection.execute(select(table).order_by(table.c[POSITION])).mappings()
    return tuple(from_row(cls, row) for row in rows)


def _names_by_last_word(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    ending: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if " " in name:
            ending[name.rsplit(" ", 1)[1]].append(name)
    return {word: tuple(group) for word, group in ending.items()}


def _names_by_sound(places: Iterable[Place]) -> dict[str, tuple[str, ...]]:
    sounding: dict[str, set[str]] = defaultdict(set)
    for place in places:
        if (key := sound_of(place.name)) != fold(place.name):
            sounding[key].add(fold(place.name))
    return {key: tuple(sorted(names)) for key, names in sounding.items()}


def read_snapshot(engine: Engine) -> Snapshot:
    with engine.connect() as connection:
        kommuner = _records(connection, Kommun)
        places = _records(connection, Place)
        offices = _records(connection, Office)
        no_po_reports = _records(connection, NoPoReport)
        switchboards = _records(connection, Switchboard)
        authorities = _records(connection, Authority)
        checklists = _records(connection, Checklist)
        facts = _records(connection, FactRecord)
        questions = _records(connection, Question)
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_name[fold(place.name)].append(place)
    by_kommun: dict[str, list[Office]] = defaultdict(list)
    for office in offices:
        for code in office.kommun_codes:
            by_kommun[code].append(office)
    aliases = {fold(alias): a.key for a in authorities for alias in (a.key, a.name, *a.aliases)}
    return Snapshot(
        kommuner={k.code: k for k in kommuner},
        places=places,
        places_by_folded_name={name: tuple(group) for name, group in by_name.items()},
        place_name_words=frozenset(word for name in by_name for word in name.split()),
        names_by_last_word=_names_by_last_word(by_name),
        names_by_sound=_names_by_sound(places),
        offices=offices,
        offices_by_kommun={code: tuple(group) for code, group in by_kommun.items()},
        no_po_reports={r.kommun_code: r for r in no_po_reports},
        switchboards={s.kommun_code: s for s in switchboards},
        authorities={a.key: a for a in authorities},
        authority_by_folded_alias=aliases,
        checklists={c.key: c for c in checklists},
        facts={f.key: f for f in facts},
        fact_words={f.key: (frozenset(fold(f.title).split()), frozenset(fold(f.text).split())) for f in facts},
        questions={q.key: q for q in questions},
    )


_snapshots: dict[str, Snapshot] = {}


def snapshot(engine: Engine | None = None) -> Snapshot:
    """The knowledge of this process, loaded (and the tables built if needed) on first use."""
    engine = engine or get_engine()
    url = str(engine.url)
    if url not in _snapshots:
        ensure_loaded(engine)
        _snapshots[url] = read_snapshot(engine)
    return _snapshots[url]


def forget(engine: Engine | None = None) -> None:
    """Drop the cached snapshot of this database, so that the next read sees it as it is now.

    Only the tests call it (tests/knowledge_backends.py), after loading a database this process
    may already have read."""
    _snapshots.pop(str((engine or get_engine()).url), None)
