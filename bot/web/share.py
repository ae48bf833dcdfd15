"""/ombud/dela: an office's share link and its QR code, to copy or to print on a card.

The link opens the chat at the office (/o/<office-id>); it names the office, never a person.
Behind a proxy, OMBUDSGUIDEN_PUBLIC_URL (e.g. https://ombudsguiden.example.se) gives the
address people reach; without it the address this page was opened with is used.
"""
from __future__ import annotations

import io
import os

import segno
from aiohttp import web

from bot.web.inbox import INBOX, inbox_page, logged_in_ombud
from knowledge.queries import office

SHARE_PAGE = f"{INBOX}/dela"


def share_link(request: web.Request, office_id: str) -> str:
    base = os.environ.get("OMBUDSGUIDEN_PUBLIC_URL") or f"{request.scheme}://{request.host}"
    return f"{base.rstrip('/')}/o/{office_id}"


def qr_svg(text: str) -> bytes:
    """A QR code as SVG: sharp at every print size. Error level M survives a worn card."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=8, border=4, xmldecl=False,
                                     title="QR-kod till Ombudsguiden")
    return out.getvalue()


async def share_page(request: web.Request) -> web.Response:
    account = await logged_in_ombud(request)
    own = office(account.office_id)
    return await inbox_page(request, "share.html", account=account, link=share_link(request, account.office_id),
                       office_name=own.name if own else account.office_id)


async def share_qr(request: web.Request) -> web.Response:
    account = await logged_in_ombud(request)
    return web.Response(body=qr_svg(share_link(request, account.office_id)), content_type="image/svg+xml")


def setup_share(app: web.Application) -> None:
    app.router.add_get(SHARE_PAGE, share_page)
    app.router.add_get(f"{SHARE_PAGE}/qr.svg", share_qr)
