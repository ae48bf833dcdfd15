"""Reads the reviewed data files in `knowledge/data/` into records.

Reading happens in two steps so that `ombudsguiden kb check` can report every problem at
once: `read_raw` parses the files as they are, `checks.find_problems` judges them, and
`to_records` turns checked data into typed records. YAML keys are the records' own field names
(knowledge/records.py); the few that differ, and the CSV's Swedish headers, are renamed here.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from knowledge.mapping import record_from_plain
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
DATA_DIR = Path(__file__).resolve().parent / "data"
KOMMUNER_FILE = "kommuner.csv"
DISTRICTS_FILE = "districts.yaml"
OFFICES_FILE = "offices.yaml"
NO_PO_FILE = "po_status.yaml"
SWITCHBOARDS_FILE = "switchboards.yaml"
AUTHORITIES_FILE = "authorities.yaml"
CHECKLISTS_FILE = "checklists.yaml"
QUESTIONS_FILE = "questions.yaml"
FACT_FILES = ("po_rules.yaml", "crisis.yaml", "rights.yaml", "organisations.yaml", "alternatives.yaml")
ALIAS_SEPARATOR = "|"
# The data files' names for record fields, where the two differ.
KOMMUN_COLUMNS = {"kommunkod": "code", "kommun": "name", "lanskod": "lan_code", "lan": "lan"}
OFFICE_KEYS = {"kommuner": "kommun_codes"}
REPORT_KEYS = {"kommun": "kommun_code"}
QUESTION_KEYS = {"answer": "answers"}


@dataclass
class RawData:
    """The files' content as parsed, each record tagged with the file it came from."""

    kommuner: list[dict[str, Any]] = field(default_factory=list)
    districts: list[dict[str, Any]] = field(default_factory=list)
    offices: list[dict[str, Any]] = field(default_factory=list)
    no_po_reports: list[dict[str, Any]] = field(default_factory=list)
    search_notes: list[dict[str, Any]] = field(default_factory=list)
    switchboards: list[dict[str, Any]] = field(default_factory=list)
    authorities: list[dict[str, Any]] = field(default_factory=list)
    checklists: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class KnowledgeData:
    kommuner: tuple[Kommun, ...]
    places: tuple[Place, ...]
    offices: tuple[Office, ...]
    no_po_reports: tuple[NoPoReport, ...]
    search_notes: tuple[SearchNote, ...]
    switchboards: tuple[Switchboard, ...]
    authorities: tuple[Authority, ...]
    checklists: tuple[Checklist, ...]
    facts: tuple[FactRecord, ...]
    questions: tuple[Question, ...]

    def records_of(self, cls: type[T]) -> tuple[T, ...]:
        by_type: dict[type, tuple[Any, ...]] = {
            Kommun: self.kommuner, Place: self.places, Office: self.offices, NoPoReport: self.no_po_reports,
            SearchNote: self.search_notes, Switchboard: self.switchboards, Authority: self.authorities,
            Checklist: self.checklists, FactRecord: self.facts, Question: self.questions,
        }
        return by_type[cls]


def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.iterdir() if p.suffix in {".yaml", ".csv"}):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _renamed(record: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in record.items()}


def _kommun_row(row: dict[str, str]) -> dict[str, Any]:
    aliases = [a.strip() for a in (row.get("alternativa_namn") or "").split(ALIAS_SEPARATOR) if a.strip()]
    # CSV cells are text: an empty source_date means the source has none.
    return {**_renamed(row, KOMMUN_COLUMNS), "aliases": aliases, "source_date": row.get("source_date") or None,
            "verified": _date(row.get("verified"))}


def _date(value: str | None) -> Any:
    """A CSV cell as a date when it is one; anything else is left for the checks to report."""
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return value


def read_raw(data_dir: Path = DATA_DIR) -> RawData:
    raw = RawData()
    with (data_dir / KOMMUNER_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            raw.kommuner.append({**_kommun_row(row), "_file": KOMMUNER_FILE})
    for city in (_yaml(data_dir / DISTRICTS_FILE) or {}).get("cities", []):
        raw.districts.append({**city, "_file": DISTRICTS_FILE})
    for office in (_yaml(data_dir / OFFICES_FILE) or {}).get("offices", []):
        raw.offices.append({**_renamed(office, OFFICE_KEYS), "_file": OFFICES_FILE})
    po_status = _yaml(data_dir / NO_PO_FILE) or {}
    for report in po_status.get("reports", []):
        raw.no_po_reports.append({**_renamed(report, REPORT_KEYS), "_file": NO_PO_FILE})
    for note in po_status.get("unknown", []):
        raw.search_notes.append({**_renamed(note, REPORT_KEYS), "_file": NO_PO_FILE})
    for switchboard in (_yaml(data_dir / SWITCHBOARDS_FILE) or {}).get("switchboards", []):
        raw.switchboards.append({**_renamed(switchboard, REPORT_KEYS), "_file": SWITCHBOARDS_FILE})
    for authority in (_yaml(data_dir / AUTHORITIES_FILE) or {}).get("authorities", []):
        raw.authorities.append({**authority, "_file": AUTHORITIES_FILE})
    for checklist in (_yaml(data_dir / CHECKLISTS_FILE) or {}).get("checklists", []):
        raw.checklists.append({**checklist, "_file": CHECKLISTS_FILE})
    for question in (_yaml(data_dir / QUESTIONS_FILE) or {}).get("questions", []):
        raw.questions.append({**_renamed(question, QUESTION_KEYS), "_file": QUESTIONS_FILE})
    for name in FACT_FILES:
        document = _yaml(data_dir / name) or {}
        for record in document.get("records", []):
            raw.facts.append({"topic": document.get("topic"), **record, "_file": name})
    return raw


@dataclass(frozen=True)
class _Origin:
    """Where a group of place names comes from: a kommun row or a city's district list."""

    source: str
    source_date: SourceDate | None
    verified: Any


def _places(kommuner: tuple[Kommun, ...], districts: list[dict[str, Any]]) -> tuple[Place, ...]:
    def place(name: str, kind: str, code: str, area: str | None, origin: Any) -> Place:
        return Place(name, kind, code, area, origin.source, origin.source_date, origin.verified)

    places = [place(k.name, "kommun", k.code, None, k) for k in kommuner]
    places += [place(alias, "alias", k.code, None, k) for k in kommuner for alias in k.aliases]
    for city in districts:
        hidden = set(city.get("not_searchable") or ())
        code = city["kommun_code"]
        origin = _Origin(city["source"], SourceDate.parse(city.get("source_date")), city["verified"])
        for district, parts in city["districts"].items():
            if district not in hidden:
                places.append(place(district, "district", code, district, origin))
            places += [place(part, "stadsdel", code, district, origin)
                       for part in parts or () if part != district and part not in hidden]
        places += [place(name, "stadsdel", code, district, origin)
                   for name, district in (city.get("extra_names") or {}).items()]
    return tuple(places)


def to_records(raw: RawData) -> KnowledgeData:
    kommuner = tuple(record_from_plain(Kommun, row) for row in raw.kommuner)
    return KnowledgeData(
        kommuner=kommuner,
        places=_places(kommuner, raw.districts),
        offices=tuple(record_from_plain(Office, o) for o in raw.offices),
        no_po_reports=tuple(record_from_plain(NoPoReport, r) for r in raw.no_po_reports),
        search_notes=tuple(record_from_plain(SearchNote, n) for n in raw.search_notes),
        switchboards=tuple(record_from_plain(Switchboard, s) for s in raw.switchboards),
        authorities=tuple(record_from_plain(Authority, a) for a in raw.authorities),
        checklists=tuple(record_from_plain(Checklist, c) for c in raw.checklists),
        facts=tuple(record_from_plain(FactRecord, f) for f in raw.facts),
        questions=tuple(record_from_plain(Question, q) for q in raw.questions),
    )
