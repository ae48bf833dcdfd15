"""Rules every data record must follow. `ombudsguiden kb check` reports them; loading refuses errors.

Three kinds of problem: errors (loading refuses the files), a check that is too long ago
(`verified` older than the re-check interval), and a source that is old or undated for the kind
of fact it carries: a phone number, a queue, whether an office exists, a "no PO" report, or any
other fact. Each kind has its own age limit, because a phone number ages faster than a law.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.datafiles import RawData
from knowledge.records import (
    NEXT_STEPS,
    Authority,
    Checklist,
    Deadline,
    FactRecord,
    NoPoReport,
    Office,
    Question,
    SearchNote,
    SourceDate,
    Switchboard,
)

ERROR = "fel"
STALE = "gammal kontroll"
OLD_SOURCE = "gammal källa"
UNDATED = "odaterad källa"
WARNINGS = (STALE, OLD_SOURCE, UNDATED)
DEFAULT_MAX_AGE_DAYS = 365
# A check made today in Sweden can look like tomorrow on a machine whose clock is behind.
CLOCK_TOLERANCE = dt.timedelta(days=1)
EXPECTED_KOMMUNER = 290

# Kinds of fact, and how old (in days) their source may be before `kb check` warns.
PHONE, QUEUE, OFFICE, NO_PO, FACT = "telefon", "kö", "verksamhet", "inget_po", "fakta"
DEFAULT_SOURCE_AGE_LIMITS = {PHONE: 3 * 365, QUEUE: 365, OFFICE: 3 * 365, NO_PO: 3 * 365, FACT: 5 * 365}
KIND_LABELS = {PHONE: "telefonnummer", QUEUE: "kö", OFFICE: "att verksamheten finns", NO_PO: "uppgift om inget PO",
               FACT: "fakta"}

OPERATOR_TYPES = {"kommun", "forening", "stiftelse", "kommunalforbund", "foretag", "region", "okand"}
PHONE_KINDS = {"po", "vaxel"}
CONFIDENCE_LEVELS = {"high", "medium", "low"}
# Working files and tool ids mean nothing to a reader, and the bot shows sources to people.
INTERNAL_REFERENCE = re.compile(r"\b[\w-]+/[\w./-]+\.(?:txt|md|ya?ml|csv|json)\b|fact_audit|find_string", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KOMMUN_CODE = re.compile(r"^\d{4}$")
# Keys a data file may hold besides a record's own fields.
EXTRA_KEYS = {"_file", "name", "source_date_note", "alternativa_namn"}
# English texts are read by people who may read English as a second language: short sentences, and
# nothing that needs a Swedish keyboard to look up. A number the Swedish text does not have would be
# a fact nobody sourced.
MAX_ENGLISH_SENTENCE_WORDS = 15
SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Problem:
    severity: str
    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.file}: {self.record}: {self.message}"


def _missing(record: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    return [name for name in fields if record.get(name) in (None, "", [])]


def _unknown_keys(record: Mapping[str, Any], cls: type, label: str) -> Iterator[Problem]:
    """A misspelt key would silently be ignored: the fact it carries would never be said."""
    known = {f.name for f in dataclasses.fields(cls)} | EXTRA_KEYS
    for key in sorted(set(record) - known):
        yield Problem(ERROR, record["_file"], label, f"okänt fält {key!r}")


def _source_date(record: Mapping[str, Any], label: str, file: str) -> Iterator[Problem]:
    if "source_date" not in record:
        yield Problem(ERROR, file, label,
                      "source_date saknas (källans eget datum, t.ex. 2019-03; null om den saknar datum)")
        return
    try:
        SourceDate.parse(record["source_date"])
    except ValueError:
        yield Problem(ERROR, file, label, f"source_date {record['source_date']!r} är inget datum som 2019, 2019-03 "
                                          f"eller 2019-03-15")


def _verified(record: Mapping[str, Any], label: str, today: dt.date, max_age: dt.timedelta) -> Iterator[Problem]:
    verified = record.get("verified")
    if not isinstance(verified, dt.date):
        yield Problem(ERROR, record["_file"], label, "verified saknas eller är inget datum (ÅÅÅÅ-MM-DD)")
    elif verified > today + CLOCK_TOLERANCE:
        yield Problem(ERROR, record["_file"], label, f"verified {verified} ligger i framtiden")
    elif today - verified > max_age:
        yield Problem(STALE, record["_file"], label, f"kontrollerades senast {verified}; kontrollera igen")


def _dated(record: Mapping[str, Any], label: str, today: dt.date, max_age: dt.timedelta) -> Iterator[Problem]:
    yield from _verified(record, label, today, max_age)
    source = record.get("source")
    if not source:
        yield Problem(ERROR, record["_file"], label, "source saknas")
    elif INTERNAL_REFERENCE.search(str(source)):
        yield Problem(ERROR, record["_file"], label,
                      "source pekar på en intern fil; ange en webbadress eller ett dokument")
    yield from _source_date(record, label, record["_file"])


def _duplicates(records: list[dict[str, Any]], key: str, file_hint: str) -> Iterator[Problem]:
    counts = Counter(record.get(key) for record in records)
    for value, count in counts.items():
        if count > 1:
            yield Problem(ERROR, file_hint, str(value), f"finns {count} gånger")


def _kommuner(raw: RawData, codes: set[str]) -> Iterator[Problem]:
    if len(codes) != EXPECTED_KOMMUNER:
        yield Problem(ERROR, "kommuner.csv", "alla", f"{len(codes)} kommunkoder, väntade {EXPECTED_KOMMUNER}")
    yield from _duplicates(raw.kommuner, "code", "kommuner.csv")
    yield from _duplicates(raw.kommuner, "name", "kommuner.csv")
    for row in raw.kommuner:
        label = f"{row.get('code')} {row.get('name')}"
        if not KOMMUN_CODE.match(row.get("code") or ""):
            yield Problem(ERROR, row["_file"], label, "kommunkoden ska vara fyra siffror")
        elif row.get("lan_code") != row["code"][:2]:
            yield Problem(ERROR, row["_file"], label, "länskoden stämmer inte med kommunkoden")
        for name in _missing(row, ("name", "lan")):
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


def _office(office: dict[str, Any], codes: set[str], districts: Mapping[str | None, set[str]]) -> Iterator[Problem]:
    label, file = str(office.get("id")), office["_file"]
    yield from _unknown_keys(office, Office, label)
    for name in _missing(office, ("id", "name", "lan", "kommun_codes", "operator_type", "confidence")):
        yield Problem(ERROR, file, label, f"{name} saknas")
    if not SLUG.match(str(office.get("id") or "")):
        yield Problem(ERROR, file, label, "id ska vara små bokstäver a–z, siffror och bindestreck")
    if not isinstance(office.get("active"), bool):
        yield Problem(ERROR, file, label, "active ska vara true eller false")
    served = office.get("kommun_codes") or ()
    for code, count in Counter(served).items():
        if count > 1:
            yield Problem(ERROR, file, label, f"kommunen {code} står {count} gånger")
    for code in served:
        if code not in codes:
            yield Problem(ERROR, file, label, f"okänd kommunkod {code!r}")
    known_areas = set().union(*(districts.get(code, set()) for code in served))
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
    if office.get("phone_kind") == "vaxel" and office.get("phone_owner") not in codes:
        yield Problem(ERROR, file, label, "ett växelnummer behöver phone_owner: koden för kommunen som äger växeln")
    for bound in ("age_min", "age_max"):
        if office.get(bound) is not None and not isinstance(office[bound], int):
            yield Problem(ERROR, file, label, f"{bound} ska vara ett heltal")
    queue = office.get("queue")
    if queue is not None:
        if _missing(queue, ("text", "source")):
            yield Problem(ERROR, file, label, "kön behöver text, source och source_date (datum eller null)")
        yield from _source_date(queue, f"{label} (kö)", file)


def _offices(raw: RawData, codes: set[str], districts: Mapping[str | None, set[str]]) -> Iterator[Problem]:
    yield from _duplicates(raw.offices, "id", "offices.yaml")
    for office in raw.offices:
        yield from _office(office, codes, districts)


def _reports(records: list[dict[str, Any]], cls: type, file: str, codes: set[str], needed: tuple[str, ...]
             ) -> Iterator[Problem]:
    yield from _duplicates(records, "kommun_code", file)
    for record in records:
        label = str(record.get("kommun_code"))
        yield from _unknown_keys(record, cls, label)
        if record.get("kommun_code") not in codes:
            yield Problem(ERROR, record["_file"], label, "okänd kommunkod")
        for name in _missing(record, needed):
            yield Problem(ERROR, record["_file"], label, f"{name} saknas")


def known_kommun_codes(raw: RawData) -> set[str | None]:
    """Kommuner with an active office or a dated "no PO": what coverage counts as known.
    A report without a kommun code (an error of its own) adds None."""
    served = {code for office in raw.offices if office.get("active") is True
              for code in office.get("kommun_codes") or ()}
    return served | {r.get("kommun_code") for r in raw.no_po_reports if r.get("source_date") is not None}


def _search_notes(raw: RawData, codes: set[str], today: dt.date, max_age: dt.timedelta) -> Iterator[Problem]:
    """An "unknown" kommun needs a note of what was searched; a note on a known kommun says something false."""
    yield from _reports(raw.search_notes, SearchNote, "po_status.yaml", codes, ("searched",))
    known = known_kommun_codes(raw)
    for note in raw.search_notes:
        label = str(note.get("kommun_code"))
        if note.get("kommun_code") in known:
            yield Problem(ERROR, note["_file"], label, "står under unknown men har en verksamhet eller en daterad "
                                                       "uppgift om inget PO; ta bort anteckningen")
        yield from _verified(note, label, today, max_age)


def _authorities(raw: RawData, today: dt.date, max_age: dt.timedelta) -> Iterator[Problem]:
    yield from _duplicates(raw.authorities, "key", "authorities.yaml")
    for authority in raw.authorities:
        label = str(authority.get("key"))
        yield from _unknown_keys(authority, Authority, label)
        for name in _missing(authority, ("key", "name", "decides", "next_step")):
            yield Problem(ERROR, authority["_file"], label, f"{name} saknas")
        for key, count in Counter(d.get("key") for d in authority.get("deadlines") or ()).items():
            if count > 1:
                yield Problem(ERROR, authority["_file"], f"{label}.{key}", f"tidsfristen finns {count} gånger")
        for deadline in authority.get("deadlines") or ():
            deadline_label = f"{label}.{deadline.get('key')}"
            yield from _unknown_keys({**deadline, "_file": authority["_file"]}, Deadline, deadline_label)
            for name in _missing(deadline, ("key", "text", "period", "basis")):
                yield Problem(ERROR, authority["_file"], deadline_label, f"{name} saknas")
            yield from _dated({**deadline, "_file": authority["_file"]}, deadline_label, today, max_age)


def _checklists(raw: RawData) -> Iterator[Problem]:
    yield from _duplicates(raw.checklists, "key", "checklists.yaml")
    for checklist in raw.checklists:
        yield from _unknown_keys(checklist, Checklist, str(checklist.get("key")))
        for name in _missing(checklist, ("key", "title", "bring", "say", "ask", "write_down")):
            yield Problem(ERROR, checklist["_file"], str(checklist.get("key")), f"{name} saknas")


def _english(fact: Mapping[str, Any], label: str) -> Iterator[Problem]:
    """An English text says the same fact as the Swedish one: the same numbers, in short plain sentences."""
    if "text_en" not in fact:
        return
    english = fact["text_en"]
    if not isinstance(english, str) or not english.strip():
        yield Problem(ERROR, fact["_file"], label, "text_en är tom; ta bort fältet eller skriv texten")
        return
    if SWEDISH_LETTERS.search(english):
        yield Problem(ERROR, fact["_file"], label, "text_en har å, ä eller ö; skriv namnet på engelska")
    for sentence in _SENTENCE_END.split(english.strip()):
        if len(_WORD.findall(sentence)) > MAX_ENGLISH_SENTENCE_WORDS:
            yield Problem(ERROR, fact["_file"], label, f"text_en har en mening med fler än "
                                                       f"{MAX_ENGLISH_SENTENCE_WORDS} ord: {sentence!r}")
    if sorted(_NUMBER.findall(english)) != sorted(_NUMBER.findall(str(fact.get("text") or ""))):
        yield Problem(ERROR, fact["_file"], label, "text_en och text har inte samma siffror")
    # The Swedish reply adds a phone number its text lacks (bot/logic/say.py); the English one says its text only.
    if fact.get("phone") and str(fact["phone"]) not in english:
        yield Problem(ERROR, fact["_file"], label, "text_en saknar telefonnumret")


def _facts(raw: RawData) -> Iterator[Problem]:
    yield from _duplicates(raw.facts, "key", "fakta")
    for fact in raw.facts:
        yield from _unknown_keys(fact, FactRecord, str(fact.get("key")))
        for name in _missing(fact, ("key", "topic", "title", "text")):
            yield Problem(ERROR, fact["_file"], str(fact.get("key")), f"{name} saknas")
        yield from _english(fact, str(fact.get("key")))


AUTHORITY_FIELDS = ("phone", "decides", "next_step", "documents_to_bring")


def _answer_problem(reference: str, raw: RawData) -> str | None:
    """Why a question's answer reference points at nothing, or None when it points at a record."""
    kind, _, rest = reference.partition(":")
    authorities = {a.get("key"): a for a in raw.authorities}
    if kind == "fact":
        return None if rest in {f.get("key") for f in raw.facts} else f"ingen fakta {rest!r}"
    if kind == "office" and rest == "queue":
        return None
    name, _, field_name = rest.partition(":")
    authority = authorities.get(name)
    if authority is None:
        return f"ingen myndighet {name!r}"
    if kind == "deadline":
        return None if field_name in {d.get("key") for d in authority.get("deadlines") or ()} else \
            f"ingen tidsfrist {field_name!r} hos {name}"
    if kind == "authority" and field_name in AUTHORITY_FIELDS:
        return None if authority.get(field_name) else f"{name} har inget {field_name}"
    if kind == "authority" and field_name.startswith("benefit:"):
        start = field_name.removeprefix("benefit:")
        return None if any(str(b).startswith(start) for b in authority.get("benefits") or ()) else \
            f"ingen förmån hos {name} som börjar med {start!r}"
    return f"okänd hänvisning {reference!r}"


def _questions(raw: RawData) -> Iterator[Problem]:
    yield from _duplicates(raw.questions, "key", "questions.yaml")
    keys = {q.get("key") for q in raw.questions}
    offers = keys | {a.get("key") for a in raw.authorities} | set(NEXT_STEPS)
    for question in raw.questions:
        label = str(question.get("key"))
        yield from _unknown_keys(question, Question, label)
        for name in _missing(question, ("key", "title", "answers")):
            yield Problem(ERROR, question["_file"], label, f"{name} saknas")
        for reference in question.get("answers") or ():
            if problem := _answer_problem(str(reference), raw):
                yield Problem(ERROR, question["_file"], label, problem)
        if question.get("offer") is not None and question["offer"] not in offers:
            yield Problem(ERROR, question["_file"], label, f"okänt erbjudande {question['offer']!r}")
        if question.get("offer") == question.get("key"):
            yield Problem(ERROR, question["_file"], label, "erbjuder sig själv: knappen skulle ge samma svar igen")


def _kinds(group: str, record: Mapping[str, Any]) -> list[str]:
    """Which kinds of fact a record's own source vouches for."""
    if group == "offices":
        return [OFFICE, *([PHONE] if record.get("phone") else [])]
    if group == "no_po_reports":
        return [NO_PO]
    if group == "switchboards":
        return [PHONE]
    if group in ("authorities", "facts"):
        return [PHONE] if record.get("phone") else [FACT]
    return [FACT]


def source_age_problems(label: str, file: str, source_date: Any, kinds: Iterable[str], today: dt.date,
                        limits: Mapping[str, int | None]) -> Iterator[Problem]:
    """A warning when a source is older than the limit of a kind of fact it vouches for, or has no date."""
    limited = [kind for kind in kinds if limits.get(kind) is not None]
    if not limited:
        return
    try:
        dated = SourceDate.parse(source_date)
    except ValueError:
        return  # reported as an error already
    if dated is None:
        names = ", ".join(KIND_LABELS[kind] for kind in limited)
        yield Problem(UNDATED, file, label, f"källan har inget datum ({names})")
        return
    too_old = [kind for kind in limited if (today - dated.latest_day()).days > (limits[kind] or 0)]
    if too_old:
        names = ", ".join(f"{KIND_LABELS[kind]} högst {limits[kind]} dagar" for kind in too_old)
        yield Problem(OLD_SOURCE, file, label, f"källan är från {dated.iso()} ({names})")


def _source_ages(raw: RawData, today: dt.date, limits: Mapping[str, int | None]) -> Iterator[Problem]:
    groups = (("offices", raw.offices, "id"), ("no_po_reports", raw.no_po_reports, "kommun_code"),
              ("switchboards", raw.switchboards, "kommun_code"), ("authorities", raw.authorities, "key"),
              ("facts", raw.facts, "key"), ("checklists", raw.checklists, "key"))
    for group, records, key in groups:
        for record in records:
            label = str(record.get(key))
            yield from source_age_problems(label, record["_file"], record.get("source_date"), _kinds(group, record),
                                           today, limits)
            if group == "offices" and isinstance(record.get("queue"), dict):
                yield from source_age_problems(f"{label} (kö)", record["_file"], record["queue"].get("source_date"),
                                               [QUEUE], today, limits)
            if group == "authorities":
                for deadline in record.get("deadlines") or ():
                    yield from source_age_problems(f"{label}.{deadline.get('key')}", record["_file"],
                                                   deadline.get("source_date"), [FACT], today, limits)


def find_problems(raw: RawData, today: dt.date, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                  source_age_limits: Mapping[str, int | None] | None = None) -> list[Problem]:
    max_age = dt.timedelta(days=max_age_days)
    codes: set[str] = {row["code"] for row in raw.kommuner if row.get("code")}
    # A city without a kommun code (an error of its own) is kept under None.
    districts: dict[str | None, set[str]] = {}
    for city in raw.districts:
        districts.setdefault(city.get("kommun_code"), set()).update((city.get("districts") or {}).keys())
    problems = [
        *_kommuner(raw, codes),
        *_districts(raw, codes),
        *_offices(raw, codes, districts),
        *_reports(raw.no_po_reports, NoPoReport, "po_status.yaml", codes, ("says",)),
        *_reports(raw.switchboards, Switchboard, "switchboards.yaml", codes, ("phone",)),
        *_search_notes(raw, codes, today, max_age),
        *_authorities(raw, today, max_age),
        *_checklists(raw),
        *_facts(raw),
        *_questions(raw),
    ]
    for group, key in ((raw.kommuner, "code"), (raw.districts, "kommun_code"), (raw.offices, "id"),
                       (raw.no_po_reports, "kommun_code"), (raw.switchboards, "kommun_code"),
                       (raw.authorities, "key"), (raw.checklists, "key"), (raw.facts, "key")):
        for record in group:
            problems.extend(_dated(record, str(record.get(key)), today, max_age))
    limits = DEFAULT_SOURCE_AGE_LIMITS if source_age_limits is None else source_age_limits
    problems.extend(_source_ages(raw, today, limits))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == ERROR]
