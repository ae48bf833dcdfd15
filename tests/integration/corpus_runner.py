"""Running an evaluation corpus against a stack from a synchronous test."""
from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from bot.runtime.stack import Stack
from evaluation.run import TIMEOUT, Bot


def against(stack: Stack, work: Any) -> Any:
    """Runs `work(bot)` against the stack and returns what it returns."""
    async def run() -> Any:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            return await work(Bot(session, stack.url(""), stack.token or ""))
    return asyncio.run(run())
