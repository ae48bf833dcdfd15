"""Rules every data record must follow. `ombudsguiden kb check` reports them; loading refuses errors."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from knowledge.datafiles import RawData

ERROR = "fel"
STALE = "gammal"
DEFAULT_MAX_AGE_DAYS = 365
# A check made today in Sweden can look like tomorrow on a machine whose clock is behind.
CLOCK_TOLERANCE = dt.timedelta(days=1)
EXPECTED_KOMMUNER = 290

OPERATOR_TYPES = {"kommun", "forening", "stiftelse", "kommunalforbund", "foretag", "region", "okand"}
PHONE_KINDS = {"po", "vaxel"}
CONFIDENCE_LEVELS = {"high", "medium", "low"}
# Working files and tool ids mean nothing to a reader, and the bot shows sources to people.
INTERNAL_REFERENCE = re.compile(r"\b[\w-]+/[\w./-]+\.(?:txt|md|ya?ml|csv|json)\b|fact_audit|find_string", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KOMMUN_CODE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Problem:
    severity: str
    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.file}: {self.record}: {self.message}"


def _missing(record: dict[str, Any], fields: Iterable[str]) -> list[str]:
    return [name for name in fields if record.get(name) in (None, "", [])]


def _dated(record: dict[str, Any], label: str, today: dt.date, max_age: dt.timedelta) -> Iterator[Problem]:
    verified = record.get("verified")
    if not isinstance(verified, dt.date):
        yield Problem(ERROR, record["_file"], label, "verified saknas eller är inget datum (ÅÅÅÅ-MM-DD)")
    elif verified > today + CLOCK_TOLERANCE:
        yield Problem(ERROR, record["_file"], label, f"verified {verified} ligger i framtiden")
    elif today - verified > max_age:
        yield Problem(STALE, record["_file"], label, f"kontrollerades senast {verified}; kontrollera igen")
    source = record.get("source")
    if not source:
        yield Problem(ERROR, record["_file"], label, "source saknas")
    elif INTERNAL_REFERENCE.search(str(source)):
        yield Problem(ERROR, record["_file"], label, "source pekar på en intern fil; ange en webbadress eller ett dokument")


def _duplicates(records: list[dict[str, Any]], key: str, file_hint: str) -> Iterator[Problem]:
    counts = Counter(record.get(key) for record in records)
    for value, count in counts.items():
        if count > 1:
            yield Problem(ERROR, file_hint, str(value), f"finns {count} gånger")


def _kommuner(raw: RawData, codes: set[str]) -> Iterator[Problem]:
    if len(codes) != EXPECTED_KOMMUNER:
        yield Problem(ERROR, "kommuner.csv", "alla", f"{len(codes)} kommunkoder, väntade {EXPECTED_KOMMUNER}")
    yield from _duplicates(raw.kommuner, "kommunkod", "kommuner.csv")
    yield from _duplicates(raw.kommuner, "kommun", "kommuner.csv")
    for row in raw.kommuner:
        label = f"{row.get('kommunkod')} {row.get('kommun')}"
        if not KOMMUN_CODE.match(row.get("kommunkod") or ""):
            yield Problem(ERROR, row["_file"], label, "kommunkoden ska vara fyra siffror")
        elif row.get("lanskod") != row["kommunkod"][:2]:
            yield Problem(ERROR, row["_file"], label, "länskoden stämmer inte med kommunkoden")
        for name in _missing(row, ("kommun", "lan")):
            yield Problem(ERROR, row["_file"], label, f"{name} saknas")


def _districts(raw: RawData, codes: set[str]) -> Iterator[Problem]:
    for city in raw.districts:
        label = str(city.get("kommun_code"))
        if city.get("kommun_code") not in codes:
            yield Problem(ERROR, city["_file"], label, "okänd kommunkod")
        if not isinstance(city.get("districts"), dict) or not city["districts"]:
            yield Problem(ERROR, city["_file"], label, "districts saknas")
            continue
        for name, district in (city.get("extra_names") or {}).items():
            if district not in city["districts"]:
                yield Problem(ERROR, city["_file"], label, f"{name!r} pekar på okänt område {district!r}")


def _offices(raw: RawData, codes: set[str], districts: dict[str, set[str]]) -> Iterator[Problem]:
    yield from _duplicates(raw.offices, "id", "offices.yaml")
    required = ("id", "name", "lan", "kommuner", "operator_type", "confidence")
    for office in raw.offices:
        label = str(office.get("id"))
        file = office["_file"]
        for name in _missing(office, required):
            yield Problem(ERROR, file, label, f"{name} saknas")
        if not SLUG.match(str(office.get("id") or "")):
            yield Problem(ERROR, file, label, "id ska vara små bokstäver a–z, siffror och bindestreck")
        if not isinstance(office.get("active"), bool):
            yield Problem(ERROR, file, label, "active ska vara true eller false")
        for code, count in Counter(office.get("kommuner") or ()).items():
            if count > 1:
                yield Problem(ERROR, file, label, f"kommunen {code} står {count} gånger")
        for code in office.get("kommuner") or ():
            if code not in codes:
                yield Problem(ERROR, file, label, f"okänd kommunkod {code!r}")
        known_areas = set().union(*(districts.get(code, set()) for code in office.get("kommuner") or ()))
        for area in office.get("areas") or ():
            if area not in known_areas:
                yield Problem(ERROR, file, label, f"området {area!r} finns inte i districts.yaml för kommunerna")
        if office.get("operator_type") != "okand" and not office.get("operator_name"):
            yield Problem(ERROR, file, label, "operator_name saknas (eller sätt operator_type: okand)")
        if office.get("operator_type") not in OPERATOR_TYPES:
            yield Problem(ERROR, file, label, f"operator_type ska vara en av {sorted(OPERATOR_TYPES)}")
        if office.get("confidence") not in CONFIDENCE_LEVELS:
            yield Problem(ERROR, file, label, f"confidence ska vara en av {sorted(CONFIDENCE_LEVELS)}")
        if office.get("phone") and office.get("phone_kind") not in PHONE_KINDS:
            yield Problem(ERROR, file, label, "ett telefonnummer behöver phone_kind: po eller vaxel")
        for bound in ("age_min", "age_max"):
            if office.get(bound) is not None and not isinstance(office[bound], int):
                yield Problem(ERROR, file, label, f"{bound} ska vara ett heltal")
        queue = office.get("queue")
        if queue is not None:
            # An undated queue statement is kept as such (as_of: null); the bot then says it is undated.
            if _missing(queue, ("text", "source")) or not isinstance(queue.get("as_of"), (dt.date, type(None))):
                yield Problem(ERROR, file, label, "kön behöver text, source och as_of (datum eller null)")


def _no_po_reports(raw: RawData, codes: set[str]) -> Iterator[Problem]:
    yield from _duplicates(raw.no_po_reports, "kommun", "po_status.yaml")
    for report in raw.no_po_reports:
        label = str(report.get("kommun"))
        if report.get("kommun") not in codes:
            yield Problem(ERROR, report["_file"], label, "okänd kommunkod")
        if not report.get("says") or not isinstance(report.get("as_of"), dt.date):
            yield Problem(ERROR, report["_file"], label, "says och as_of (datum) behövs")


def _authorities(raw: RawData, today: dt.date, max_age: dt.timedelta) -> Iterator[Problem]:
    yield from _duplicates(raw.authorities, "key", "authorities.yaml")
    for authority in raw.authorities:
        label = str(authority.get("key"))
        for name in _missing(authority, ("key", "name", "decides", "next_step")):
            yield Problem(ERROR, authority["_file"], label, f"{name} saknas")
        for key, count in Counter(d.get("key") for d in authority.get("deadlines") or ()).items():
            if count > 1:
                yield Problem(ERROR, authority["_file"], f"{label}.{key}", f"tidsfristen finns {count} gånger")
        for deadline in authority.get("deadlines") or ():
            deadline_label = f"{label}.{deadline.get('key')}"
            for name in _missing(deadline, ("key", "text", "period", "basis")):
                yield Problem(ERROR, authority["_file"], deadline_label, f"{name} saknas")
            yield from _dated({**deadline, "_file": authority["_file"]}, deadline_label, today, max_age)


def _checklists(raw: RawData) -> Iterator[Problem]:
    yield from _duplicates(raw.checklists, "key", "checklists.yaml")
    for checklist in raw.checklists:
        for name in _missing(checklist, ("key", "title", "bring", "say", "ask", "write_down")):
            yield Problem(ERROR, checklist["_file"], str(checklist.get("key")), f"{name} saknas")


def _facts(raw: RawData) -> Iterator[Problem]:
    yield from _duplicates(raw.facts, "key", "fakta")
    for fact in raw.facts:
        for name in _missing(fact, ("key", "topic", "title", "text")):
            yield Problem(ERROR, fact["_file"], str(fact.get("key")), f"{name} saknas")


def find_problems(raw: RawData, today: dt.date, max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> list[Problem]:
    max_age = dt.timedelta(days=max_age_days)
    codes = {row.get("kommunkod") for row in raw.kommuner}
    districts: dict[str, set[str]] = {}
    for city in raw.districts:
        districts.setdefault(city.get("kommun_code"), set()).update((city.get("districts") or {}).keys())
    problems = [
        *_kommuner(raw, codes),
        *_districts(raw, codes),
        *_offices(raw, codes, districts),
        *_no_po_reports(raw, codes),
        *_authorities(raw, today, max_age),
        *_checklists(raw),
        *_facts(raw),
    ]
    for group, key in ((raw.kommuner, "kommunkod"), (raw.districts, "kommun_code"), (raw.offices, "id"),
                       (raw.no_po_reports, "kommun"), (raw.authorities, "key"), (raw.checklists, "key"),
                       (raw.facts, "key")):
        for record in group:
            problems.extend(_dated(record, str(record.get(key)), today, max_age))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == ERROR]
