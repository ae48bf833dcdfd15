"""An in-memory copy of the knowledge tables, read once per process.

The data changes only when someone runs `kb load`, and people are waiting for the answer, so
lookups read this snapshot instead of querying the database for every question.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.db import get_engine, session_scope
from knowledge.loader import ensure_loaded
from knowledge.records import (
    Authority,
    Checklist,
    Deadline,
    FactRecord,
    Kommun,
    NoPoReport,
    Office,
    Place,
    Queue,
)
from knowledge.schema import (
    AuthorityRow,
    ChecklistRow,
    DeadlineRow,
    FactRow,
    KommunRow,
    NoPoReportRow,
    OfficeKommunRow,
    OfficeRow,
    PlaceRow,
)
from knowledge.text import fold


@dataclass(frozen=True)
class Snapshot:
    kommuner: dict[str, Kommun]
    places: tuple[Place, ...]
    places_by_folded_name: dict[str, tuple[Place, ...]]
    offices: tuple[Office, ...]
    offices_by_kommun: dict[str, tuple[Office, ...]]
    no_po_reports: dict[str, NoPoReport]
    authorities: dict[str, Authority]
    authority_by_folded_alias: dict[str, str]
    checklists: dict[str, Checklist]
    facts: dict[str, FactRecord]
    fact_words: dict[str, tuple[frozenset[str], frozenset[str]]]  # key -> folded words of (title, text)


def _offices(session: Session) -> tuple[Office, ...]:
    coverage: dict[str, list[str]] = defaultdict(list)
    for row in session.scalars(select(OfficeKommunRow).order_by(OfficeKommunRow.office_id, OfficeKommunRow.position)):
        coverage[row.office_id].append(row.kommun_code)
    return tuple(
        Office(
            id=o.id, name=o.name, lan=o.lan, kommun_codes=tuple(coverage[o.id]), areas=tuple(o.areas),
            target=o.target, operator_type=o.operator_type, operator_name=o.operator_name, phone=o.phone,
            phone_kind=o.phone_kind, email=o.email, web=o.web, hours=o.hours, age_min=o.age_min,
            age_max=o.age_max, requirements=tuple(o.requirements), priority_groups=tuple(o.priority_groups),
            queue=Queue(o.queue_text, o.queue_as_of, o.queue_source) if o.queue_text else None,
            active=o.active, status_note=o.status_note, confidence=o.confidence, source=o.source,
            extra_sources=tuple(o.extra_sources), verified=o.verified,
        )
        for o in session.scalars(select(OfficeRow).order_by(OfficeRow.id))
    )


def _authorities(session: Session) -> dict[str, Authority]:
    deadlines: dict[str, list[Deadline]] = defaultdict(list)
    for d in session.scalars(select(DeadlineRow).order_by(DeadlineRow.authority_key, DeadlineRow.position)):
        deadlines[d.authority_key].append(Deadline(d.key, d.text, d.period, d.basis, d.source, d.verified))
    return {
        a.key: Authority(
            key=a.key, name=a.name, aliases=tuple(a.aliases), decides=a.decides, benefits=tuple(a.benefits),
            phone=a.phone, phone_note=a.phone_note, web=a.web, deadlines=tuple(deadlines[a.key]),
            documents_to_bring=tuple(a.documents_to_bring), common_problems=tuple(a.common_problems),
            next_step=a.next_step, source=a.source, extra_sources=tuple(a.extra_sources), verified=a.verified,
        )
        for a in session.scalars(select(AuthorityRow))
    }


def read_snapshot(engine: Engine) -> Snapshot:
    with session_scope(engine) as session:
        kommuner = {
            k.code: Kommun(k.code, k.name, k.lan_code, k.lan, tuple(k.aliases), k.source, k.verified)
            for k in session.scalars(select(KommunRow))
        }
        places = tuple(
            Place(p.name, p.kind, p.kommun_code, p.area, p.source, p.verified)
            for p in session.scalars(select(PlaceRow).order_by(PlaceRow.id))
        )
        offices = _offices(session)
        authorities = _authorities(session)
        no_po_reports = {
            r.kommun_code: NoPoReport(r.kommun_code, r.says, r.as_of, r.source, r.verified)
            for r in session.scalars(select(NoPoReportRow))
        }
        checklists = {
            c.key: Checklist(c.key, c.title, tuple(c.bring), tuple(c.say), tuple(c.ask), tuple(c.write_down),
                             c.source, c.verified)
            for c in session.scalars(select(ChecklistRow))
        }
        facts = {
            f.key: FactRecord(f.key, f.topic, f.title, f.text, f.phone, f.url, f.source, f.verified)
            for f in session.scalars(select(FactRow))
        }
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_name[fold(place.name)].append(place)
    by_kommun: dict[str, list[Office]] = defaultdict(list)
    for office in offices:
        for code in office.kommun_codes:
            by_kommun[code].append(office)
    aliases = {fold(alias): a.key for a in authorities.values() for alias in (a.key, a.name, *a.aliases)}
    return Snapshot(
        kommuner=kommuner,
        places=places,
        places_by_folded_name={name: tuple(group) for name, group in by_name.items()},
        offices=offices,
        offices_by_kommun={code: tuple(group) for code, group in by_kommun.items()},
        no_po_reports=no_po_reports,
        authorities=authorities,
        authority_by_folded_alias=aliases,
        checklists=checklists,
        facts=facts,
        fact_words={key: (frozenset(fold(f.title).split()), frozenset(fold(f.text).split())) for key, f in facts.items()},
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
    """Drop the cached snapshot, e.g. after `kb load` in the same process."""
    _snapshots.pop(str((engine or get_engine()).url), None)
