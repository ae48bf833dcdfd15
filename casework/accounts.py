"""Ombud accounts: made by an admin with `ombudsguiden user add`, checked when an ombud logs in.

Passwords are stored only as Argon2id hashes (argon2-cffi's defaults follow RFC 9106). There
is no default password, and no way to read a password back; common and guessable passwords are
refused (casework.passwords). Every login, failed login (with the address tried and where it came
from) and logout is written to the audit log.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from casework.handoffs import Account, audit, now
from casework.migrate import migrated
from casework.passwords import password_problem
from casework.schema import AuditRow, OmbudAccountRow
from storage.engine import session_scope

logger = logging.getLogger(__name__)

LOGIN, LOGIN_FAILED, LOGOUT, DEACTIVATED = "login", "login_failed", "logout", "deactivated"
_hasher = PasswordHasher()


class AccountError(ValueError):
    """Why an account was not made, in Swedish, for the admin who asked for it."""


def normalise_email(email: str) -> str:
    """One spelling per address, so 'Anna@Kommun.se ' cannot become a second account."""
    return email.strip().lower()


def add_account(office_id: str, email: str, password: str, engine: Engine | None = None) -> Account:
    """Makes an account that reads the office's requests. Raises AccountError if it may not be made.

    The caller checks that the office exists: offices are knowledge, which this store does not read.
    """
    engine = migrated(engine)
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(f"{email!r} är ingen e-postadress.")
    if problem := password_problem(password, email, office_id):
        raise AccountError(problem)
    password_hash = _hasher.hash(password)
    try:
        with session_scope(engine) as session:
            row = OmbudAccountRow(email=email, office_id=office_id, password_hash=password_hash, active=True,
                                  created_at=now())
            session.add(row)
            session.flush()
            return Account(id=row.id, email=row.email, office_id=row.office_id)
    except IntegrityError:
        raise AccountError(f"Det finns redan ett konto för {email}.") from None


@cache
def _unknown_email_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _tried_address(email: str) -> str | None:
    """The e-mail address a failed login tried, for the audit log; None for anything else typed there,
    since people sometimes type their password in the address field."""
    return email if "@" in email and " " not in email else None


def authenticate(email: str, password: str, engine: Engine | None = None,
                 client: str | None = None) -> Account | None:
    """The active account with this e-mail and password, or None. Every attempt is audited; a failed
    one with the address tried and the client's address (`client`)."""
    engine = migrated(engine)
    email = normalise_email(email)
    # The hash is checked outside the transaction: verifying takes a tenth of a second or more,
    # and SQLite would hold back every writer meanwhile.
    with session_scope(engine) as session:
        found = session.execute(
            select(OmbudAccountRow.id, OmbudAccountRow.office_id, OmbudAccountRow.password_hash)
            .where(OmbudAccountRow.email == email, OmbudAccountRow.active.is_(True))).first()
    if found is None:
        # The same slow check as for a real account, so the answer time does not tell which
        # addresses have accounts.
        _matches(_unknown_email_hash(), password)
        audit(None, LOGIN_FAILED, engine=engine, attempted_email=_tried_address(email), client_address=client)
        return None
    if not _matches(found.password_hash, password):
        audit(found.id, LOGIN_FAILED, engine=engine, attempted_email=email, client_address=client)
        return None
    if _hasher.check_needs_rehash(found.password_hash):
        # Stronger hash settings in a newer argon2-cffi reach old accounts at their next login.
        with session_scope(engine) as session:
            session.execute(update(OmbudAccountRow).where(OmbudAccountRow.id == found.id)
                            .values(password_hash=_hasher.hash(password)))
    audit(found.id, LOGIN, engine=engine)
    return Account(id=found.id, email=email, office_id=found.office_id)


def deactivate(email: str, engine: Engine | None = None) -> bool:
    """Closes an account at once: no new login, and its open sessions end (signed_in checks `active`).

    The row stays, so the audit log still says who did what. False if no active account has this e-mail.
    """
    engine = migrated(engine)
    with session_scope(engine) as session:
        row = session.scalars(select(OmbudAccountRow).where(
            OmbudAccountRow.email == normalise_email(email), OmbudAccountRow.active.is_(True))).first()
        if row is None:
            return False
        row.active = False
        audit(row.id, DEACTIVATED, session=session)
    return True


def log_out(account: Account, engine: Engine | None = None) -> None:
    audit(account.id, LOGOUT, engine=engine)


def signed_in(account_id: int, since: dt.datetime, engine: Engine | None = None) -> Account | None:
    """The account behind a session that began at `since`: None if it is gone, deactivated or has logged out.

    A session lives in the browser's cookie, so a copy of the cookie would outlive the logout.
    The audit log already records every logout, and reading it back makes such copies worthless.
    """
    engine = migrated(engine)
    with session_scope(engine) as session:
        row = session.get(OmbudAccountRow, account_id)
        if row is None or not row.active:
            return None
        logged_out = session.scalar(select(AuditRow.id).where(
            AuditRow.account_id == account_id, AuditRow.action == LOGOUT, AuditRow.at > since).limit(1))
        return None if logged_out is not None else Account(id=row.id, email=row.email, office_id=row.office_id)


def office_has_inbox(office_id: str, engine: Engine | None = None) -> bool | None:
    """Whether an active ombud account reads this office's requests (the chat sends none otherwise);
    None when the database cannot be read, so that each caller decides what it may promise."""
    try:
        with session_scope(migrated(engine)) as session:
            found = session.scalar(select(OmbudAccountRow.id).where(
                OmbudAccountRow.office_id == office_id, OmbudAccountRow.active.is_(True)).limit(1))
    except SQLAlchemyError as error:
        logger.error("could not read the ombud accounts: %s", type(error).__name__)
        return None
    return found is not None
