"""Times the knowledge query API and writes the figures to benchmarks/results/queries.md.

Run with `make bench`. Timings are measurements, not pass/fail tests: the machine and its
load change them. The goal from issue 3 is under a millisecond per lookup.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from knowledge.loader import load
from knowledge.queries import authority, find_municipality, offices_for, search_facts
from knowledge.snapshot import snapshot

RESULTS = Path(__file__).resolve().parent / "results" / "queries.md"
REPEAT = 2000

LOOKUPS: dict[str, Callable[[Engine], object]] = {
    "find_municipality('Göteborg') exakt": lambda e: find_municipality("Göteborg", engine=e),
    "find_municipality('Göteborj') stavfel": lambda e: find_municipality("Göteborj", engine=e),
    "find_municipality('jag bor i Rinkeby') fri text": lambda e: find_municipality("jag bor i Rinkeby", engine=e),
    "find_municipality('Blorpinge') nonsens": lambda e: find_municipality("Blorpinge", engine=e),
    "offices_for('0180', 'Järva')": lambda e: offices_for("0180", "Järva", engine=e),
    "authority('FK')": lambda e: authority("FK", engine=e),
    "search_facts('tystnadsplikt')": lambda e: search_facts("tystnadsplikt", engine=e),
}


def per_call_ms(call: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/kb.db", future=True)
        start = time.perf_counter()
        load(engine)
        load_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        snapshot(engine)
        snapshot_ms = (time.perf_counter() - start) * 1000
        rows = [(name, *per_call_ms(functools.partial(lookup, engine))) for name, lookup in LOOKUPS.items()]
    lines = [
        "# Knowledge query benchmark",
        "",
        f"Measured {dt.date.today()} on {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, SQLite file database."
        f" {REPEAT} calls per lookup, after the snapshot is in memory.",
        "",
        f"- `kb load` (migrate + replace all rows): {load_ms:.0f} ms",
        f"- first query in a process (read the snapshot): {snapshot_ms:.0f} ms",
        "",
        "| lookup | median ms | p99 ms |",
        "|---|---|---|",
        *[f"| {name} | {median:.3f} | {p99:.3f} |" for name, median, p99 in rows],
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
