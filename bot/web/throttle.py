"""Slows down password guessing at the inbox login, and floods of chat messages.

Failed logins are counted over a sliding window per account and client address together, per
client address, and per account. A few failures are free; after them each attempt waits, and
the wait doubles with every further failure up to a ceiling (back-off), instead of a hard lock:
- account and address together: the person at their own desk who mistypes, or one guesser.
  Up to a quarter of an hour at most.
- address: one client guessing many accounts. Up to a quarter of an hour.
- account, from every address: a guess spread over many addresses. Its wait is at most a minute,
  so nobody can keep an ombud out of the inbox by failing on purpose from elsewhere.

An attempt counts as failed from the moment it begins and is taken back only when the password
was right, so no more checks can run than the limits allow, however many arrive at once.

The classes here keep their counts in the web process's memory, for a bounded number of keys
(the least recently used go first): they start over when it restarts, which is enough to make
guessing a strong password hopeless. With REDIS_URL set, bot/web/redis_state.py keeps the same
counts in Redis instead, with the same rules (login_rules, login_wait), so that every web
process behind one address counts alike.
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS = 2.0
FREE_FAILURES_PER_ACCOUNT_AND_CLIENT = 5
# Higher than for one account: the ombud of one office often share one address to the internet.
FREE_FAILURES_PER_CLIENT = 20
FREE_FAILURES_PER_ACCOUNT = 10
LONGEST_WAIT_SECONDS = WINDOW_SECONDS
LONGEST_WAIT_PER_ACCOUNT_SECONDS = 60.0
# Keys remembered at most; each holds a few timestamps, so memory stays a few megabytes.
MAX_TRACKED_KEYS = 20_000


class SlidingWindow:
    """Moments of events per key within the last `window` seconds, for at most `max_keys` keys."""

    def __init__(self, window: float, max_keys: int, clock: Callable[[], float]) -> None:
        self._window, self._max_keys, self._clock = window, max_keys, clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._events)

    def moments(self, key: str) -> deque[float]:
        """The key's recent moments, oldest first (empty for an unknown key; nothing is stored for it)."""
        times = self._events.get(key)
        if times is None:
            return deque()
        cutoff = self._clock() - self._window
        while times and times[0] < cutoff:
            times.popleft()
        if not times:
            del self._events[key]
        return times

    def add(self, key: str, moment: float) -> None:
        self.moments(key)
        self._events.setdefault(key, deque()).append(moment)
        self._events.move_to_end(key)
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)

    def take_back(self, key: str, moment: float) -> None:
        times = self._events.get(key)
        if times is not None and moment in times:
            times.remove(moment)
            if not times:
                del self._events[key]


@dataclass(frozen=True)
class Attempt:
    """A login attempt under way: counted as a failure until `LoginThrottle.succeeded` takes it back."""

    keys: tuple[str, ...]
    moment: float


def _wait_after(failures: int, free: int, longest: float) -> float:
    """How long after the latest failure the next attempt must wait: nothing while failures are free,
    then FIRST_WAIT_SECONDS, doubling with each further failure, at most `longest`."""
    if failures < free:
        return 0.0
    return min(longest, FIRST_WAIT_SECONDS * 2.0 ** min(failures - free, 30))


@dataclass(frozen=True)
class Rule:
    """Failures counted under `key`: `free` of them cost nothing, then the wait doubles up to `longest`."""

    key: str
    free: int
    longest: float


def login_rules(email: str, client: str) -> list[Rule]:
    # Read at each call, so that a test (or an operator's patch) can change the limits.
    return [Rule(f"account+client {email} {client}", FREE_FAILURES_PER_ACCOUNT_AND_CLIENT, LONGEST_WAIT_SECONDS),
            Rule(f"client {client}", FREE_FAILURES_PER_CLIENT, LONGEST_WAIT_SECONDS),
            Rule(f"account {email}", FREE_FAILURES_PER_ACCOUNT, LONGEST_WAIT_PER_ACCOUNT_SECONDS)]


def login_wait(rules: Sequence[Rule], failures: Sequence[Sequence[float]], now: float) -> float:
    """How long to wait before the next attempt, given each rule's failures within the window (oldest
    first, in the rules' order); 0 when it may try now."""
    waits = [0.0]
    for rule, moments in zip(rules, failures, strict=True):
        if moments:
            waits.append(moments[-1] + _wait_after(len(moments), rule.free, rule.longest) - now)
    return max(waits)


class LoginThrottle:
    """Counts attempts in the web process's one event loop; no method awaits, so none is interrupted."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures = SlidingWindow(WINDOW_SECONDS, MAX_TRACKED_KEYS, clock)

    def wait_seconds(self, email: str, client: str) -> float:
        """How long this account at this address must wait before its next attempt; 0 when it may try now."""
        rules = login_rules(email, client)
        return login_wait(rules, [self._failures.moments(rule.key) for rule in rules], self._clock())

    def blocked(self, email: str, client: str) -> bool:
        return self.wait_seconds(email, client) > 0

    def begin(self, email: str, client: str) -> Attempt | None:
        """None when the attempt must wait. Otherwise the attempt, already counted as failed, so that
        attempts sent at the same time cannot all get past the limit before the first is checked."""
        if self.blocked(email, client):
            return None
        attempt = Attempt(tuple(rule.key for rule in login_rules(email, client)), self._clock())
        for key in attempt.keys:
            self._failures.add(key, attempt.moment)
        return attempt

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the attempt no longer counts against the account or the address."""
        for key in attempt.keys:
            self._failures.take_back(key, attempt.moment)


def retry_after(seconds: float) -> str:
    """The Retry-After header's whole seconds, at least one."""
    return str(max(1, math.ceil(seconds)))


@dataclass(frozen=True)
class Limit:
    """At most `events` per key within `window` seconds; `name` keeps one limit's keys apart from another's."""

    name: str
    events: int
    window: float


class RateLimit:
    """At most `limit` events per key within `window` seconds, for at most `max_keys` keys: enough for
    any person typing, and a stop for a script that floods the chat (and Rasa behind it)."""

    def __init__(self, limit: int, window: float, max_keys: int = MAX_TRACKED_KEYS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._clock = limit, clock
        self._events = SlidingWindow(window, max_keys, clock)

    def __len__(self) -> int:
        return len(self._events)

    def allow(self, key: str) -> bool:
        if len(self._events.moments(key)) >= self._limit:
            return False
        self._events.add(key, self._clock())
        return True
