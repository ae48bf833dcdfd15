"""The knowledge tables, derived from the records: one table per record type, one column per field.

Scalars get typed columns; lists and nested records (a queue, deadlines) are JSON, because they
are read whole and never queried inside. Each row keeps its position in the data file, so the
knowledge reads back in the order the files give.

These tables hold only what the data files say. They are rebuilt whenever their layout or the
files change (knowledge/loader.py), so they have no migrations, and they share no metadata with
the casework tables, which are never rebuilt.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, Column, Date, Integer, MetaData, String, Table, Text
from sqlalchemy.schema import CreateTable

from knowledge.mapping import field_types, from_plain, to_plain
from knowledge.records import (
    Authority,
    Checklist,
    FactRecord,
    Kommun,
    NoPoReport,
    Office,
    Place,
    Question,
    SearchNote,
    SourceDate,
    Switchboard,
)

T = TypeVar("T")
POSITION = "position"
metadata = MetaData()
# Parents are not enforced with foreign keys: every table is refilled together in one transaction,
# after the data files passed their checks, and the order here is also the order of reading.
TABLE_NAMES: dict[type, str] = {
    Kommun: "kommuner",
    Place: "places",
    Office: "offices",
    Switchboard: "switchboards",
    NoPoReport: "no_po_reports",
    SearchNote: "search_notes",
    Authority: "authorities",
    Checklist: "checklists",
    FactRecord: "facts",
    Question: "questions",
}
_SCALAR_COLUMNS: dict[Any, Any] = {str: Text, int: Integer, bool: Boolean, dt.date: Date, SourceDate: String(10)}


def _is_scalar(hint: Any) -> bool:
    return hint in _SCALAR_COLUMNS


def _columns(cls: type) -> list[Column[Any]]:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    keyed = any(f.metadata.get("key") for f in fields.values())
    columns: list[Column[Any]] = [Column(POSITION, Integer, nullable=False, primary_key=not keyed)]
    for name, hint in field_types(cls).items():
        kind = _SCALAR_COLUMNS[hint] if _is_scalar(hint) else JSON
        optional = type(None) in typing.get_args(typing.get_type_hints(cls)[name])
        columns.append(Column(name, kind, primary_key=bool(fields[name].metadata.get("key")), nullable=optional))
    return columns


TABLES: dict[type, Table] = {cls: Table(name, metadata, *_columns(cls)) for cls, name in TABLE_NAMES.items()}
# Rebuilt only by a newer layout than this one; tables of older layouts of the knowledge.
LEGACY_TABLES = ("office_kommuner", "deadlines", "data_version")
FINGERPRINT_TABLE = Table(
    "knowledge_version", metadata,
    Column("name", String(60), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)


def to_row(record: object, position: int) -> dict[str, Any]:
    row: dict[str, Any] = {POSITION: position}
    for name, hint in field_types(type(record)).items():
        value = getattr(record, name)
        if hint is SourceDate:
            row[name] = value.iso() if value else None
        else:
            row[name] = value if _is_scalar(hint) else to_plain(value)
    return row


def from_row(cls: type[T], row: Mapping[str, Any]) -> T:
    return cls(**{name: from_plain(hint, row[name]) for name, hint in field_types(cls).items()})


def layout_fingerprint() -> str:
    """Changes whenever a table gets a column more or less, or another type: then the tables are rebuilt."""
    from sqlalchemy.dialects import sqlite

    digest = hashlib.sha256()
    for table in metadata.sorted_tables:
        digest.update(str(CreateTable(table).compile(dialect=sqlite.dialect())).encode())
    return digest.hexdigest()
