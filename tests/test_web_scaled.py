"""Several web processes behind one address, sharing a real Redis (Debian's redis-server, started
here with bot/runtime/redis_server.py; `make test` installs it), and several Rasa processes behind
one web server.

Two web apps made by the app factory stand for two web processes: with the same REDIS_URL, what
happens through one must hold in the other (a deletion, a limit, a button, a login's wait).
"""
from __future__ import annotations

import asyncio
import http.client
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer
from conftest import PROJECT_ROOT, free_port

from bot.runtime.redis_server import WEB_STATE_DB, RedisServer, redis_server
from bot.web import chat as chat_module
from bot.web import inbox as inbox_module
from bot.web.app import create_app
from bot.web.chat import MESSAGES_PER_MINUTE
from bot.web.rasa_client import rasa_urls
from bot.web.throttle import FREE_FAILURES_PER_ACCOUNT_AND_CLIENT
from casework.accounts import authenticate

BUTTON = "/what_is_po"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
BUSY = "Många skriver just nu. Försök igen om en liten stund. Akut? Ring 112."


@pytest.fixture(scope="module")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_url(shared_redis: RedisServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """REDIS_URL for the web apps made in this test, in an empty database: counts start at nothing."""
    url = shared_redis.url(WEB_STATE_DB)
    with redis.Redis.from_url(url) as client:
        client.flushdb()
    monkeypatch.setenv("REDIS_URL", url)
    monkeypatch.setenv("OMBUDSGUIDEN_COOKIE_SECURE", "false")  # the test servers speak http
    return url


class StandInRasa:
    """Answers every message with one button. Its tracker gives no button, so a web process can only
    know a button through what another one shared; with `tracker_db`, its events are that table's."""

    def __init__(self, tracker_db: Path | None = None, slow_turns: bool = False) -> None:
        self.received: list[str] = []
        self._tracker_db = tracker_db
        self._slow_turns = slow_turns  # each turn takes a while, then is written to `tracker_db`, as Rasa does

    def app(self) -> web.Application:
        async def webhook(request: web.Request) -> web.Response:
            body = await request.json()
            self.received.append(body["message"])
            if self._slow_turns and self._tracker_db is not None:
                await asyncio.sleep(0.5)
                with sqlite3.connect(self._tracker_db) as connection:
                    connection.execute("INSERT INTO events (sender_id, type_name, timestamp) VALUES (?, 'user', ?)",
                                       (body["sender"], time.time()))
            return web.json_response([{"recipient_id": body["sender"], "text": "Hej! Jag är en chattbot.",
                                       "buttons": [{"title": "Vad är personligt ombud?", "payload": BUTTON}]}])

        async def tracker(request: web.Request) -> web.Response:
            events: list[dict[str, Any]] = []
            if self._tracker_db is not None:
                with sqlite3.connect(self._tracker_db) as connection:
                    rows = connection.execute("SELECT type_name FROM events WHERE sender_id = ?",
                                              (request.match_info["sender"],)).fetchall()
                events = [{"event": kind} for (kind,) in rows]
            return web.json_response({"slots": {}, "events": events})

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", webhook)
        app.router.add_get("/conversations/{sender}/tracker", tracker)
        return app


@asynccontextmanager
async def web_processes(monkeypatch: pytest.MonkeyPatch, count: int, *rasas: StandInRasa,
                        dead_rasa: bool = False) -> AsyncIterator[list[TestClient]]:
    """`count` web apps, each as its own process would make it, in front of the stand-in Rasas
    (RASA_URLS, with a Rasa that refuses every connection first when `dead_rasa`)."""
    async with AsyncExitStack() as stack:
        urls = [f"http://127.0.0.1:{free_port()}"] if dead_rasa else []
        for rasa in rasas:
            server = TestServer(rasa.app())
            await server.start_server()
            stack.push_async_callback(server.close)
            urls.append(str(server.make_url("")))
        monkeypatch.setenv("RASA_URLS", ",".join(urls))
        monkeypatch.setenv("OMBUDSGUIDEN_AUTO_PURGE", "false")  # not each app's purge at once on one store
        yield [await stack.enter_async_context(TestClient(TestServer(create_app()))) for _ in range(count)]


async def chat(client: TestClient, sender: str, **message: str) -> ClientResponse:
    return await client.post("/api/chat", json={"sender": sender, **message})


def tracker_db_with(path: Path, sender: str) -> Path:
    """Rasa's SQL tracker store with two events of `sender`."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL)")
        connection.executemany("INSERT INTO events (sender_id, type_name, timestamp) VALUES (?, ?, ?)",
                               [(sender, "user", time.time()), (sender, "bot", time.time())])
    return path


def test_a_conversation_deleted_through_one_web_process_is_refused_by_the_other(
        redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = uuid.uuid4().hex
    database = tracker_db_with(tmp_path / "tracker.db", sender)
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{database}")
    rasa = StandInRasa(tracker_db=database)

    async def scenario() -> None:
        async with web_processes(monkeypatch, 2, rasa) as (first, second):
            deleted = await first.delete("/api/conversation", headers={"X-Samtal": sender})
            assert deleted.status == 200 and await deleted.json() == {"deleted_events": 2}
            late = await chat(second, sender, text="hej")
            assert late.status == 410 and "raderad" in (await late.json())["error"]
            shown = await second.get("/api/conversation", headers={"X-Samtal": sender})
            assert await shown.json() == {"messages": []}
    asyncio.run(scenario())
    assert rasa.received == []


def test_a_deletion_through_one_web_process_waits_for_a_turn_still_on_its_way_through_the_other(
        redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = uuid.uuid4().hex
    database = tracker_db_with(tmp_path / "tracker.db", sender)
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{database}")

    async def scenario() -> None:
        async with web_processes(monkeypatch, 2, StandInRasa(tracker_db=database, slow_turns=True)) as (first, second):
            turn = asyncio.create_task(chat(first, sender, text="hej"))
            await asyncio.sleep(0.1)  # the turn is with Rasa now
            deleted = await second.delete("/api/conversation", headers={"X-Samtal": sender})
            assert (await turn).status == 200
            assert deleted.status == 200 and await deleted.json() == {"deleted_events": 3}
    asyncio.run(scenario())
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone() == (0,)


def test_the_message_limit_counts_messages_sent_through_both_web_processes(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rasa, sender = StandInRasa(), uuid.uuid4().hex

    async def scenario() -> None:
        async with web_processes(monkeypatch, 2, rasa) as apps:
            statuses = [(await chat(apps[n % 2], sender, text=f"hej {n}")).status for n in range(MESSAGES_PER_MINUTE)]
            assert statuses == [200] * MESSAGES_PER_MINUTE
            for app in apps:
                flooded = await chat(app, sender, text="en till")
                assert flooded.status == 429 and (await flooded.json())["error"].startswith("Du skickar många")
            assert (await chat(apps[1], uuid.uuid4().hex, text="hej")).status == 200  # someone else goes on
    asyncio.run(scenario())
    assert len(rasa.received) == MESSAGES_PER_MINUTE + 1


def test_the_limit_per_client_counts_requests_through_both_web_processes(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_module, "REQUESTS_PER_MINUTE_PER_CLIENT", 3)

    async def scenario() -> list[int]:
        async with web_processes(monkeypatch, 2, StandInRasa()) as (first, second):
            return [(await chat(app, uuid.uuid4().hex, text="hej")).status for app in (first, second, first, second)]
    assert asyncio.run(scenario()) == [200, 200, 200, 429]


@pytest.mark.parametrize(("shared", "pressed"), [(True, 200), (False, 400)])
def test_a_button_given_through_one_web_process_can_be_pressed_through_the_other(
        shared: bool, pressed: int, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if shared:
        request.getfixturevalue("redis_url")
    else:  # each process on its own: the other one has never seen the button (and Rasa's tracker has none)
        monkeypatch.delenv("REDIS_URL", raising=False)
    rasa, sender = StandInRasa(), uuid.uuid4().hex

    async def scenario() -> None:
        async with web_processes(monkeypatch, 2, rasa) as (first, second):
            given = await (await chat(first, sender, payload="/greet")).json()
            assert given["messages"][0]["buttons"][0]["payload"] == BUTTON
            assert (await chat(second, sender, payload=BUTTON)).status == pressed
            assert (await chat(second, sender, payload="/affirm")).status == 400  # never a button it gave
    asyncio.run(scenario())
    assert rasa.received == (["/greet", BUTTON] if shared else ["/greet"])


async def failed_login(client: TestClient, email: str) -> ClientResponse:
    page = await (await client.get("/ombud/login")).text()
    form = {"csrf_token": CSRF.search(page).group(1), "email": email, "password": "fel lösenord"}  # type: ignore[union-attr]
    return await client.post("/ombud/login", data=form, allow_redirects=False)


def test_the_login_wait_holds_across_both_web_processes(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    email = f"gissning-{uuid.uuid4().hex[:8]}@example.se"

    async def scenario() -> None:
        async with web_processes(monkeypatch, 2) as apps:
            for n in range(FREE_FAILURES_PER_ACCOUNT_AND_CLIENT):
                assert (await failed_login(apps[n % 2], email)).status == 200
            for app in apps:
                waiting = await failed_login(app, email)  # the first wait after the free failures: 2 s
                assert waiting.status == 429 and re.search(r"Vänta [12] sekund", await waiting.text())
                assert waiting.headers["Retry-After"] in ("1", "2")
    asyncio.run(scenario())


def test_guesses_sent_at_once_through_both_web_processes_get_no_more_checks_than_the_limit(
        redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    checks, lock = [0], threading.Lock()

    def counted(email: str, password: str, client: str | None = None) -> None:
        with lock:
            checks[0] += 1
        authenticate(email, password, client=client)

    monkeypatch.setattr(inbox_module, "authenticate", counted)
    email, attempts = f"gissning-{uuid.uuid4().hex[:8]}@example.se", 4 * FREE_FAILURES_PER_ACCOUNT_AND_CLIENT

    async def scenario() -> list[int]:
        async with web_processes(monkeypatch, 2) as apps:
            answers = await asyncio.gather(*(failed_login(apps[n % 2], email) for n in range(attempts)))
            return sorted(answer.status for answer in answers)
    allowed = FREE_FAILURES_PER_ACCOUNT_AND_CLIENT
    assert asyncio.run(scenario()) == [200] * allowed + [429] * (attempts - allowed)
    assert checks[0] == allowed


def test_when_redis_is_down_the_chat_and_the_login_say_try_again_in_swedish(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_COOKIE_SECURE", "false")
    sender, rasa = uuid.uuid4().hex, StandInRasa()

    async def scenario(server: RedisServer) -> None:
        async with web_processes(monkeypatch, 1, rasa) as (app,):
            assert (await chat(app, sender, text="hej")).status == 200
            server.stop()
            down = await chat(app, sender, text="min läkare på psyk")
            assert down.status == 503 and await down.json() == {"error": BUSY}
            assert down.headers["Cache-Control"] == "no-store"
            for answer in (await app.get("/api/conversation", headers={"X-Samtal": sender}),
                           await app.delete("/api/conversation", headers={"X-Samtal": sender})):
                assert answer.status == 503 and await answer.json() == {"error": BUSY}
            login = await failed_login(app, "ombud@example.se")
            assert login.status == 503 and "Inloggningen går inte just nu" in await login.text()
            assert (await app.get("/")).status == 200  # the page itself, with the crisis numbers, still comes

    with redis_server(tmp_path / "redis") as server:
        monkeypatch.setenv("REDIS_URL", server.url(WEB_STATE_DB))
        asyncio.run(scenario(server))
    assert rasa.received == ["hej"]
    assert "psyk" not in caplog.text and "Traceback" not in caplog.text
    assert "The shared state did not answer" in caplog.text


def test_rasa_urls_spread_the_turns_and_skip_a_rasa_that_refuses_the_connection(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = StandInRasa(), StandInRasa()

    async def scenario() -> list[int]:
        async with web_processes(monkeypatch, 1, first, second, dead_rasa=True) as (app,):
            return [(await chat(app, uuid.uuid4().hex, text="hej")).status for _ in range(6)]
    assert asyncio.run(scenario()) == [200] * 6
    assert first.received and second.received and len(first.received + second.received) == 6


def test_when_no_rasa_takes_the_connection_the_chat_says_it_is_not_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> tuple[int, dict[str, str]]:
        async with web_processes(monkeypatch, 1, dead_rasa=True) as (app,):
            answer = await chat(app, uuid.uuid4().hex, text="hej")
            return answer.status, await answer.json()
    assert asyncio.run(scenario()) == (503, {"error": "Chatten svarar inte just nu. Försök igen om en stund. "
                                                      "Akut? Ring 112."})


def test_rasa_urls_come_from_rasa_urls_else_rasa_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:5005/")
    monkeypatch.delenv("RASA_URLS", raising=False)
    assert rasa_urls() == ["http://127.0.0.1:5005"]
    monkeypatch.setenv("RASA_URLS", " http://127.0.0.1:5006/, ,http://127.0.0.1:5007")
    assert rasa_urls() == ["http://127.0.0.1:5006", "http://127.0.0.1:5007"]


def _listening(pid: int, port: int) -> bool:
    """Whether process `pid` holds a socket listening on `port` (from /proc: Linux only, as SO_REUSEPORT)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed while we looked
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
            return True
    return False


def _web_process(port: int, *options: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot.web", "--port", str(port), *options], cwd=PROJECT_ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_several_web_processes_listen_on_one_port_with_reuse_port(redis_url: str) -> None:
    port = free_port()
    env = {**os.environ, "OMBUDSGUIDEN_AUTO_PURGE": "false"}
    processes = [_web_process(port, "--reuse-port", env=env) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60
        while True:
            stopped = [process for process in processes if process.poll() is not None]
            assert not stopped, [process.communicate()[1] for process in stopped]
            if all(_listening(process.pid, port) for process in processes):
                break
            assert time.monotonic() < deadline, "the web processes did not start listening"
            time.sleep(0.2)
        for _ in range(10):  # each on a new connection, which the kernel gives to one of them
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/health")
            assert connection.getresponse().status == 200
            connection.close()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
    without_redis = {key: value for key, value in env.items() if key != "REDIS_URL"}
    refused = subprocess.run([sys.executable, "-m", "bot.web", "--port", str(port), "--reuse-port"],
                             cwd=PROJECT_ROOT, env=without_redis, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--reuse-port kräver REDIS_URL" in refused.stderr
