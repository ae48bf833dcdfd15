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


def test_start_page_is_the_swedish_chat_with_strict_headers() -> None:
    status, headers, body = asyncio.run(_get("/"))
    assert status == 200
    assert '<html lang="sv">' in body
    assert 'role="log"' in body
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def _json(path: str) -> tuple[int, dict]:
    import json

    status, _, body = asyncio.run(_get(path))
    return status, json.loads(body)


def test_checklist_api_for_po_with_the_office_of_a_stadsdel() -> None:
    status, data = _json("/api/checklist?kommun=Rinkeby")
    assert status == 200
    assert data["title"] == "Inför första kontakten med personligt ombud"
    headings = [s["heading"] for s in data["sections"]]
    assert headings == ["Ta med", "Säg", "Fråga", "Skriv upp", "Kontakt"]
    assert "Järva" in data["sections"][-1]["items"][0]
    assert data["sources"].startswith("Källor:")


def test_checklist_api_for_an_authority_lists_its_documents_and_phone() -> None:
    status, data = _json("/api/checklist?myndighet=FK")
    assert status == 200 and data["title"].endswith("Försäkringskassan")
    bring = data["sections"][0]["items"]
    assert any("Läkarintyg" in item for item in bring)
    assert "0771-524 524" in " ".join(data["sections"][-1]["items"])


def test_checklist_api_refuses_unknown_places_clearly() -> None:
    status, data = _json("/api/checklist?kommun=Blorpinge")
    assert status == 404 and data["error"] == "Okänd kommun eller stadsdel."


def test_the_server_version_is_hidden_and_no_page_may_ask_for_camera_microphone_or_position() -> None:
    for path in ("/", "/health", "/ombud/login", "/finns-inte"):
        _, headers, _ = asyncio.run(_get(path))
        assert "aiohttp" not in headers.get("Server", "") and "Python" not in headers.get("Server", ""), path
        policy = headers["Permissions-Policy"]
        assert all(f"{feature}=()" in policy for feature in ("camera", "microphone", "geolocation")), path


def test_hsts_is_sent_when_the_service_is_reached_over_https(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OMBUDSGUIDEN_PUBLIC_URL", raising=False)
    assert "Strict-Transport-Security" not in asyncio.run(_get("/"))[1]
    monkeypatch.setenv("OMBUDSGUIDEN_PUBLIC_URL", "http://localhost:8080")
    assert "Strict-Transport-Security" not in asyncio.run(_get("/"))[1]
    monkeypatch.setenv("OMBUDSGUIDEN_PUBLIC_URL", "https://ombudsguiden.example.se")
    for path in ("/", "/ombud/login", "/finns-inte"):
        assert asyncio.run(_get(path))[1]["Strict-Transport-Security"].startswith("max-age=31536000"), path
