"""What the sentence encoder costs a turn: milliseconds and memory. Writes benchmarks/results/encoder.md.

Run with `make bench` (after `make model`). The trained model is parsed in this process, message by
message as people send them; the encoder's share is timed inside the same parses, so "without the
encoder" is the same turn minus that share. Memory is the process's resident set (VmRSS) before
and after the encoder is loaded, and after the whole model is. Figures, not pass/fail.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

from evaluation import corpus

RESULTS = Path(__file__).resolve().parent / "results" / "encoder.md"
MESSAGES = 300
P = ParamSpec("P")
R = TypeVar("R")


def resident_mb(pid: int | str = "self") -> float:
    """The resident memory (VmRSS) of a process, this one by default, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


class EncoderClock:
    """Adds up the time spent in the encoder while Rasa parses (wraps the featurizer's embed call)."""

    def __init__(self) -> None:
        self.spent_ms = 0.0

    def wrap(self, embed: Callable[P, R]) -> Callable[P, R]:
        def timed_embed(*args: P.args, **kwargs: P.kwargs) -> R:
            start = time.perf_counter()
            try:
                return embed(*args, **kwargs)
            finally:
                self.spent_ms += (time.perf_counter() - start) * 1000
        return timed_embed


async def parse_times(texts: Sequence[str], clock: EncoderClock) -> tuple[list[float], list[float], float]:
    from rasa.core.agent import Agent

    from bot.nlu import sentence_features
    from bot.runtime.model_cache import ensure_model

    before_model = resident_mb()
    sentence_features.MultilingualE5Small.embed = clock.wrap(sentence_features.MultilingualE5Small.embed)  # type: ignore[method-assign]
    agent = Agent.load(str(ensure_model()))
    model_mb = resident_mb() - before_model
    await agent.parse_message("hej")  # the first parse warms caches; people meet it once per server start
    turns, encoder = [], []
    for text in texts:
        clock.spent_ms = 0.0
        start = time.perf_counter()
        await agent.parse_message(text)
        turns.append((time.perf_counter() - start) * 1000)
        encoder.append(clock.spent_ms)
    return turns, encoder, model_mb


def main() -> None:
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    texts = [m.text for m in corpus.messages()][:MESSAGES]
    start_mb = resident_mb()
    from bot.nlu.sentence_features import MultilingualE5Small

    encoder = MultilingualE5Small()
    encoder_mb = resident_mb() - start_mb
    alone = [timed(functools.partial(encoder.embed, [text])) for text in texts]
    del encoder
    clock = EncoderClock()
    turns, in_turn, model_mb = asyncio.run(parse_times(texts, clock))
    without = [turn - share for turn, share in zip(turns, in_turn, strict=True)]
    rows = [
        ("NLU parse of one message, with the encoder (as shipped)", turns),
        ("the same parse without the encoder's share", without),
        ("the encoder's share of a parse", in_turn),
        ("the encoder alone, one message", alone),
    ]
    lines = [
        "# Sentence encoder benchmark",
        "",
        f"Measured {dt.date.today()} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}: {len(texts)} messages from `evaluation/corpus/messages.yaml`, parsed one by "
        "one by the trained model in-process (`python -m benchmarks.encoder`).",
        "",
        "| what | median ms | p95 ms | max ms |",
        "|---|---|---|---|",
        *[f"| {name} | {statistics.median(s):.1f} | {percentile(s, 0.95):.1f} | {max(s):.1f} |" for name, s in rows],
        "",
        f"- Memory of the encoder alone (resident, after loading): {encoder_mb:.0f} MB",
        f"- Memory of the whole trained model, encoder included: {model_mb:.0f} MB",
        "",
        "A turn over HTTP adds Rasa's dialogue policies, the action server and the network on top of the parse.",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
