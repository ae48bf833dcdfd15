"""The web processes' shared state in Redis (REDIS_URL), for a layout with more than one web process.

Every operation that reads and then writes runs atomically in Redis: a flood limit and the
bounded, expiring entries in a Lua script, a login attempt in a WATCH/MULTI/EXEC transaction
(so that its rules stay in one place, bot/web/throttle.py). Moments come from Redis's clock, one
clock for all processes (time.monotonic differs from one process to the next); expiry is a TTL.

Keys are hashed: their length stays bounded and no e-mail or client address is readable in Redis.
Nothing the person typed is ever stored here.
"""
from __future__ import annotations

import hashlib
import json
import math
import secrets
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, suppress

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError, WatchError

from bot.web.shared_state import (
    BUTTONS_FOR_SECONDS,
    CONVERSATION_LOCK_SECONDS,
    DELETED_FOR_SECONDS,
    REMEMBERED_CONVERSATIONS,
    ConversationBusy,
    SharedState,
    SharedStateUnavailable,
)
from bot.web.throttle import WINDOW_SECONDS, Attempt, Limit, Rule, login_rules, login_wait

PREFIX = "ombudsguiden:web:"
# A request waits this long for Redis at most, then gets the Swedish "try again" answer.
TIMEOUT_SECONDS = 2.0
# Attempts on the same keys that keep changing them under a login: each change is a counted failure,
# so after this many the guesser is being slowed down anyway.
LOGIN_TRIES = 20

SLIDING_WINDOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(window))
return 1
"""
# KEYS[1] lists the entries by when they were set, so that the oldest go first beyond ARGV[3];
# KEYS[2] is the entry, which expires by itself after ARGV[2] seconds.
BOUNDED_ENTRY = """
local seconds, most = tonumber(ARGV[2]), tonumber(ARGV[3])
local now = tonumber(redis.call('TIME')[1])
redis.call('SET', KEYS[2], ARGV[1], 'EX', seconds)
redis.call('ZADD', KEYS[1], now, KEYS[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - seconds)
local over = redis.call('ZCARD', KEYS[1]) - most
if over > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  redis.call('DEL', unpack(oldest))
end
redis.call('EXPIRE', KEYS[1], seconds)
return 1
"""


def _key(kind: str, raw: str) -> str:
    return f"{PREFIX}{kind}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def _seconds(clock: Sequence[int]) -> float:
    """Redis's TIME (whole seconds, microseconds) as seconds."""
    return clock[0] + clock[1] / 1_000_000


def _member(moment: float) -> str:
    # Unique per key: the WATCH on the key makes a second attempt at the same moment start over.
    return f"{moment:.6f}"


@contextmanager
def _answered() -> Iterator[None]:
    try:
        yield
    except RedisError as error:
        raise SharedStateUnavailable(f"{type(error).__name__}: {error}") from error


class RedisState(SharedState):
    def __init__(self, url: str) -> None:
        self._redis = aioredis.from_url(url, decode_responses=True, socket_timeout=TIMEOUT_SECONDS,
                                        socket_connect_timeout=TIMEOUT_SECONDS)
        self._sliding_window = self._redis.register_script(SLIDING_WINDOW)
        self._bounded_entry = self._redis.register_script(BOUNDED_ENTRY)

    async def close(self) -> None:
        await self._redis.close(close_connection_pool=True)

    @asynccontextmanager
    async def conversation(self, sender: str, wait_seconds: float) -> AsyncIterator[None]:
        lock = self._redis.lock(_key("conversation", sender), timeout=CONVERSATION_LOCK_SECONDS,
                                blocking_timeout=wait_seconds)
        with _answered():
            if not await lock.acquire():
                raise ConversationBusy(sender)
        try:
            yield
        finally:
            with suppress(RedisError):  # expired meanwhile, or Redis gone: the lock goes by itself
                await lock.release()

    async def allow(self, limit: Limit, key: str) -> bool:
        with _answered():
            counted = await self._sliding_window(keys=[_key(f"limit:{limit.name}", key)],
                                                 args=[limit.events, limit.window, secrets.token_hex(8)])
        return bool(counted)

    async def set_deleted(self, sender: str, deleted: bool) -> None:
        entry = _key("deleted", sender)
        with _answered():
            if deleted:
                await self._bounded_entry(keys=[f"{PREFIX}deleted-index", entry],
                                          args=["1", DELETED_FOR_SECONDS, REMEMBERED_CONVERSATIONS])
            else:
                async with self._redis.pipeline(transaction=True) as pipe:
                    pipe.delete(entry)
                    pipe.zrem(f"{PREFIX}deleted-index", entry)
                    await pipe.execute()

    async def is_deleted(self, sender: str) -> bool:
        with _answered():
            return bool(await self._redis.exists(_key("deleted", sender)))

    async def remember_buttons(self, sender: str, payloads: frozenset[str]) -> None:
        with _answered():
            await self._bounded_entry(keys=[f"{PREFIX}buttons-index", _key("buttons", sender)],
                                      args=[json.dumps(sorted(payloads)), BUTTONS_FOR_SECONDS,
                                            REMEMBERED_CONVERSATIONS])

    async def buttons(self, sender: str) -> frozenset[str] | None:
        with _answered():
            stored = await self._redis.get(_key("buttons", sender))
        return None if stored is None else frozenset(json.loads(stored))

    async def login_wait(self, email: str, client: str) -> float:
        rules = login_rules(email, client)
        with _answered():
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.time()
                for rule in rules:
                    pipe.zrange(_key("login", rule.key), 0, -1, withscores=True)
                clock, *stored = await pipe.execute()
        now = _seconds(clock)
        failures = [[score for _, score in moments if score >= now - WINDOW_SECONDS] for moments in stored]
        return login_wait(rules, failures, now)

    async def begin_login(self, email: str, client: str) -> Attempt | None:
        rules = login_rules(email, client)
        keys = [_key("login", rule.key) for rule in rules]
        with _answered():
            async with self._redis.pipeline(transaction=True) as pipe:
                for _ in range(LOGIN_TRIES):
                    try:
                        return await self._begin_watched(pipe, keys, rules)
                    except WatchError:
                        continue  # another process counted an attempt on these keys first: look again
        raise SharedStateUnavailable("the login counts kept changing")

    @staticmethod
    async def _begin_watched(pipe: Pipeline, keys: list[str], rules: list[Rule]) -> Attempt | None:
        await pipe.watch(*keys)
        now = _seconds(await pipe.time())
        cutoff = now - WINDOW_SECONDS
        failures = [[score for _, score in await pipe.zrangebyscore(key, cutoff, "+inf", withscores=True)]
                    for key in keys]
        if login_wait(rules, failures, now) > 0:
            await pipe.reset()
            return None
        pipe.multi()
        for key in keys:
            pipe.zadd(key, {_member(now): now})
            pipe.zremrangebyscore(key, "-inf", f"({cutoff}")
            pipe.expire(key, math.ceil(WINDOW_SECONDS))
        await pipe.execute()
        return Attempt(tuple(keys), now)

    async def login_succeeded(self, attempt: Attempt) -> None:
        with _answered():
            async with self._redis.pipeline(transaction=True) as pipe:
                for key in attempt.keys:
                    pipe.zrem(key, _member(attempt.moment))
                await pipe.execute()
