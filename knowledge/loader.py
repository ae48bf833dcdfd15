"""Rebuilds the knowledge tables from the YAML files in `knowledge/data/`.

Loading is idempotent: it replaces every row with what the files say, in one transaction.
`ensure_loaded` only reloads when the files changed, so processes can call it at start-up.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from knowledge.db import get_engine, session_scope
from knowledge.schema import Base, DataVersion, Fact

DATA_DIR = Path(__file__).resolve().parent / "data"
FACT_FILES = ("po_rules.yaml", "crisis.yaml")
FACT_FIELDS = ("key", "title", "text", "phone", "url", "source", "verified")
REQUIRED_FIELDS = ("key", "title", "text", "source", "verified")


class DataError(ValueError):
    """A data file breaks the rules every record must follow."""


@dataclass(frozen=True)
class LoadReport:
    facts: int


def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_fact_records(data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in FACT_FILES:
        document = yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))
        topic = document["topic"]
        for raw in document["records"]:
            missing = [field for field in REQUIRED_FIELDS if not raw.get(field)]
            if missing:
                raise DataError(f"{name}: {raw.get('key', '?')} saknar {', '.join(missing)}")
            if raw["key"] in seen:
                raise DataError(f"{name}: nyckeln {raw['key']} finns två gånger")
            if not isinstance(raw["verified"], dt.date):
                raise DataError(f"{name}: {raw['key']} har inget giltigt datum i verified")
            seen.add(raw["key"])
            records.append({"topic": topic, **{f: raw.get(f) for f in FACT_FIELDS}})
    return records


def load(engine: Engine | None = None, data_dir: Path = DATA_DIR) -> LoadReport:
    engine = engine or get_engine()
    records = read_fact_records(data_dir)
    Base.metadata.create_all(engine)
    with session_scope(engine) as session:
        session.execute(delete(Fact))
        session.add_all(Fact(**record) for record in records)
        session.merge(DataVersion(name="knowledge", fingerprint=data_fingerprint(data_dir)))
    return LoadReport(facts=len(records))


def ensure_loaded(engine: Engine | None = None) -> None:
    """Create and fill the tables on first use, and refresh them when the data files change."""
    engine = engine or get_engine()
    Base.metadata.create_all(engine)
    with session_scope(engine) as session:
        stored = session.scalar(select(DataVersion.fingerprint).where(DataVersion.name == "knowledge"))
    if stored != data_fingerprint():
        load(engine)
