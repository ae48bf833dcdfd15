"""Rasa's RedisLockStore with each change to a conversation's lock made in one Redis transaction.

Rasa's store reads a lock, changes it in Python and writes it back. Two Rasa processes that get a
message of the same conversation at the same moment can both read "no lock", both write ticket 0
and both handle their turn at once; one turn's events are then lost from the tracker (seen in CI:
tests/integration/test_scaled.py; Rasa's reviewers call issue_ticket "far from atomic",
RasaHQ/rasa#3933). Here every read-change-write runs under WATCH/MULTI and is retried when another
process wrote the lock in between, so Rasa's ticket order holds across processes.

endpoints.yml names this class (`LOCK_STORE_TYPE`) in the scaled layout.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# A change gets the stored lock (None when there is none) and returns the lock to store (None
# deletes it) together with what the caller asked for.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Change) -> Any:
        key = self.key_prefix + conversation_id

        def in_transaction(pipe: Any) -> Any:
            stored = pipe.get(key)
            lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())
            return result

        return self.red.transaction(in_transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            ticket: int = self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return ticket

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Finish the ticket and, in the same transaction, delete the lock when no one waits.

        Runs after the turn is answered: a Redis error here is logged, not raised over the answer (the
        ticket then expires with its lifetime).
        """
        def finish_and_forget(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
                if not lock.is_someone_waiting():
                    lock = None
            return lock, None

        try:
            self._change(conversation_id, finish_and_forget)
        except redis.RedisError:
            logger.warning("Could not release the lock of a conversation; its ticket will expire.", exc_info=True)
