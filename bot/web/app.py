"""aiohttp application: health check, the chat page, the checklist (JSON and printable) and the ombud inbox."""
from __future__ import annotations

from aiohttp import web

from bot.logic.checklist import checklist_json
from bot.web.chat import setup_chat
from bot.web.inbox import setup_inbox
from bot.web.presets import UnknownChecklistQuery, checklist_for_query
from bot.web.retention import setup_retention
from bot.web.share import setup_share

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# The API's answers are a conversation: no browser or proxy may keep a copy.
NO_STORE = {"Cache-Control": "no-store"}


@web.middleware
async def security_headers(request: web.Request, handler):  # type: ignore[no-untyped-def]
    extra = NO_STORE if request.path.startswith("/api/") else {}
    try:
        response = await handler(request)
    except web.HTTPException as error:  # redirects and error pages are answers too
        error.headers.update({**SECURITY_HEADERS, **extra})
        raise
    response.headers.update({**SECURITY_HEADERS, **extra})
    return response


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
    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/health", health)
    app.router.add_get("/api/checklist", checklist_api)
    setup_inbox(app)  # first: it sets up the Jinja2 templates the chat pages use too
    setup_chat(app)
    setup_share(app)
    setup_retention(app)
    return app
