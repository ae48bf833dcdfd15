"""Contact requests to a human ombud: stored in one transaction, read only by the right office.

A request holds what the person approved and nothing more. It is deleted when the person
withdraws it with their reference code, and by `purge` after the retention period.
Accounts, the audit log and the inbox actions are here too, so that every rule about who
may see what lives in one module.
"""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.db import get_engine, session_scope
from knowledge.migrate import upgrade
from knowledge.schema import AuditRow, HandoffNoteRow, HandoffRow, OmbudAccountRow

CONTACT_METHODS = {"phone": "Telefon", "email": "E-post", "self": "Personen hör av sig själv"}
CONTACT_TIMES = {"forenoon": "Förmiddag", "afternoon": "Eftermiddag", "any": "När som helst"}
OMBUD_WISHES = {"woman": "Kvinnligt ombud", "man": "Manligt ombud"}
# Priority facts PO offices use when the queue is long (see offices.yaml priority_groups).
PRIORITY_FLAGS = {
    "children": "Barn hemma",
    "losing_home": "Risk att förlora bostaden",
    "no_other_contact": "Ingen annan kontakt med myndigheter",
    "young_adult": "18–25 år",
}
NEW, CLAIMED, CONTACTED, CLOSED = "new", "claimed", "contacted", "closed"
STATUSES = {NEW: "Ny", CLAIMED: "Tagen", CONTACTED: "Kontaktad", CLOSED: "Avslutad"}
# No 0/O or 1/I: a code read aloud on the phone must not be misheard.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_CLOSED_RETENTION_DAYS = 30
DEFAULT_ANY_RETENTION_DAYS = 180


class HandoffError(ValueError):
    """A request that breaks the rules (unknown category, empty summary …) is never stored."""


@dataclass(frozen=True)
class ContactRequest:
    office_id: str
    kommun_code: str | None
    summary: str
    contact_method: str
    contact_value: str | None
    contact_time: str
    name: str | None = None
    ombud_wish: str | None = None
    flags: tuple[str, ...] = ()
    on_behalf: bool = False
    transcript: str | None = None  # only when the person agreed to share the conversation


@dataclass(frozen=True)
class Note:
    author: str | None
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Handoff:
    id: int
    reference: str
    request: ContactRequest
    status: str
    claimed_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    office_id: str


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _engine(engine: Engine | None) -> Engine:
    engine = engine or get_engine()
    upgrade(engine)
    return engine


def format_reference(code: str) -> str:
    """'K7PQ4XRT' -> 'K7PQ-4XRT': easier to read aloud and to type."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_reference(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _check(request: ContactRequest) -> None:
    problems = []
    if not request.summary.strip():
        problems.append("empty summary")
    if request.contact_method not in CONTACT_METHODS:
        problems.append(f"contact method {request.contact_method!r}")
    if request.contact_method in ("phone", "email") and not request.contact_value:
        problems.append("no phone number or e-mail address")
    if request.contact_time not in CONTACT_TIMES:
        problems.append(f"contact time {request.contact_time!r}")
    if request.ombud_wish not in (None, *OMBUD_WISHES):
        problems.append(f"ombud wish {request.ombud_wish!r}")
    problems += [f"flag {flag!r}" for flag in request.flags if flag not in PRIORITY_FLAGS]
    if problems:
        raise HandoffError("; ".join(problems))


def create(request: ContactRequest, engine: Engine | None = None) -> str:
    """Stores the request in one transaction and returns its reference code ('K7PQ-4XRT')."""
    _check(request)
    engine = _engine(engine)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
    moment = now()
    with session_scope(engine) as session:
        session.add(HandoffRow(
            reference=code, office_id=request.office_id, kommun_code=request.kommun_code,
            summary=request.summary, contact_method=request.contact_method, contact_value=request.contact_value,
            contact_time=request.contact_time, name=request.name, ombud_wish=request.ombud_wish,
            flags=list(request.flags), on_behalf=request.on_behalf, transcript=request.transcript,
            status=NEW, created_at=moment, updated_at=moment,
        ))
    return format_reference(code)


def withdraw(reference: str, engine: Engine | None = None) -> bool:
    """Deletes the request with this code at once, notes included. False if there is none."""
    engine = _engine(engine)
    with session_scope(engine) as session:
        row = session.scalar(select(HandoffRow).where(HandoffRow.reference == normalise_reference(reference)))
        if row is None:
            return False
        session.execute(delete(HandoffNoteRow).where(HandoffNoteRow.handoff_id == row.id))
        session.delete(row)
    return True


def _handoff(session: Session, row: HandoffRow) -> Handoff:
    emails = dict(session.execute(select(OmbudAccountRow.id, OmbudAccountRow.email)).all())
    notes = session.scalars(
        select(HandoffNoteRow).where(HandoffNoteRow.handoff_id == row.id).order_by(HandoffNoteRow.id))
    request = ContactRequest(
        office_id=row.office_id, kommun_code=row.kommun_code, summary=row.summary,
        contact_method=row.contact_method, contact_value=row.contact_value, contact_time=row.contact_time,
        name=row.name, ombud_wish=row.ombud_wish, flags=tuple(row.flags), on_behalf=row.on_behalf,
        transcript=row.transcript,
    )
    return Handoff(
        id=row.id, reference=format_reference(row.reference), request=request, status=row.status,
        claimed_by=emails.get(row.claimed_by), created_at=_aware(row.created_at), updated_at=_aware(row.updated_at),
        notes=tuple(Note(emails.get(n.account_id), n.text, _aware(n.created_at)) for n in notes),
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; everything here is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def for_office(office_id: str, engine: Engine | None = None) -> list[Handoff]:
    """The office's requests, newest first. Never another office's."""
    engine = _engine(engine)
    with session_scope(engine) as session:
        found = session.scalars(
            select(HandoffRow).where(HandoffRow.office_id == office_id).order_by(HandoffRow.created_at.desc()))
        return [_handoff(session, row) for row in found]


def get(office_id: str, handoff_id: int, engine: Engine | None = None) -> Handoff | None:
    """One request, only if it belongs to this office."""
    engine = _engine(engine)
    with session_scope(engine) as session:
        row = session.get(HandoffRow, handoff_id)
        return _handoff(session, row) if row is not None and row.office_id == office_id else None


def _change(office_id: str, handoff_id: int, engine: Engine | None, status: str | None = None,
            claimed_by: int | None = None, note: tuple[int, str] | None = None) -> bool:
    engine = _engine(engine)
    with session_scope(engine) as session:
        row = session.get(HandoffRow, handoff_id)
        if row is None or row.office_id != office_id:
            return False
        moment = now()
        if status is not None:
            row.status = status
            row.closed_at = moment if status == CLOSED else None
        if claimed_by is not None:
            row.claimed_by = claimed_by
        if note is not None:
            session.add(HandoffNoteRow(handoff_id=row.id, account_id=note[0], text=note[1], created_at=moment))
        row.updated_at = moment
    return True


def claim(account: Account, handoff_id: int, engine: Engine | None = None) -> bool:
    return _change(account.office_id, handoff_id, engine, status=CLAIMED, claimed_by=account.id)


def mark_contacted(account: Account, handoff_id: int, engine: Engine | None = None) -> bool:
    return _change(account.office_id, handoff_id, engine, status=CONTACTED)


def close(account: Account, handoff_id: int, engine: Engine | None = None) -> bool:
    return _change(account.office_id, handoff_id, engine, status=CLOSED)


def add_note(account: Account, handoff_id: int, text: str, engine: Engine | None = None) -> bool:
    if not text.strip():
        return False
    return _change(account.office_id, handoff_id, engine, note=(account.id, text.strip()))


def audit(account_id: int | None, action: str, reference: str | None = None,
          engine: Engine | None = None) -> None:
    engine = _engine(engine)
    with session_scope(engine) as session:
        session.add(AuditRow(at=now(), account_id=account_id, action=action,
                             handoff_reference=normalise_reference(reference) if reference else None))


@dataclass(frozen=True)
class Purged:
    closed: int
    expired: int


def purge(closed_after_days: int = DEFAULT_CLOSED_RETENTION_DAYS, any_after_days: int = DEFAULT_ANY_RETENTION_DAYS,
          engine: Engine | None = None, moment: dt.datetime | None = None) -> Purged:
    """Deletes closed requests older than `closed_after_days`, and any request older than `any_after_days`."""
    engine = _engine(engine)
    moment = moment or now()
    closed_cutoff = moment - dt.timedelta(days=closed_after_days)
    any_cutoff = moment - dt.timedelta(days=any_after_days)
    with session_scope(engine) as session:
        closed_ids = list(session.scalars(select(HandoffRow.id).where(
            HandoffRow.status == CLOSED, HandoffRow.closed_at < closed_cutoff)))
        expired_ids = list(session.scalars(select(HandoffRow.id).where(
            HandoffRow.created_at < any_cutoff, HandoffRow.id.not_in(closed_ids))))
        doomed: Sequence[int] = closed_ids + expired_ids
        if doomed:
            session.execute(delete(HandoffNoteRow).where(HandoffNoteRow.handoff_id.in_(doomed)))
            session.execute(delete(HandoffRow).where(HandoffRow.id.in_(doomed)))
    return Purged(closed=len(closed_ids), expired=len(expired_ids))
