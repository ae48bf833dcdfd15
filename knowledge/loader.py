"""Rebuilds the knowledge tables from the data files in `knowledge/data/`.

Loading is idempotent: after migrating the schema it replaces every row with what the files
say, in one transaction. `ensure_loaded` reloads only when the files changed, so processes
can call it at start-up.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from knowledge.checks import errors, find_problems
from knowledge.datafiles import DATA_DIR, KnowledgeData, data_fingerprint, read_raw, to_records
from knowledge.db import get_engine, session_scope
from knowledge.migrate import upgrade
from knowledge.schema import (
    AuthorityRow,
    ChecklistRow,
    DataVersion,
    DeadlineRow,
    FactRow,
    KommunRow,
    NoPoReportRow,
    OfficeKommunRow,
    OfficeRow,
    PlaceRow,
)

FINGERPRINT_NAME = "knowledge"
# Children before parents, so that deleting never breaks a foreign key.
TABLES_IN_DELETE_ORDER = (
    OfficeKommunRow, DeadlineRow, PlaceRow, NoPoReportRow, OfficeRow, AuthorityRow, ChecklistRow, FactRow, KommunRow,
)


class DataError(ValueError):
    """The data files break the rules every record must follow."""


@dataclass(frozen=True)
class LoadReport:
    kommuner: int
    places: int
    offices: int
    no_po_reports: int
    authorities: int
    facts: int


def read_checked(data_dir: Path = DATA_DIR) -> KnowledgeData:
    """The data files as records, or DataError listing every error (staleness does not block)."""
    raw = read_raw(data_dir)
    found = errors(find_problems(raw, today=dt.date.today()))
    if found:
        raise DataError("\n".join(str(problem) for problem in found))
    return to_records(raw)


def _kommun_rows(data: KnowledgeData) -> list[object]:
    return [
        KommunRow(code=k.code, name=k.name, lan_code=k.lan_code, lan=k.lan, aliases=list(k.aliases),
                  source=k.source, verified=k.verified)
        for k in data.kommuner
    ]


def _place_rows(data: KnowledgeData) -> list[object]:
    return [
        PlaceRow(name=p.name, kind=p.kind, kommun_code=p.kommun_code, area=p.area, source=p.source,
                 verified=p.verified)
        for p in data.places
    ]


def _office_rows(data: KnowledgeData) -> list[object]:
    return [
        OfficeRow(
            id=o.id, name=o.name, lan=o.lan, areas=list(o.areas), target=o.target,
            operator_type=o.operator_type, operator_name=o.operator_name, phone=o.phone,
            phone_kind=o.phone_kind, email=o.email, web=o.web, hours=o.hours,
            age_min=o.age_min, age_max=o.age_max, requirements=list(o.requirements),
            priority_groups=list(o.priority_groups),
            queue_text=o.queue.text if o.queue else None,
            queue_as_of=o.queue.as_of if o.queue else None,
            queue_source=o.queue.source if o.queue else None,
            active=o.active, status_note=o.status_note, confidence=o.confidence,
            source=o.source, extra_sources=list(o.extra_sources), verified=o.verified,
        )
        for o in data.offices
    ]


def _coverage_rows(data: KnowledgeData) -> list[object]:
    return [
        OfficeKommunRow(office_id=o.id, kommun_code=code, position=i)
        for o in data.offices
        for i, code in enumerate(o.kommun_codes)
    ]


def _no_po_rows(data: KnowledgeData) -> list[object]:
    return [
        NoPoReportRow(kommun_code=r.kommun_code, says=r.says, as_of=r.as_of, source=r.source, verified=r.verified)
        for r in data.no_po_reports
    ]


def _authority_rows(data: KnowledgeData) -> list[object]:
    return [
        AuthorityRow(
            key=a.key, name=a.name, aliases=list(a.aliases), decides=a.decides, benefits=list(a.benefits),
            phone=a.phone, phone_note=a.phone_note, web=a.web, documents_to_bring=list(a.documents_to_bring),
            common_problems=list(a.common_problems), next_step=a.next_step, source=a.source,
            extra_sources=list(a.extra_sources), verified=a.verified,
        )
        for a in data.authorities
    ]


def _deadline_rows(data: KnowledgeData) -> list[object]:
    return [
        DeadlineRow(authority_key=a.key, key=d.key, position=i, text=d.text, period=d.period, basis=d.basis,
                    source=d.source, verified=d.verified)
        for a in data.authorities
        for i, d in enumerate(a.deadlines)
    ]


def _checklist_rows(data: KnowledgeData) -> list[object]:
    return [
        ChecklistRow(key=c.key, title=c.title, bring=list(c.bring), say=list(c.say), ask=list(c.ask),
                     write_down=list(c.write_down), source=c.source, verified=c.verified)
        for c in data.checklists
    ]


def _fact_rows(data: KnowledgeData) -> list[object]:
    return [
        FactRow(key=f.key, topic=f.topic, title=f.title, text=f.text, phone=f.phone, url=f.url, source=f.source,
                verified=f.verified)
        for f in data.facts
    ]


# Parents before the rows that point at them (PostgreSQL checks foreign keys at once).
ROW_GROUPS_IN_INSERT_ORDER = (
    _kommun_rows, _place_rows, _office_rows, _coverage_rows, _no_po_rows, _authority_rows, _deadline_rows,
    _checklist_rows, _fact_rows,
)


def load(engine: Engine | None = None, data_dir: Path = DATA_DIR) -> LoadReport:
    engine = engine or get_engine()
    data = read_checked(data_dir)
    upgrade(engine)
    with session_scope(engine) as session:
        for table in TABLES_IN_DELETE_ORDER:
            session.execute(delete(table))
        for rows in ROW_GROUPS_IN_INSERT_ORDER:
            session.add_all(rows(data))
            session.flush()
        session.merge(DataVersion(name=FINGERPRINT_NAME, fingerprint=data_fingerprint(data_dir)))
    return LoadReport(
        kommuner=len(data.kommuner), places=len(data.places), offices=len(data.offices),
        no_po_reports=len(data.no_po_reports),
        authorities=len(data.authorities), facts=len(data.facts),
    )


def ensure_loaded(engine: Engine | None = None) -> None:
    """Create the tables on first use, and refill them when the data files have changed."""
    engine = engine or get_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        stored = session.scalar(select(DataVersion.fingerprint).where(DataVersion.name == FINGERPRINT_NAME))
    if stored != data_fingerprint():
        load(engine)
