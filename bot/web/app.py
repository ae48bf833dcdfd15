"""aiohttp application: health check, the start page, the checklist as JSON and the ombud inbox."""
from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.logic.checklist import checklist_json, personal_checklist
from bot.web.inbox import setup_inbox
from bot.web.retention import setup_retention
from knowledge.queries import authority, find_municipality, offices_for

STATIC_DIR = Path(__file__).resolve().parent / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@web.middleware
async def security_headers(request: web.Request, handler):  # type: ignore[no-untyped-def]
    try:
        response = await handler(request)
    except web.HTTPException as error:  # redirects and error pages are answers too
        error.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def index(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


async def checklist_api(request: web.Request) -> web.Response:
    """GET /api/checklist?kommun=Rinkeby or ?myndighet=FK: the same checklist the chat gives.

    The query names a place or an authority, never a person, so the URL carries no personal data.
    """
    named = authority(request.query.get("myndighet", "")) if request.query.get("myndighet") else None
    if request.query.get("myndighet") and named is None:
        return web.json_response({"error": "Okänd myndighet."}, status=404)
    office = None
    if place := request.query.get("kommun"):
        matches = find_municipality(place)
        if not matches:
            return web.json_response({"error": "Okänd kommun eller stadsdel."}, status=404)
        office = next(iter(offices_for(matches[0].kommun_code, matches[0].area)), None)
    return web.json_response(checklist_json(personal_checklist(office=office, authority=named)))


def create_app() -> web.Application:
    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/health", health)
    app.router.add_get("/", index)
    app.router.add_get("/api/checklist", checklist_api)
    setup_inbox(app)
    setup_retention(app)
    return app
