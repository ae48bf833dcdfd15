"""Read-only questions the bot asks the knowledge base. Plain types in, plain types out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from knowledge.db import get_engine, session_scope
from knowledge.loader import ensure_loaded
from knowledge.schema import Fact

_ready: set[str] = set()


def _engine(engine: Engine | None) -> Engine:
    """The engine to query, with its tables built from the data files once per process."""
    engine = engine or get_engine()
    url = str(engine.url)
    if url not in _ready:
        ensure_loaded(engine)
        _ready.add(url)
    return engine


@dataclass(frozen=True)
class FactRecord:
    key: str
    topic: str
    title: str
    text: str
    phone: str | None
    url: str | None
    source: str
    verified: dt.date


def _record(row: Fact) -> FactRecord:
    return FactRecord(
        key=row.key,
        topic=row.topic,
        title=row.title,
        text=row.text,
        phone=row.phone,
        url=row.url,
        source=row.source,
        verified=row.verified,
    )


def fact(key: str, engine: Engine | None = None) -> FactRecord | None:
    with session_scope(_engine(engine)) as session:
        row = session.get(Fact, key)
        return _record(row) if row else None


def facts_by_keys(keys: list[str], engine: Engine | None = None) -> list[FactRecord]:
    """The facts in the order asked for; a missing key raises, because a reply would lie by omission."""
    with session_scope(_engine(engine)) as session:
        rows = {row.key: row for row in session.scalars(select(Fact).where(Fact.key.in_(keys)))}
        missing = [key for key in keys if key not in rows]
        if missing:
            raise LookupError(f"facts missing from the knowledge base: {missing}")
        return [_record(rows[key]) for key in keys]
