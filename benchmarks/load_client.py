"""A small asyncio load client: N people at once, each in a conversation of their own, turn by turn.

Each simulated person waits for the answer before writing the next message, as people do, so the
number of conversations at once is the number of turns in flight. Every conversation has a fresh
sender id. Through /api/chat each one also has its own client address (X-Forwarded-For, honoured
when the web server runs with OMBUDSGUIDEN_TRUSTED_PROXY=true), so the per-client limits see many
people, as in production; the limit on turns at once in total still applies, and what it refuses
(429, 503) is counted, not retried or hidden.
"""
from __future__ import annotations

import asyncio
import itertools
import math
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import aiohttp

from benchmarks.encoder import percentile

CONVERSATIONS: Sequence[Sequence[str]] = (
    # the screener
    ("kan jag få personligt ombud?", "jag är 34", "ja", "ja", "FK, soc och psykiatrin", "nej", "jag bor i Rinkeby"),
    # an office lookup
    ("var finns personligt ombud i Malmö", "hur lång är kön", "vad ska jag ta med"),
    # a rights question
    ("FK har stoppat min sjukpenning vad gör jag", "kronofogden skickade ett brev"),
)
# How our bot begins a reply when an action or Rasa itself failed during the turn (bot/runtime/rest_channel.py).
FAILED_REPLY = "Något gick fel hos"
TURN_TIMEOUT = aiohttp.ClientTimeout(total=120)
# One made-up client address per conversation over the whole run, so no rate limit carries over.
_addresses = itertools.count(1)


@dataclass(frozen=True)
class Channel:
    """Where turns go: Rasa's REST channel (one URL per Rasa process) or the web server's /api/chat."""

    target: str  # "ours", "stock", "ours, 2 Rasa processes"
    kind: str  # "rest" or "chat"
    urls: tuple[str, ...]

    def url(self, conversation: int, turn: int) -> str:
        # Several Rasa processes: turns of one conversation alternate between them, as behind a round-robin proxy.
        return self.urls[(conversation + turn) % len(self.urls)]


@dataclass
class Level:
    """One channel at one number of conversations at once, over a fixed time (in one or more rounds)."""

    channel: Channel
    concurrency: int
    conversations: int = 0  # started
    seconds: float = 0.0  # the measured window
    deadline: float = math.inf  # perf_counter time at which the current window closes
    in_window: int = 0  # turns answered before the window closed: the throughput
    latencies_ms: list[float] = field(default_factory=list)  # every answered turn (HTTP 200)
    statuses: Counter[int] = field(default_factory=Counter)
    empty_replies: int = 0
    failed_replies: int = 0  # answered, but saying that part of the bot failed (an action, Rasa itself)
    failures: int = 0  # no HTTP answer at all (connection refused, timeout)

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    @property
    def turns_per_second(self) -> float:
        return self.in_window / self.seconds if self.seconds else 0.0

    def p(self, share: float) -> float:
        return percentile(self.latencies_ms, share) if self.latencies_ms else float("nan")

    def add(self, other: Level) -> None:
        """Another round of the same channel and level, measured at another time."""
        self.conversations += other.conversations
        self.seconds += other.seconds
        self.in_window += other.in_window
        self.latencies_ms += other.latencies_ms
        self.statuses.update(other.statuses)
        self.empty_replies += other.empty_replies
        self.failed_replies += other.failed_replies
        self.failures += other.failures


def _address() -> str:
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


async def _turn(session: aiohttp.ClientSession, channel: Channel, url: str, sender: str, text: str,
                address: str) -> tuple[int, list[str]]:
    """One message and its answer: the HTTP status and the texts the bot said."""
    if channel.kind == "chat":
        request = session.post(url, json={"sender": sender, "text": text}, headers={"X-Forwarded-For": address})
    else:
        request = session.post(url, json={"sender": sender, "message": text})
    async with request as response:
        body = await response.json(content_type=None) if response.status == 200 else None
    replies = (body or {}).get("messages") if channel.kind == "chat" else body
    return response.status, [str(r.get("text") or "") for r in replies or () if isinstance(r, dict)]


async def _conversation(session: aiohttp.ClientSession, level: Level | None, channel: Channel, number: int,
                        keep_going: Callable[[], bool] = lambda: True) -> None:
    sender, address = f"load-{uuid.uuid4().hex}", _address()
    for turn, text in enumerate(CONVERSATIONS[number % len(CONVERSATIONS)]):
        if not keep_going():
            return
        start = time.perf_counter()
        try:
            status, said = await _turn(session, channel, channel.url(number, turn), sender, text, address)
        except (aiohttp.ClientError, TimeoutError):
            if level:
                level.failures += 1
            await asyncio.sleep(1)  # as a person would before trying again; a dead server is not hammered
            continue
        if level is None:
            continue
        level.statuses[status] += 1
        if status == 200:
            ended = time.perf_counter()
            level.latencies_ms.append((ended - start) * 1000)
            level.in_window += ended <= level.deadline
            level.empty_replies += not said
            level.failed_replies += any(FAILED_REPLY in reply for reply in said)


def _session(concurrency: int) -> aiohttp.ClientSession:
    # No cap on the client's side: only the server's own limits may shape the load.
    return aiohttp.ClientSession(timeout=TURN_TIMEOUT, connector=aiohttp.TCPConnector(limit=concurrency + 10))


async def run_level(channel: Channel, concurrency: int, seconds: float) -> Level:
    """`concurrency` people, each starting a new conversation when theirs ends, for `seconds`.

    Everyone stays busy until the window closes, so the level holds its concurrency throughout; a
    turn still on its way then is waited for, and counts for latency but not for throughput.
    """
    level = Level(channel, concurrency)
    numbers = itertools.count()

    def open_window() -> bool:
        return time.perf_counter() < level.deadline

    async def person(session: aiohttp.ClientSession) -> None:
        while open_window():
            level.conversations += 1
            await _conversation(session, level, channel, next(numbers), open_window)

    async with _session(concurrency) as session:
        level.deadline = time.perf_counter() + seconds
        level.seconds = seconds
        await asyncio.gather(*(person(session) for _ in range(concurrency)))
    return level


async def run_for(channel: Channel, keep_going: Callable[[], bool]) -> Level:
    """Conversations one at a time for as long as `keep_going` says (a profiler is recording)."""
    level = Level(channel, 1)
    async with _session(1) as session:
        start = time.perf_counter()
        while keep_going():
            await _conversation(session, level, channel, level.conversations, keep_going)
            level.conversations += 1
        level.seconds = time.perf_counter() - start
    level.in_window = level.answered
    return level


async def warm_up(channel: Channel) -> None:
    """Each conversation once, unmeasured: the first turns of a fresh server build caches and TF graphs."""
    async with _session(1) as session:
        for number in range(len(CONVERSATIONS) * len(channel.urls)):
            await _conversation(session, None, channel, number)


async def parse_times(url: str, texts: Sequence[str]) -> list[float]:
    """Milliseconds per message for the NLU parse alone (Rasa's /model/parse), one message at a time."""
    times = []
    async with _session(1) as session:
        for text in texts:
            start = time.perf_counter()
            async with session.post(url, json={"text": text}) as response:
                await response.read()
                if response.status == 200:
                    times.append((time.perf_counter() - start) * 1000)
    return times
