"""/ombud/dela: an office's share link and its QR code, to copy or to print on a card.

The link opens the chat at the office (/o/<office-id>); it names the office, never a person.
Its address is OMBUDSGUIDEN_PUBLIC_URL (bot/web/public_address.py), never the Host header the
request came with; without the setting the page says so and prints no card.
"""
from __future__ import annotations

import io

import segno
from aiohttp import web

from bot.web.inbox import INBOX, inbox_page, logged_in_ombud
from bot.web.public_address import PUBLIC_URL_VARIABLE, PublicAddressMissing, public_url
from knowledge.queries import office

SHARE_PAGE = f"{INBOX}/dela"


def share_link(office_id: str) -> str:
    """The office's link at the configured public address. Raises PublicAddressMissing without one."""
    return f"{public_url()}/o/{office_id}"


def qr_svg(text: str) -> bytes:
    """A QR code as SVG: sharp at every print size. Error level M survives a worn card."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=8, border=4, xmldecl=False,
                                     title="QR-kod till Ombudsguiden")
    return out.getvalue()


async def share_page(request: web.Request) -> web.Response:
    account = await logged_in_ombud(request)
    own = office(account.office_id)
    try:
        link: str | None = share_link(account.office_id)
    except PublicAddressMissing:
        link = None
    return await inbox_page(request, "share.html", status=200 if link else 503, account=account, link=link,
                            setting=PUBLIC_URL_VARIABLE, office_name=own.name if own else account.office_id)


async def share_qr(request: web.Request) -> web.Response:
    account = await logged_in_ombud(request)
    try:
        link = share_link(account.office_id)
    except PublicAddressMissing:
        return web.Response(status=503, text="Ingen QR-kod: tjänstens adress är inte inställd.")
    return web.Response(body=qr_svg(link), content_type="image/svg+xml")


def setup_share(app: web.Application) -> None:
    app.router.add_get(SHARE_PAGE, share_page)
    app.router.add_get(f"{SHARE_PAGE}/qr.svg", share_qr)
