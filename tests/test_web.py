"""The web server answers over real HTTP."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.web.app import create_app


async def _get(path: str) -> tuple[int, dict[str, str], str]:
    async with TestClient(TestServer(create_app())) as client:
        response = await client.get(path)
        return response.status, dict(response.headers), await response.text()


def test_health_reports_ok() -> None:
    status, _, body = asyncio.run(_get("/health"))
    assert status == 200
    assert '"status": "ok"' in body


def test_start_page_is_swedish_and_says_the_chat_comes_next() -> None:
    status, headers, body = asyncio.run(_get("/"))
    assert status == 200
    assert '<html lang="sv">' in body
    assert "Chatten kommer snart" in body
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
