"""Slows down password guessing at the inbox login.

Failed attempts are counted per e-mail address and per client address over a sliding window.
An attempt counts from the moment it begins and is taken back only when the password was
right, so at most the limit of password checks can run, however many arrive at once.
The counts live in the web process's memory: they start over when it restarts, which is
enough to make guessing a 12-character password hopeless.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_EMAIL = 5
# Higher than per e-mail: the ombud of one office often share one address to the internet.
MAX_FAILURES_PER_CLIENT = 20


@dataclass(frozen=True)
class Attempt:
    """A login attempt under way: counted as a failure until `LoginThrottle.succeeded` takes it back."""

    email: str
    client: str
    moment: float


class LoginThrottle:
    """Counts attempts in the web process's one event loop; no method awaits, so none is interrupted."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _forget_old(self) -> None:
        cutoff = self._clock() - WINDOW_SECONDS
        for key in list(self._failures):
            times = self._failures[key]
            while times and times[0] < cutoff:
                times.popleft()
            if not times:
                del self._failures[key]

    def blocked(self, email: str, client: str) -> bool:
        """True when the address or the client has failed too often lately."""
        self._forget_old()
        return (len(self._failures.get(("email", email), ())) >= MAX_FAILURES_PER_EMAIL
                or len(self._failures.get(("client", client), ())) >= MAX_FAILURES_PER_CLIENT)

    def failed(self, email: str, client: str) -> None:
        self._record(email, client, self._clock())

    def _record(self, email: str, client: str, moment: float) -> None:
        for key in (("email", email), ("client", client)):
            self._failures.setdefault(key, deque()).append(moment)

    def begin(self, email: str, client: str) -> Attempt | None:
        """None when blocked. Otherwise the attempt, already counted as failed, so that attempts sent
        at the same time cannot all get past the limit before the first of them is checked."""
        if self.blocked(email, client):
            return None
        attempt = Attempt(email, client, self._clock())
        self._record(email, client, attempt.moment)
        return attempt

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the attempt no longer counts against the address or the client."""
        for key in (("email", attempt.email), ("client", attempt.client)):
            times = self._failures.get(key)
            if times is not None and attempt.moment in times:
                times.remove(attempt.moment)
                if not times:
                    del self._failures[key]


class RateLimit:
    """At most `limit` events per key within `window` seconds: enough for any person typing,
    and a stop for a script that floods the chat (and Rasa behind it)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        moment = self._clock()
        times = self._events.setdefault(key, deque())
        while times and times[0] < moment - self._window:
            times.popleft()
        if len(times) >= self._limit:
            return False
        times.append(moment)
        return True
