"""Keeps the retention the chat promises without anyone having to remember a command.

The web server runs the same purge as `ombudsguiden purge`, with its default periods, when it
starts and then once a day. `OMBUDSGUIDEN_AUTO_PURGE=false` turns it off, for a setup that
runs the command from cron instead.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import web

from storage.settings import flag

logger = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 24 * 60 * 60
_TASK = web.AppKey("retention_task", asyncio.Task)


def purge_with_defaults() -> None:
    from casework.retention import apply_retention
    from storage.settings import tracker_store_url

    requests, conversations = apply_retention(tracker_store_url())
    logger.warning("retention: %d closed and %d expired requests, %d conversations and %d audit rows deleted",
                   requests.closed, requests.expired, conversations.conversations, requests.audit_rows)


async def _purge_daily() -> None:
    while True:
        try:
            await asyncio.to_thread(purge_with_defaults)
        except Exception as error:  # noqa: BLE001  a failed night must not stop the next one
            logger.error("retention purge failed: %s", type(error).__name__)
        await asyncio.sleep(PURGE_EVERY_SECONDS)


async def _start(app: web.Application) -> None:
    app[_TASK] = asyncio.create_task(_purge_daily())


async def _stop(app: web.Application) -> None:
    app[_TASK].cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app[_TASK]


def setup_retention(app: web.Application) -> None:
    if flag("OMBUDSGUIDEN_AUTO_PURGE", default=True):
        app.on_startup.append(_start)  # type: ignore[arg-type]  # aiohttp 3.9's signal types predate aiosignal 1.4 (aio-libs/aiohttp#11264)
        app.on_cleanup.append(_stop)  # type: ignore[arg-type]  # aiohttp 3.9's signal types predate aiosignal 1.4 (aio-libs/aiohttp#11264)
