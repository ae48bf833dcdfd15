"""Plain, immutable records: what the knowledge base hands to the rest of the program."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Kommun:
    code: str
    name: str
    lan_code: str
    lan: str
    aliases: tuple[str, ...]
    source: str
    verified: dt.date


@dataclass(frozen=True)
class Place:
    """A name a person may use for where they live: a kommun, an alias, a stadsdel or district."""

    name: str
    kind: str  # kommun | alias | district | stadsdel
    kommun_code: str
    area: str | None  # the district (stadsdelsområde/stadsområde) the place belongs to
    source: str
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


@dataclass(frozen=True)
class Queue:
    text: str
    as_of: dt.date | None  # None: the source gives no date, and the bot says so
    source: str


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    lan: str
    kommun_codes: tuple[str, ...]
    areas: tuple[str, ...]
    target: str | None
    operator_type: str
    operator_name: str | None
    phone: str | None
    phone_kind: str | None
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
    extra_sources: tuple[str, ...]
    verified: dt.date


@dataclass(frozen=True)
class NoPoReport:
    """A dated statement that a kommun had no personligt ombud."""

    kommun_code: str
    says: str
    as_of: dt.date
    source: str
    verified: dt.date


@dataclass(frozen=True)
class Deadline:
    key: str
    text: str
    period: str
    basis: str
    source: str
    verified: dt.date


@dataclass(frozen=True)
class Authority:
    key: str
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
    extra_sources: tuple[str, ...]
    verified: dt.date


@dataclass(frozen=True)
class Checklist:
    """Advice for a first contact: what to bring, say, ask and write down."""

    key: str
    title: str
    bring: tuple[str, ...]
    say: tuple[str, ...]
    ask: tuple[str, ...]
    write_down: tuple[str, ...]
    source: str
    verified: dt.date


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
