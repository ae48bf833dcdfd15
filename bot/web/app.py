"""aiohttp application: health check, the chat page, the checklist (JSON and printable) and the ombud inbox."""
from __future__ import annotations

import json
import logging
import traceback
from functools import partial

from aiohttp import web

from bot.logic.checklist import checklist_json
from bot.web.chat import busy, setup_chat
from bot.web.clients import setup_clients
from bot.web.inbox import setup_inbox
from bot.web.presets import UnknownChecklistQuery, checklist_for_query
from bot.web.public_address import served_over_https
from bot.web.retention import setup_retention
from bot.web.share import setup_share
from bot.web.shared_state import SharedStateUnavailable, setup_shared_state

logger = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # No page uses a camera, microphone, position or sensors, so no page (or injected script) may ask.
    "Permissions-Policy": ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                           "microphone=(), payment=(), usb=(), interest-cohort=()"),
}
# A year, and not includeSubDomains: other services under the same domain are not ours to bind.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"
# Instead of "Python/3.11 aiohttp/3.9.5": the version tells an attacker which known holes to try.
SERVER_NAME = "Ombudsguiden"
# Any request body this app reads is small: a chat message or an inbox form.
MAX_REQUEST_BYTES = 256 * 1024

# The API's answers are a conversation: no browser or proxy may keep a copy.
NO_STORE = {"Cache-Control": "no-store"}

# aiohttp's own error texts are English; these are what people read instead.
SWEDISH_ERRORS = {
    400: "Frågan kunde inte läsas. Ladda om sidan och försök igen.",
    404: "Sidan finns inte. Chatten finns på startsidan.",
    405: "Det går inte att göra så på den här adressen.",
    413: "Det som skickades är för stort.",
    414: "Adressen är för lång.",
    415: "Formatet stöds inte.",
    431: "Frågan har för stora huvuden.",
}
CLIENT_ERROR = "Det gick inte att göra det du bad om."
SERVER_ERROR = "Något gick fel hos oss. Försök igen om en stund."


def _headers_for(request: web.Request) -> dict[str, str]:
    headers = {**SECURITY_HEADERS, **(NO_STORE if request.path.startswith("/api/") else {})}
    if request.secure or served_over_https():
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return headers


@web.middleware
async def security_headers(request: web.Request, handler):  # type: ignore[no-untyped-def]
    try:
        response = await handler(request)
    except web.HTTPException as error:  # redirects and error pages are answers too
        error.headers.update(_headers_for(request))
        raise
    response.headers.update(_headers_for(request))
    return response


def swedish_error(request: web.Request, status: int, headers: dict[str, str] | None = None) -> web.Response:
    """An error answer in Swedish: JSON under /api/ (the page shows its "error"), plain text elsewhere.
    The headers of the error it replaces stay (Allow, Retry-After, Cache-Control, Set-Cookie)."""
    text = SWEDISH_ERRORS.get(status, SERVER_ERROR if status >= 500 else CLIENT_ERROR)
    if request.path.startswith("/api/"):
        response = web.json_response({"error": text}, status=status, dumps=partial(json.dumps, ensure_ascii=False))
    else:
        response = web.Response(status=status, text=text)
    for name, value in (headers or {}).items():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


@web.middleware
async def swedish_errors(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """aiohttp's own error pages (404, 405, 413 …) and unexpected failures, answered in Swedish.

    The app's own refusals are JSON or HTML and pass unchanged; an error in plain text is aiohttp's.
    A failure is logged with its type and stack only: an exception's message can quote what was sent.
    Redis out of reach is no failure of the code: "try again", and a line in the log without a stack.
    """
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400 or error.content_type != "text/plain":
            raise
        return swedish_error(request, error.status, dict(error.headers))
    except SharedStateUnavailable as error:
        logger.warning("The shared state did not answer on %s %s: %s", request.method, request.path, error)
        if request.path.startswith("/api/"):
            raise busy() from None
        return swedish_error(request, 503)
    except Exception as error:  # noqa: BLE001 - the person gets an answer whatever failed
        logger.error("Unexpected %s on %s %s:\n%s", type(error).__name__, request.method, request.path,
                     "".join(traceback.format_tb(error.__traceback__)))
        return swedish_error(request, 500)


async def hide_server_version(_request: web.Request, response: web.StreamResponse) -> None:
    # aiohttp sets its own Server header only when none is set, after this signal.
    response.headers["Server"] = SERVER_NAME


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def checklist_api(request: web.Request) -> web.Response:
    """GET /api/checklist?kommun=Rinkeby or ?myndighet=FK: the same checklist the chat gives.

    The query names a place or an authority, never a person, so the URL carries no personal data.
    """
    try:
        found = checklist_for_query(request.query.get("kommun"), request.query.get("myndighet"))
    except UnknownChecklistQuery as unknown:
        return web.json_response({"error": str(unknown)}, status=404)
    return web.json_response(checklist_json(found))


def create_app() -> web.Application:
    app = web.Application(middlewares=[security_headers, swedish_errors], client_max_size=MAX_REQUEST_BYTES)
    app.on_response_prepare.append(hide_server_version)  # type: ignore[arg-type]  # aiohttp 3.9's signal types predate aiosignal 1.4 (aio-libs/aiohttp#11264)
    setup_clients(app)
    setup_shared_state(app)
    app.router.add_get("/health", health)
    app.router.add_get("/api/checklist", checklist_api)
    setup_inbox(app)  # first: it sets up the Jinja2 templates the chat pages use too
    setup_chat(app)
    setup_share(app)
    setup_retention(app)
    return app
