"""Reads the reviewed data files in `knowledge/data/` into records.

Reading happens in two steps so that `ombudsguiden kb check` can report every problem at
once: `read_raw` parses the files as they are, `checks.find_problems` judges them, and
`to_records` turns checked data into typed records.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.records import Authority, Checklist, Deadline, FactRecord, Kommun, NoPoReport, Office, Place, Queue

DATA_DIR = Path(__file__).resolve().parent / "data"
KOMMUNER_FILE = "kommuner.csv"
DISTRICTS_FILE = "districts.yaml"
OFFICES_FILE = "offices.yaml"
NO_PO_FILE = "po_status.yaml"
AUTHORITIES_FILE = "authorities.yaml"
CHECKLISTS_FILE = "checklists.yaml"
FACT_FILES = ("po_rules.yaml", "crisis.yaml", "rights.yaml", "organisations.yaml", "alternatives.yaml")
ALIAS_SEPARATOR = "|"


@dataclass
class RawData:
    """The files' content as parsed, each record tagged with the file it came from."""

    kommuner: list[dict[str, Any]] = field(default_factory=list)
    districts: list[dict[str, Any]] = field(default_factory=list)
    offices: list[dict[str, Any]] = field(default_factory=list)
    no_po_reports: list[dict[str, Any]] = field(default_factory=list)
    authorities: list[dict[str, Any]] = field(default_factory=list)
    checklists: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class KnowledgeData:
    kommuner: tuple[Kommun, ...]
    places: tuple[Place, ...]
    offices: tuple[Office, ...]
    no_po_reports: tuple[NoPoReport, ...]
    authorities: tuple[Authority, ...]
    checklists: tuple[Checklist, ...]
    facts: tuple[FactRecord, ...]


def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.iterdir() if p.suffix in {".yaml", ".csv"}):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _date(value: Any) -> Any:
    """CSV cells are text; YAML already gives dates."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def read_raw(data_dir: Path = DATA_DIR) -> RawData:
    raw = RawData()
    with (data_dir / KOMMUNER_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            raw.kommuner.append({**row, "verified": _date(row.get("verified")), "_file": KOMMUNER_FILE})
    for city in (_yaml(data_dir / DISTRICTS_FILE) or {}).get("cities", []):
        raw.districts.append({**city, "_file": DISTRICTS_FILE})
    for office in (_yaml(data_dir / OFFICES_FILE) or {}).get("offices", []):
        raw.offices.append({**office, "_file": OFFICES_FILE})
    for report in (_yaml(data_dir / NO_PO_FILE) or {}).get("reports", []):
        raw.no_po_reports.append({**report, "_file": NO_PO_FILE})
    for authority in (_yaml(data_dir / AUTHORITIES_FILE) or {}).get("authorities", []):
        raw.authorities.append({**authority, "_file": AUTHORITIES_FILE})
    for checklist in (_yaml(data_dir / CHECKLISTS_FILE) or {}).get("checklists", []):
        raw.checklists.append({**checklist, "_file": CHECKLISTS_FILE})
    for name in FACT_FILES:
        document = _yaml(data_dir / name) or {}
        for record in document.get("records", []):
            raw.facts.append({"topic": document.get("topic"), **record, "_file": name})
    return raw


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def _kommun(row: dict[str, Any]) -> Kommun:
    aliases = tuple(a.strip() for a in (row.get("alternativa_namn") or "").split(ALIAS_SEPARATOR) if a.strip())
    return Kommun(
        code=row["kommunkod"], name=row["kommun"], lan_code=row["lanskod"], lan=row["lan"],
        aliases=aliases, source=row["source"], verified=row["verified"],
    )


def _places(kommuner: tuple[Kommun, ...], districts: list[dict[str, Any]]) -> tuple[Place, ...]:
    places = [Place(k.name, "kommun", k.code, None, k.source, k.verified) for k in kommuner]
    places += [Place(alias, "alias", k.code, None, k.source, k.verified) for k in kommuner for alias in k.aliases]
    for city in districts:
        hidden = set(city.get("not_searchable") or ())
        code, source, verified = city["kommun_code"], city["source"], city["verified"]
        for district, parts in city["districts"].items():
            if district not in hidden:
                places.append(Place(district, "district", code, district, source, verified))
            places += [
                Place(part, "stadsdel", code, district, source, verified)
                for part in parts or ()
                if part != district and part not in hidden
            ]
        places += [
            Place(name, "stadsdel", code, district, source, verified)
            for name, district in (city.get("extra_names") or {}).items()
        ]
    return tuple(places)


def _office(raw: dict[str, Any]) -> Office:
    queue = raw.get("queue")
    return Office(
        id=raw["id"], name=raw["name"], lan=raw["lan"],
        kommun_codes=_tuple(raw["kommuner"]), areas=_tuple(raw.get("areas")), target=raw.get("target"),
        operator_type=raw["operator_type"], operator_name=raw.get("operator_name"),
        phone=raw.get("phone"), phone_kind=raw.get("phone_kind"), email=raw.get("email"),
        web=raw.get("web"), hours=raw.get("hours"),
        age_min=raw.get("age_min"), age_max=raw.get("age_max"),
        requirements=_tuple(raw.get("requirements")), priority_groups=_tuple(raw.get("priority_groups")),
        queue=Queue(queue["text"], queue["as_of"], queue["source"]) if queue else None,
        active=bool(raw["active"]), status_note=raw.get("status_note"), confidence=raw["confidence"],
        source=raw["source"], extra_sources=_tuple(raw.get("extra_sources")), verified=raw["verified"],
    )


def _authority(raw: dict[str, Any]) -> Authority:
    return Authority(
        key=raw["key"], name=raw["name"], aliases=_tuple(raw.get("aliases")), decides=raw["decides"],
        benefits=_tuple(raw.get("benefits")), phone=raw.get("phone"), phone_note=raw.get("phone_note"),
        web=raw.get("web"),
        deadlines=tuple(
            Deadline(d["key"], d["text"], d["period"], d["basis"], d["source"], d["verified"])
            for d in raw.get("deadlines") or ()
        ),
        documents_to_bring=_tuple(raw.get("documents_to_bring")),
        common_problems=_tuple(raw.get("common_problems")), next_step=raw["next_step"],
        source=raw["source"], extra_sources=_tuple(raw.get("extra_sources")), verified=raw["verified"],
    )


def _fact(raw: dict[str, Any]) -> FactRecord:
    return FactRecord(
        key=raw["key"], topic=raw["topic"], title=raw["title"], text=raw["text"],
        phone=raw.get("phone"), url=raw.get("url"), source=raw["source"], verified=raw["verified"],
    )


def to_records(raw: RawData) -> KnowledgeData:
    kommuner = tuple(_kommun(row) for row in raw.kommuner)
    return KnowledgeData(
        kommuner=kommuner,
        places=_places(kommuner, raw.districts),
        offices=tuple(_office(o) for o in raw.offices),
        no_po_reports=tuple(
            NoPoReport(r["kommun"], r["says"], r["as_of"], r["source"], r["verified"]) for r in raw.no_po_reports
        ),
        authorities=tuple(_authority(a) for a in raw.authorities),
        checklists=tuple(
            Checklist(c["key"], c["title"], _tuple(c.get("bring")), _tuple(c.get("say")), _tuple(c.get("ask")),
                      _tuple(c.get("write_down")), c["source"], c["verified"])
            for c in raw.checklists
        ),
        facts=tuple(_fact(f) for f in raw.facts),
    )
