"""Contact requests to a human ombud: stored in one transaction, read only by the right office.

A request holds what the person approved and nothing more. It is deleted when the person
withdraws it with their reference code, and by `purge` after the retention period.
The audit log and the inbox actions are here too, so that every rule about which office
may see what lives in one module; making accounts and logging in is `casework.accounts`.

Every change and every read of a request's content writes its audit row in the same
transaction as the change itself, so there is never a change without its row.
"""
from __future__ import annotations

import datetime as dt
import enum
import re
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from casework.errors import store_errors
from casework.migrate import migrated
from casework.schema import AuditRow, HandoffNoteRow, HandoffRow, OmbudAccountRow
from storage.engine import session_scope

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
# The audit log holds logins and reference codes, never what a person wrote; kept two years.
DEFAULT_AUDIT_RETENTION_DAYS = 730
NOTE_MAX_LENGTH = 2000
# What an ombud can do to a request; each name is also the action in the audit log.
CLAIM, MARK_CONTACTED, CLOSE, NOTE = "claim", "contacted", "close", "note"
CHANGES = (CLAIM, MARK_CONTACTED, CLOSE, NOTE)
# Audit actions that are not changes.
OPENED, DENIED, WITHDRAWN = "open", "denied", "withdrawn"


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
    return dt.datetime.now(dt.UTC)


def format_reference(code: str) -> str:
    """'K7PQ4XRT' -> 'K7PQ-4XRT': easier to read aloud and to type."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_reference(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def is_code(text: str) -> bool:
    """True when `text` ('K7PQ4XRT', 'k7pq-4xrt') could be a reference code: the right length and alphabet."""
    code = normalise_reference(text)
    return len(code) == CODE_LENGTH and all(ch in _CODE_ALPHABET for ch in code)


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


@store_errors()
def create(request: ContactRequest, engine: Engine | None = None) -> str:
    """Stores the request in one transaction and returns its reference code ('K7PQ-4XRT')."""
    _check(request)
    engine = migrated(engine)
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


@store_errors()
def withdraw(reference: str, engine: Engine | None = None) -> bool:
    """Deletes the request with this code at once, notes included. False if there is none.

    The audit log gets a "withdrawn" row with the code and no account, in the same transaction,
    so an ombud who had taken the request can see why it is gone.
    """
    engine = migrated(engine)
    with session_scope(engine) as session:
        row = session.scalar(select(HandoffRow).where(HandoffRow.reference == normalise_reference(reference)))
        if row is None:
            return False
        session.execute(delete(HandoffNoteRow).where(HandoffNoteRow.handoff_id == row.id))
        session.delete(row)
        audit(None, WITHDRAWN, row.reference, session=session)
    return True


def _handoffs(session: Session, rows: Sequence[HandoffRow]) -> list[Handoff]:
    """The rows as Handoffs, with one query for all their notes and one for the e-mails of the ombud named."""
    notes: dict[int, list[HandoffNoteRow]] = defaultdict(list)
    if rows:
        for note in session.scalars(select(HandoffNoteRow).where(
                HandoffNoteRow.handoff_id.in_([row.id for row in rows])).order_by(HandoffNoteRow.id)):
            notes[note.handoff_id].append(note)
    named = {row.claimed_by for row in rows} | {note.account_id for found in notes.values() for note in found}
    named.discard(None)
    emails: dict[int | None, str] = dict(session.execute(
        select(OmbudAccountRow.id, OmbudAccountRow.email).where(OmbudAccountRow.id.in_(named))).all()) if named else {}
    return [_handoff(row, notes[row.id], emails) for row in rows]


def _handoff(row: HandoffRow, notes: Sequence[HandoffNoteRow], emails: dict[int | None, str]) -> Handoff:
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
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def age_in_days(handoff: Handoff) -> int:
    """Whole days since the request came in: what an ombud reads to see who has waited longest."""
    return (now() - handoff.created_at).days


def days(count: int) -> str:
    """'1 dag', '3 dagar'."""
    return f"{count} dag" if count == 1 else f"{count} dagar"


@dataclass(frozen=True)
class Overview:
    """What an admin or a script may see of a request: its state, never what the person wrote."""

    reference: str
    status: str
    status_label: str
    created: str
    age_days: int
    flags: tuple[str, ...]
    contact_method: str


def overview(handoff: Handoff) -> Overview:
    return Overview(
        reference=handoff.reference,
        status=handoff.status,
        status_label=STATUSES[handoff.status],
        created=handoff.created_at.isoformat(timespec="seconds"),
        age_days=age_in_days(handoff),
        flags=tuple(PRIORITY_FLAGS[flag] for flag in handoff.request.flags),
        contact_method=CONTACT_METHODS[handoff.request.contact_method],
    )


def for_office(office_id: str, engine: Engine | None = None) -> list[Handoff]:
    """The office's requests, newest first. Never another office's."""
    engine = migrated(engine)
    with session_scope(engine) as session:
        found = session.scalars(
            select(HandoffRow).where(HandoffRow.office_id == office_id).order_by(HandoffRow.created_at.desc()))
        return _handoffs(session, list(found))


def get(office_id: str, handoff_id: int, engine: Engine | None = None) -> Handoff | None:
    """One request, only if it belongs to this office.

    Not audited, so not for showing content to an ombud: the inbox reads with `open_request`.
    """
    engine = migrated(engine)
    with session_scope(engine) as session:
        row = session.get(HandoffRow, handoff_id)
        return _handoffs(session, [row])[0] if row is not None and row.office_id == office_id else None


def _own(session: Session, account: Account, handoff_id: int, lock: bool = False) -> HandoffRow | None:
    """The request if it belongs to the account's office. Otherwise None, and a "denied" row in the audit
    log, with the request's code when there is such a request in another office."""
    row = session.get(HandoffRow, handoff_id, with_for_update=lock)
    if row is not None and row.office_id == account.office_id:
        return row
    audit(account.id, DENIED, row.reference if row is not None else None, session=session)
    return None


def open_request(account: Account, handoff_id: int, engine: Engine | None = None) -> Handoff | None:
    """The request for an ombud to read, with an "open" row in the audit log; None (audited "denied")
    if it is not their office's."""
    engine = migrated(engine)
    with session_scope(engine) as session:
        row = _own(session, account, handoff_id)
        if row is None:
            return None
        audit(account.id, OPENED, row.reference, session=session)
        return _handoffs(session, [row])[0]


class ChangeResult(enum.Enum):
    DONE = "done"
    NOT_YOURS = "not_yours"  # no such request in the ombud's office (perhaps withdrawn a moment ago)
    REFUSED = "refused"  # the request's status does not allow the change


def allowed(action: str, status: str, claimed_by: int | None, account_id: int) -> bool:
    """Take a new request (or one you already hold), mark a taken one contacted, close any open one.

    A note can be added at any status.
    """
    if action == CLAIM:
        return status == NEW or (status == CLAIMED and claimed_by == account_id)
    if action == MARK_CONTACTED:
        return status == CLAIMED
    if action == CLOSE:
        return status != CLOSED
    return action == NOTE


def change(account: Account, handoff_id: int, action: str, text: str | None = None,
           engine: Engine | None = None) -> ChangeResult:
    """Makes one change (`CHANGES`) and writes its audit row in the same transaction.

    A note needs `text`, 1 to NOTE_MAX_LENGTH characters; check that first, a bad note raises HandoffError.
    """
    if action not in CHANGES:
        raise ValueError(f"unknown change {action!r}")
    if action == NOTE:
        text = (text or "").strip()
        if not text or len(text) > NOTE_MAX_LENGTH:
            raise HandoffError(f"a note needs 1 to {NOTE_MAX_LENGTH} characters")
    engine = migrated(engine)
    with session_scope(engine) as session:
        row = _own(session, account, handoff_id, lock=True)
        if row is None:
            return ChangeResult.NOT_YOURS
        if not allowed(action, row.status, row.claimed_by, account.id):
            return ChangeResult.REFUSED
        moment = now()
        if action == CLAIM:
            row.status, row.claimed_by = CLAIMED, account.id
        elif action == MARK_CONTACTED:
            row.status = CONTACTED
        elif action == CLOSE:
            row.status, row.closed_at = CLOSED, moment
        else:
            session.add(HandoffNoteRow(handoff_id=row.id, account_id=account.id, text=text, created_at=moment))
        row.updated_at = moment
        audit(account.id, action, row.reference, session=session)
    return ChangeResult.DONE


def audit(account_id: int | None, action: str, reference: str | None = None,
          engine: Engine | None = None, session: Session | None = None,
          attempted_email: str | None = None, client_address: str | None = None) -> None:
    """One audit row; in `session`'s transaction when given, so it stands or falls with the change it records."""
    row = AuditRow(at=now(), account_id=account_id, action=action,
                   handoff_reference=normalise_reference(reference) if reference else None,
                   attempted_email=attempted_email[:200] if attempted_email else None,
                   client_address=client_address[:64] if client_address else None)
    if session is not None:
        session.add(row)
        return
    with session_scope(migrated(engine)) as own_session:
        own_session.add(row)


@dataclass(frozen=True)
class Purged:
    closed: int
    expired: int
    audit_rows: int = 0


def purge(closed_after_days: int = DEFAULT_CLOSED_RETENTION_DAYS, any_after_days: int = DEFAULT_ANY_RETENTION_DAYS,
          engine: Engine | None = None, moment: dt.datetime | None = None,
          audit_after_days: int = DEFAULT_AUDIT_RETENTION_DAYS) -> Purged:
    """Deletes closed requests older than `closed_after_days`, any request older than `any_after_days`,
    and audit rows older than `audit_after_days`. Every period must be at least one day."""
    periods = {"closed_after_days": closed_after_days, "any_after_days": any_after_days,
               "audit_after_days": audit_after_days}
    if too_short := [name for name, count in periods.items() if count < 1]:
        raise ValueError(f"retention periods must be at least one day: {', '.join(too_short)}")
    engine = migrated(engine)
    moment = moment or now()
    closed_cutoff = moment - dt.timedelta(days=closed_after_days)
    any_cutoff = moment - dt.timedelta(days=any_after_days)
    audit_cutoff = moment - dt.timedelta(days=audit_after_days)
    with session_scope(engine) as session:
        closed_ids = list(session.scalars(select(HandoffRow.id).where(
            HandoffRow.status == CLOSED, HandoffRow.closed_at < closed_cutoff)))
        expired_ids = list(session.scalars(select(HandoffRow.id).where(
            HandoffRow.created_at < any_cutoff, HandoffRow.id.not_in(closed_ids))))
        doomed: Sequence[int] = closed_ids + expired_ids
        if doomed:
            session.execute(delete(HandoffNoteRow).where(HandoffNoteRow.handoff_id.in_(doomed)))
            session.execute(delete(HandoffRow).where(HandoffRow.id.in_(doomed)))
        audit_rows = session.execute(delete(AuditRow).where(AuditRow.at < audit_cutoff)).rowcount
    return Purged(closed=len(closed_ids), expired=len(expired_ids), audit_rows=audit_rows)


def typed_reference(text: str) -> str | None:
    """A code the person typed ('ta bort k7pq-4xrt'). Plain words of eight letters are not codes:
    a code is written with its hyphen or holds a digit, and uses only the code alphabet."""
    for first, hyphen, second in _CODE_LIKE.findall(text.upper()):
        code = first + second
        if (hyphen or any(ch.isdigit() for ch in code)) and is_code(code):
            return format_reference(code)
    return None


_CODE_LIKE = re.compile(r"\b([A-Z0-9]{4})(-?)([A-Z0-9]{4})\b")


def request_lines(request: ContactRequest, office_name: str, transcript_shared: bool) -> list[str]:
    """The whole request as the ombud will see it, one line per part."""
    lines = [f"Till: {office_name}", f"Text: {request.summary}",
             f"Kontakt: {CONTACT_METHODS[request.contact_method]}"
             + (f", {request.contact_value}" if request.contact_value else "")]
    if request.contact_method == "phone":
        lines.append(f"När: {CONTACT_TIMES[request.contact_time]}")
    if request.name:
        lines.append(f"Namn: {request.name}")
    if request.ombud_wish:
        lines.append(f"Önskemål: {OMBUD_WISHES[request.ombud_wish]}")
    if request.flags:
        lines.append("Att veta: " + ", ".join(PRIORITY_FLAGS[flag] for flag in request.flags))
    if request.on_behalf:
        lines.append("Skickas av en närstående. Personen vet om det och vill.")
    lines.append("Hela chatten: " + ("delas" if transcript_shared else "delas inte"))
    return lines
