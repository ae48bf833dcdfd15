"""Plain, immutable records: what the knowledge base hands to the rest of the program.

Every sourced record keeps two dates: `source_date`, the date its source bears for what it says
(people are shown this one, "uppgift från 2019"), and `verified`, the day someone last checked the
record against that source. A source without any date has `source_date` None, and the bot says so.

These dataclasses are the one description of the knowledge: the database tables and their
mapping are derived from them (knowledge/tables.py), so a new field is added here only.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

# Marks the field (or fields) that identify a record in its table.
KEY = {"key": True}
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class SourceDate:
    """The date a source bears: a day, a month, or only a year ("2019")."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        self.latest_day()  # raises ValueError for a month or day that does not exist

    @classmethod
    def parse(cls, value: Any) -> SourceDate | None:
        """2019, "2019", "2019-03", "2019-03-15" or a date; None stays None. Anything else raises ValueError."""
        if value is None:
            return None
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        found = _PARTIAL_DATE.match(str(value).strip())
        if found is None:
            raise ValueError(f"not a date like 2019, 2019-03 or 2019-03-15: {value!r}")
        year, month, day = (int(part) if part else None for part in found.groups())
        return cls(year, month, day)  # type: ignore[arg-type]  # the year group always matches

    def iso(self) -> str:
        return "-".join([f"{self.year:04d}", *(f"{part:02d}" for part in (self.month, self.day) if part)])

    def latest_day(self) -> dt.date:
        """The last day the date can mean: a source dated "2019" may be from December 2019."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)


class Sourced(Protocol):
    """Any record that says where it comes from; read-only, as the frozen records are."""

    @property
    def source(self) -> str: ...

    @property
    def source_date(self) -> SourceDate | None: ...


@dataclass(frozen=True)
class Kommun:
    code: str = field(metadata=KEY)
    name: str
    lan_code: str
    lan: str
    aliases: tuple[str, ...]
    source: str
    source_date: SourceDate | None
    verified: dt.date


@dataclass(frozen=True)
class Place:
    """A name a person may use for where they live: a kommun, an alias, a stadsdel or district."""

    name: str
    kind: str  # kommun | alias | district | stadsdel
    kommun_code: str
    area: str | None  # the district (stadsdelsområde/stadsområde) the place belongs to
    source: str
    source_date: SourceDate | None
    verified: dt.date


@dataclass(frozen=True)
class PlaceMatch:
    kommun_code: str
    kommun: str
    lan: str
    place: str
    kind: str
    area: str | None
    score: float  # 0–100; 100 is an exact match of the whole question
    mistyped: bool = False  # the name with one letter wrong, missing, added or two swapped ("gävel", "örebo")


@dataclass(frozen=True)
class Queue:
    text: str
    source_date: SourceDate | None  # None: the source gives no date, and the bot says so
    source: str


@dataclass(frozen=True)
class Office:
    id: str = field(metadata=KEY)
    name: str
    lan: str
    kommun_codes: tuple[str, ...]
    areas: tuple[str, ...]
    target: str | None
    operator_type: str
    operator_name: str | None
    phone: str | None
    phone_kind: str | None  # "po": the ombud's own line; "vaxel": a kommun's switchboard
    phone_owner: str | None  # for a switchboard: the code of the kommun it belongs to
    email: str | None
    web: str | None
    hours: str | None
    age_min: int | None
    age_max: int | None
    requirements: tuple[str, ...]
    priority_groups: tuple[str, ...]
    queue: Queue | None
    active: bool
    status_note: str | None
    confidence: str
    source: str
    source_date: SourceDate | None
    extra_sources: tuple[str, ...]
    verified: dt.date


@dataclass(frozen=True)
class Switchboard:
    """A kommun's own switchboard (växel): where to ask for personligt ombud or socialtjänsten."""

    kommun_code: str = field(metadata=KEY)
    phone: str
    source: str
    source_date: SourceDate | None
    verified: dt.date


@dataclass(frozen=True)
class NoPoReport:
    """A dated statement that a kommun had no personligt ombud."""

    kommun_code: str = field(metadata=KEY)
    says: str
    source: str
    source_date: SourceDate | None
    verified: dt.date
    # Where another source says otherwise: which source won and why, so the decision is not made twice.
    status_note: str | None


@dataclass(frozen=True)
class SearchNote:
    """What was searched for a kommun where neither an office nor a dated "no PO" was found.

    "Unknown" is an answer only together with what was looked for: the next person starts where
    this search ended instead of repeating it.
    """

    kommun_code: str = field(metadata=KEY)
    searched: str
    verified: dt.date


@dataclass(frozen=True)
class Deadline:
    key: str
    text: str
    period: str
    basis: str
    source: str
    source_date: SourceDate | None
    verified: dt.date


@dataclass(frozen=True)
class Authority:
    key: str = field(metadata=KEY)
    name: str
    aliases: tuple[str, ...]
    decides: str
    benefits: tuple[str, ...]
    phone: str | None
    phone_note: str | None
    web: str | None
    deadlines: tuple[Deadline, ...]
    documents_to_bring: tuple[str, ...]
    common_problems: tuple[str, ...]
    next_step: str
    source: str
    source_date: SourceDate | None
    extra_sources: tuple[str, ...]
    verified: dt.date


@dataclass(frozen=True)
class Checklist:
    """Advice for a first contact: what to bring, say, ask and write down."""

    key: str = field(metadata=KEY)
    title: str
    bring: tuple[str, ...]
    say: tuple[str, ...]
    ask: tuple[str, ...]
    write_down: tuple[str, ...]
    source: str
    source_date: SourceDate | None
    verified: dt.date


@dataclass(frozen=True)
class FactRecord:
    key: str = field(metadata=KEY)
    topic: str
    title: str
    text: str
    phone: str | None
    url: str | None
    source: str
    source_date: SourceDate | None
    verified: dt.date
    # The same fact in plain English, for people who write in English; same source, same date.
    text_en: str | None = None


@dataclass(frozen=True)
class Question:
    """A question people ask, and where its answer is: references to sourced records, never text of its own.

    `answers` are references: "fact:<key>", "authority:<key>:<field>", "authority:<key>:benefit:<start>",
    "deadline:<authority>:<key>" or "office:queue". `offer` names one follow-up: another question, an
    authority, or one of NEXT_STEPS.
    """

    key: str = field(metadata=KEY)
    title: str
    answers: tuple[str, ...]
    offer: str | None


# What the bot can offer after an answer, besides another question or an authority.
NEXT_STEPS = ("find_office", "check_eligibility", "ask_human", "prepare_contact")

