"""Inbox sessions: an encrypted cookie, a CSRF token per session, and who is logged in.

The cookie is encrypted and signed with Fernet (aiohttp-session), so its content can be
neither read nor changed in the browser. It holds the account id, the time of login and the
CSRF token; nothing about any request.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets

from aiohttp import web
from aiohttp.typedefs import Middleware
from aiohttp_session import Session, get_session, new_session, session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.fernet import Fernet

from casework.accounts import signed_in
from casework.handoffs import Account, now
from storage.settings import flag

logger = logging.getLogger(__name__)

COOKIE_NAME = "ombudsguiden_inkorg"
SESSION_MAX_AGE_SECONDS = 8 * 60 * 60  # a working day; then the ombud logs in again
CSRF_FIELD = "csrf_token"
_ACCOUNT_ID, _LOGGED_IN_AT = "account_id", "logged_in_at"


def _secret_key() -> str:
    key = os.environ.get("OMBUDSGUIDEN_SECRET_KEY")
    if key:
        return key
    logger.warning("OMBUDSGUIDEN_SECRET_KEY is not set: using a new key, so inbox logins end when the web "
                   "server restarts")
    return Fernet.generate_key().decode()


def session_middleware_from_environment(path: str) -> Middleware:
    """Sessions whose cookie is sent only to `path` and below, never to the chat.

    Secure cookies unless OMBUDSGUIDEN_COOKIE_SECURE=false (for tests over plain http).
    """
    secure = flag("OMBUDSGUIDEN_COOKIE_SECURE", default=True)
    try:
        storage = EncryptedCookieStorage(
            _secret_key(), cookie_name=COOKIE_NAME, max_age=SESSION_MAX_AGE_SECONDS, path=path, secure=secure,
            httponly=True, samesite="Strict",
        )
    except ValueError as error:
        raise ValueError("OMBUDSGUIDEN_SECRET_KEY must be a Fernet key; make one with: python -c "
                         "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'") from error
    return session_middleware(storage)


def csrf_token(session: Session) -> str:
    """The token every form of this session carries; made when the session first needs one."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return str(session[CSRF_FIELD])


async def csrf_ok(request: web.Request) -> bool:
    """True when a posted form carries this session's token. A session without one never passes."""
    session = await get_session(request)
    expected = session.get(CSRF_FIELD)
    sent = (await request.post()).get(CSRF_FIELD)
    return isinstance(expected, str) and isinstance(sent, str) and secrets.compare_digest(expected, sent)


async def start(request: web.Request, account: Account) -> None:
    """A fresh session for a login: a new cookie and a new CSRF token, nothing kept from before."""
    session = await new_session(request)
    session[_ACCOUNT_ID] = account.id
    session[_LOGGED_IN_AT] = now().timestamp()
    csrf_token(session)


async def end(request: web.Request) -> None:
    (await get_session(request)).invalidate()


async def account_of(request: web.Request) -> Account | None:
    """The ombud logged in with this request's session, if any (and still allowed in)."""
    session = await get_session(request)
    account_id, logged_in_at = session.get(_ACCOUNT_ID), session.get(_LOGGED_IN_AT)
    if not isinstance(account_id, int) or not isinstance(logged_in_at, float):
        return None
    return signed_in(account_id, dt.datetime.fromtimestamp(logged_in_at, tz=dt.UTC))
