"""What every web process behind one address must see alike, and where it is kept.

The chat's flood limits (per client, per conversation), the conversations deleted in the last
hour (which refuse new messages), the buttons of the bot's last reply per conversation (the only
payloads a press may send) and the inbox login's failure counts. One web process keeps them in
its memory (MemoryState, the default of `make run`); with REDIS_URL set every process keeps them
in that Redis (bot/web/redis_state.py), so that a limit, a deletion or a button given through one
process holds in all of them. The choice is made once, when the app is created.

The per-conversation lock is shared too: a deletion through one process must wait for a turn of
the same conversation still on its way through another, or the turn would write the conversation
back after "deleted". Turns at once stay per process (bot/web/chat.py): they protect that process's
event loop.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import time
import weakref
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import AsyncIterator

from aiohttp import web

from bot.web.throttle import Attempt, Limit, LoginThrottle, RateLimit

REDIS_URL_VARIABLE = "REDIS_URL"
# A deleted conversation refuses new messages for a while: one still queued must not bring it back.
DELETED_FOR_SECONDS = 60 * 60
# The last buttons are looked up in Rasa's tracker when they are not known, so forgetting them is safe.
BUTTONS_FOR_SECONDS = 24 * 60 * 60
REMEMBERED_CONVERSATIONS = 10_000
# A turn waits at most a minute for Rasa (bot/web/rasa_client.py); a lock left by a process that died
# mid-turn goes by itself after this.
CONVERSATION_LOCK_SECONDS = 90


class SharedStateUnavailable(Exception):
    """The shared store did not answer; the request gets a Swedish "try again" answer (503)."""


class ConversationBusy(Exception):
    """Another message or deletion of the same conversation did not finish in time."""


class SharedState(ABC):
    """The shared state's operations; each one is atomic, whichever process calls it."""

    @abstractmethod
    def conversation(self, sender: str, wait_seconds: float) -> contextlib.AbstractAsyncContextManager[None]:
        """One message or deletion at a time per conversation; ConversationBusy after `wait_seconds`."""

    @abstractmethod
    async def allow(self, limit: Limit, key: str) -> bool:
        """Counts one event for `key` unless `limit` is already reached; whether it was counted."""

    @abstractmethod
    async def set_deleted(self, sender: str, deleted: bool) -> None:
        """Marks the conversation deleted for DELETED_FOR_SECONDS, or takes the mark back."""

    @abstractmethod
    async def is_deleted(self, sender: str) -> bool: ...

    @abstractmethod
    async def remember_buttons(self, sender: str, payloads: frozenset[str]) -> None: ...

    @abstractmethod
    async def buttons(self, sender: str) -> frozenset[str] | None:
        """The payloads of the bot's last buttons to this conversation; None when they are not known."""

    @abstractmethod
    async def begin_login(self, email: str, client: str) -> Attempt | None:
        """As LoginThrottle.begin: None when the attempt must wait, else the attempt, counted as failed."""

    @abstractmethod
    async def login_wait(self, email: str, client: str) -> float: ...

    @abstractmethod
    async def login_succeeded(self, attempt: Attempt) -> None: ...

    @abstractmethod
    async def close(self) -> None:
        """Lets go of connections when the app stops."""


class MemoryState(SharedState):
    """This process's memory: for one web process. Every map is bounded; the least recent go first."""

    def __init__(self) -> None:
        self._limits: dict[Limit, RateLimit] = {}
        self._logins = LoginThrottle()
        self._deleted: OrderedDict[str, float] = OrderedDict()
        self._buttons: OrderedDict[str, frozenset[str]] = OrderedDict()
        # A lock lives while someone holds or waits for it, then goes.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @contextlib.asynccontextmanager
    async def conversation(self, sender: str, wait_seconds: float) -> AsyncIterator[None]:
        lock = self._locks.get(sender)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender] = lock
        try:
            await asyncio.wait_for(lock.acquire(), wait_seconds)
        except TimeoutError:
            raise ConversationBusy(sender) from None
        try:
            yield
        finally:
            lock.release()

    async def allow(self, limit: Limit, key: str) -> bool:
        if limit not in self._limits:
            self._limits[limit] = RateLimit(limit.events, limit.window)
        return self._limits[limit].allow(key)

    async def set_deleted(self, sender: str, deleted: bool) -> None:
        if not deleted:
            self._deleted.pop(sender, None)
            return
        self._deleted[sender] = time.monotonic() + DELETED_FOR_SECONDS
        self._deleted.move_to_end(sender)
        while len(self._deleted) > REMEMBERED_CONVERSATIONS:
            self._deleted.popitem(last=False)

    async def is_deleted(self, sender: str) -> bool:
        now = time.monotonic()
        while self._deleted and next(iter(self._deleted.values())) < now:  # oldest first: all got the same hour
            self._deleted.popitem(last=False)
        return sender in self._deleted

    async def remember_buttons(self, sender: str, payloads: frozenset[str]) -> None:
        self._buttons[sender] = payloads
        self._buttons.move_to_end(sender)
        while len(self._buttons) > REMEMBERED_CONVERSATIONS:
            self._buttons.popitem(last=False)

    async def buttons(self, sender: str) -> frozenset[str] | None:
        return self._buttons.get(sender)

    async def begin_login(self, email: str, client: str) -> Attempt | None:
        return self._logins.begin(email, client)

    async def login_wait(self, email: str, client: str) -> float:
        return self._logins.wait_seconds(email, client)

    async def login_succeeded(self, attempt: Attempt) -> None:
        self._logins.succeeded(attempt)

    async def close(self) -> None:
        """Memory holds no connection."""


SHARED_STATE = web.AppKey("shared_state", SharedState)


def shared_state_from_environment() -> SharedState:
    url = os.environ.get(REDIS_URL_VARIABLE, "").strip()
    if not url:
        return MemoryState()
    from bot.web.redis_state import RedisState  # only a scaled setup needs the Redis client

    return RedisState(url)


async def _close(app: web.Application) -> None:
    await app[SHARED_STATE].close()


def setup_shared_state(app: web.Application) -> None:
    app[SHARED_STATE] = shared_state_from_environment()
    app.on_cleanup.append(_close)  # type: ignore[arg-type]  # aiohttp 3.9's signal types predate aiosignal 1.4 (aio-libs/aiohttp#11264)
