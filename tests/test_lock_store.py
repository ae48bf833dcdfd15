"""The lock that keeps two turns of one conversation apart when several Rasa processes share a real
Redis: every process has its own lock store object, as each Rasa process has."""
from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.runtime.redis_server import LOCK_DB, RedisServer, redis_server

PROCESSES = 8
TURN_SECONDS = 0.05


@pytest.fixture(scope="module")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("locks")) as server:
        yield server


def store_for(server: RedisServer) -> LockStore:
    """What Rasa builds from endpoints.yml in the scaled layout."""
    config = EndpointConfig(url=server.host, type="bot.runtime.lock_store.AtomicRedisLockStore",
                            port=server.port, password=server.password, db=LOCK_DB)
    return LockStore.create(config)


def most_turns_at_once(server: RedisServer, conversation: str) -> tuple[int, int]:
    """Each process takes one turn at the same moment; how many ran at once, and how many ran."""
    started = threading.Barrier(PROCESSES, timeout=30)
    guard = threading.Lock()
    running, most, done = 0, 0, 0

    async def take_a_turn(store: LockStore) -> None:
        nonlocal running, most, done
        async with store.lock(conversation, wait_time_in_seconds=0.01):
            with guard:
                running += 1
                most = max(most, running)
            time.sleep(TURN_SECONDS)
            with guard:
                running -= 1
                done += 1

    def process() -> None:
        store = store_for(server)
        started.wait()
        asyncio.run(take_a_turn(store))

    threads = [threading.Thread(target=process) for _ in range(PROCESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return most, done


def test_turns_of_one_conversation_arriving_at_once_in_several_processes_run_one_at_a_time(
        shared_redis: RedisServer) -> None:
    for _ in range(5):
        most, done = most_turns_at_once(shared_redis, uuid.uuid4().hex)
        assert (most, done) == (1, PROCESSES)


def test_a_finished_conversation_leaves_no_lock_behind(shared_redis: RedisServer) -> None:
    conversation = uuid.uuid4().hex
    most_turns_at_once(shared_redis, conversation)
    with redis.Redis.from_url(shared_redis.url(LOCK_DB)) as locks:
        assert locks.exists(f"lock:{conversation}") == 0


def test_a_turn_whose_process_died_holding_the_lock_does_not_block_the_next_one(shared_redis: RedisServer) -> None:
    store = store_for(shared_redis)
    conversation = uuid.uuid4().hex
    store.issue_ticket(conversation, lock_lifetime=0.05)  # a process that died mid-turn

    async def next_turn() -> bool:
        async with store.lock(conversation, wait_time_in_seconds=0.05):
            return True

    assert asyncio.run(asyncio.wait_for(next_turn(), timeout=10))
