"""The ombud inbox at /ombud: an office's contact requests, for the ombud of that office only.

Plain server-side HTML (autoescaped Jinja2) that works without JavaScript. Every page needs a
login, every form carries the session's CSRF token, and a request of another office answers
403 whether or not it exists, so ids cannot be probed. The list shows no part of what the
person wrote: reading it always means opening the request, which is written to the audit log,
as is every change and every refused attempt on another office's request.

Failed logins slow down further attempts (bot/web/throttle.py), counted where every web process
sees them (bot/web/shared_state.py); the client's address comes from bot/web/clients.py, which
knows when a proxy's X-Forwarded-For may be believed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape

from bot.web import sessions
from bot.web.clients import client_address, limit_key
from bot.web.shared_state import SHARED_STATE, SharedStateUnavailable
from bot.web.throttle import retry_after
from casework import handoffs
from casework.accounts import authenticate, log_out, normalise_email
from casework.handoffs import Account, ChangeResult
from knowledge.queries import kommun, office

logger = logging.getLogger(__name__)

INBOX = "/ombud"
LOGIN = f"{INBOX}/login"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "static" / "inbox.css"
SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
# What an ombud tried to do, for the answer when the request's status does not allow it.
_VERBS = {handoffs.CLAIM: "ta", handoffs.MARK_CONTACTED: "markera som kontaktad", handoffs.CLOSE: "avsluta"}


def _in_inbox(path: str) -> bool:
    return path == INBOX or path.startswith(f"{INBOX}/")


async def inbox_page(request: web.Request, template: str, status: int = 200, **context: object) -> web.Response:
    session = await get_session(request)
    context = {"account": None, "csrf_token": sessions.csrf_token(session), **context}
    return aiohttp_jinja2.render_template(template, request, context, status=status)


async def _message(request: web.Request, status: int, heading: str, text: str,
                   account: Account | None = None) -> web.Response:
    return await inbox_page(request, "message.html", status=status, heading=heading, text=text, account=account)


async def _not_yours(request: web.Request, account: Account) -> web.Response:
    return await _message(request, 403, "Du kan inte öppna den här förfrågan",
                          "Den finns inte, eller så hör den till ett annat kontor.", account)


@web.middleware
async def inbox_guard(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """Every inbox request: a form must carry the CSRF token, and no page is kept in a cache."""
    if not _in_inbox(request.path):
        return await handler(request)
    try:
        if request.method == "POST" and not await sessions.csrf_ok(request):
            response = await _message(request, 403, "Formuläret kunde inte skickas",
                                      "Sidan var för gammal. Gå tillbaka, ladda om sidan och försök igen.")
        else:
            response = await handler(request)
    except web.HTTPException as error:
        error.headers["Cache-Control"] = "no-store"
        raise
    response.headers["Cache-Control"] = "no-store"
    return response


async def _cannot_change(request: web.Request, account: Account, action: str,
                         handoff: handoffs.Handoff) -> web.Response:
    status = handoffs.STATUSES[handoff.status].lower()
    by = f" av {handoff.claimed_by}" if handoff.status != handoffs.NEW and handoff.claimed_by else ""
    return await _message(
        request, 409, "Det gick inte att ändra förfrågan",
        f"Det går inte att {_VERBS[action]} förfrågan {handoff.reference} nu: den är {status}{by}. "
        "Någon kan ha ändrat den nyss. Gå tillbaka och ladda om sidan.", account)


async def logged_in_ombud(request: web.Request) -> Account:
    account = await sessions.account_of(request)
    if account is None:
        raise web.HTTPSeeOther(LOGIN)
    return account


async def login_form(request: web.Request) -> web.Response:
    if await sessions.account_of(request) is not None:
        raise web.HTTPSeeOther(INBOX)
    return await inbox_page(request, "login.html", email="", error=None)


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    email, password = normalise_email(str(form.get("email", ""))), str(form.get("password", ""))
    state, client = request.app[SHARED_STATE], client_address(request)
    # The attempt counts as failed from before the check until it succeeds: with the count kept
    # only afterwards, many guesses sent at once would all be checked before any was counted.
    try:
        attempt = await state.begin_login(email, limit_key(client))
        wait = await state.login_wait(email, limit_key(client)) if attempt is None else 0.0
    except SharedStateUnavailable as down:
        logger.warning("The shared state did not answer at a login: %s", down)
        return await inbox_page(request, "login.html", status=503, email=email,
                                error="Inloggningen går inte just nu. Försök igen om en liten stund.")
    if attempt is None:
        error = f"För många misslyckade försök. Vänta {wait_in_words(wait)} och försök igen."
        response = await inbox_page(request, "login.html", status=429, email=email, error=error)
        response.headers["Retry-After"] = retry_after(wait)
        return response
    # Checking a password takes a tenth of a second of hard work: not on the event loop.
    account = await asyncio.to_thread(authenticate, email, password, client=client)
    if account is None:
        return await inbox_page(request, "login.html", email=email, error="Fel e-postadress eller lösenord.")
    await state.login_succeeded(attempt)
    await sessions.start(request, account)
    raise web.HTTPSeeOther(INBOX)


def wait_in_words(seconds: float) -> str:
    """'1 sekund', '40 sekunder', '1 minut', '15 minuter': rounded up, so the wait is never too short."""
    if seconds <= 59:
        whole = max(1, math.ceil(seconds))
        return f"{whole} sekund" if whole == 1 else f"{whole} sekunder"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minut" if minutes == 1 else f"{minutes} minuter"


async def logout(request: web.Request) -> web.Response:
    account = await sessions.account_of(request)
    if account is not None:
        log_out(account)
    await sessions.end(request)
    raise web.HTTPSeeOther(LOGIN)


async def inbox(request: web.Request) -> web.Response:
    """The office's requests grouped by status; ?status=new shows one group."""
    account = await logged_in_ombud(request)
    found = handoffs.for_office(account.office_id)
    wanted = request.query.get("status")
    shown = wanted if wanted in handoffs.STATUSES else None
    groups = [(status, label, [h for h in found if h.status == status])
              for status, label in handoffs.STATUSES.items() if shown in (None, status)]
    own_office = office(account.office_id)
    return await inbox_page(request, "inbox.html", account=account, groups=groups, shown=shown, total=len(found),
                       counts=Counter(h.status for h in found),
                       office_name=own_office.name if own_office else account.office_id)


async def request_page(request: web.Request) -> web.Response:
    account = await logged_in_ombud(request)
    handoff = handoffs.open_request(account, int(request.match_info["id"]))
    if handoff is None:
        return await _not_yours(request, account)
    place = kommun(handoff.request.kommun_code) if handoff.request.kommun_code else None
    return await inbox_page(request, "request.html", account=account, handoff=handoff,
                       kommun_name=place.name if place else None)


async def change_request(request: web.Request) -> web.Response:
    """Claim, note, contacted or close; then back to the request (303, so a reload does not repeat it)."""
    account = await logged_in_ombud(request)
    handoff_id, action = int(request.match_info["id"]), request.match_info["action"]
    text = None
    if action == handoffs.NOTE:
        text = str((await request.post()).get("text", "")).strip()
        if not text:
            return await _message(request, 400, "Anteckningen är tom",
                                  "Gå tillbaka, skriv något i rutan och spara igen.", account)
        if len(text) > handoffs.NOTE_MAX_LENGTH:
            return await _message(request, 400, "Anteckningen är för lång",
                                  f"En anteckning får ha högst {handoffs.NOTE_MAX_LENGTH} tecken, den här har "
                                  f"{len(text)}. Gå tillbaka, korta den eller dela upp den i två och spara igen.",
                                  account)
    outcome = handoffs.change(account, handoff_id, action, text)
    if outcome is ChangeResult.REFUSED:
        current = handoffs.get(account.office_id, handoff_id)
        if current is not None:
            return await _cannot_change(request, account, action, current)
        outcome = ChangeResult.NOT_YOURS  # withdrawn by the person a moment ago
    if outcome is ChangeResult.NOT_YOURS:  # another office's, none at all, or withdrawn a moment ago
        return await _not_yours(request, account)
    raise web.HTTPSeeOther(f"{INBOX}/request/{handoff_id}")


async def stylesheet(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STYLESHEET)


def _swedish_time(moment: dt.datetime) -> str:
    return moment.astimezone(SWEDISH_TIME).strftime("%Y-%m-%d %H:%M")


def setup_inbox(app: web.Application) -> None:
    """Adds the inbox routes, its templates and its session and CSRF middlewares to the web app."""
    env = aiohttp_jinja2.setup(app, loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               default_helpers=False)
    env.filters.update(swedish_time=_swedish_time, age_in_days=handoffs.age_in_days, days=handoffs.days)
    env.globals.update(
        INBOX=INBOX, CSRF_FIELD=sessions.CSRF_FIELD, STATUSES=handoffs.STATUSES, NEW=handoffs.NEW,
        CLAIMED=handoffs.CLAIMED,
        CLOSED=handoffs.CLOSED, CONTACTED=handoffs.CONTACTED, CONTACT_METHODS=handoffs.CONTACT_METHODS,
        CONTACT_TIMES=handoffs.CONTACT_TIMES, OMBUD_WISHES=handoffs.OMBUD_WISHES,
        PRIORITY_FLAGS=handoffs.PRIORITY_FLAGS,
    )
    app.middlewares.extend([sessions.session_middleware_from_environment(path=INBOX), inbox_guard])
    app.router.add_get(INBOX, inbox)
    app.router.add_get(LOGIN, login_form)
    app.router.add_post(LOGIN, login)
    app.router.add_post(f"{INBOX}/logout", logout)
    app.router.add_get(INBOX + r"/request/{id:\d{1,9}}", request_page)
    app.router.add_post(INBOX + r"/request/{id:\d{1,9}}/{action:" + "|".join(handoffs.CHANGES) + "}", change_request)
    app.router.add_get(f"{INBOX}/inbox.css", stylesheet)
