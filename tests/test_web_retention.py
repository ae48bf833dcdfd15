"""The web server keeps the promised retention by itself: old requests go without a cron job."""
from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import update

from bot.web.app import create_app
from casework import handoffs
from casework.handoffs import CLOSED, ContactRequest
from casework.schema import HandoffRow
from storage.engine import session_scope


def old_closed_request() -> str:
    reference = handoffs.create(ContactRequest(
        office_id="uppsala", kommun_code="0380", summary="Kommun: Uppsala.", contact_method="self",
        contact_value=None, contact_time="any"))
    long_ago = handoffs.now() - dt.timedelta(days=handoffs.DEFAULT_CLOSED_RETENTION_DAYS + 5)
    with session_scope() as session:
        session.execute(update(HandoffRow).where(HandoffRow.reference == handoffs.normalise_reference(reference))
                        .values(status=CLOSED, closed_at=long_ago, created_at=long_ago))
    return reference


def still_there(reference: str) -> bool:
    return any(h.reference == reference for h in handoffs.for_office("uppsala"))


async def serve_until_gone(reference: str, seconds: float) -> None:
    """Runs the web server until the request is gone or the time is up (the purge runs in a thread)."""
    async with TestClient(TestServer(create_app())) as client:
        assert (await client.get("/health")).status == 200
        for _ in range(int(seconds * 10)):
            if not still_there(reference):
                return
            await asyncio.sleep(0.1)


def test_starting_the_web_server_deletes_requests_past_their_retention() -> None:
    old, new = old_closed_request(), handoffs.create(ContactRequest(
        office_id="uppsala", kommun_code="0380", summary="Kommun: Uppsala.", contact_method="self",
        contact_value=None, contact_time="any"))
    asyncio.run(serve_until_gone(old, seconds=30))
    assert not still_there(old)
    assert still_there(new)


def test_the_daily_purge_can_be_left_to_cron(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_AUTO_PURGE", "false")
    old = old_closed_request()
    asyncio.run(serve_until_gone(old, seconds=3))
    assert still_there(old)
