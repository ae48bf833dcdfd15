"""What the processes under test used while the load ran, and what everything else on the machine used.

The machine is shared with other people's builds and tests, so a slow level may be their doing: the
CPU time of the processes we measure is set against the whole machine's, from /proc, and what is left
is reported with the figures.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from benchmarks.encoder import resident_mb

TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds all CPUs spent working since boot (user, nice, system, irq, softirq, steal)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / TICKS


def process_seconds(pid: int) -> float:
    """CPU seconds the process has used, or 0 once it has gone."""
    try:
        after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(after_name[11]) + int(after_name[12])) / TICKS  # utime, stime


class Watch:
    """While the load runs: the largest resident set of each process (read once a second), and how many
    CPUs the processes outside `pids` (and this client) kept busy on average."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peak_mb: dict[str, float] = {}
        self.others_cpus = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._start = (0.0, 0.0, 0.0)
        self._cpu: dict[int, float] = {}  # the last reading per process: one that has gone keeps its count

    def _ours(self) -> float:
        for pid in [*self.pids.values(), os.getpid()]:
            self._cpu[pid] = max(self._cpu.get(pid, 0.0), process_seconds(pid))
        return sum(self._cpu.values())

    def _read(self) -> None:
        self._ours()
        for name, pid in self.pids.items():
            try:
                self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), resident_mb(pid))
            except OSError:  # the process has gone; its last reading stands
                pass

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            self._read()

    def __enter__(self) -> Watch:
        self._read()
        self._start = (time.monotonic(), busy_seconds(), self._ours())
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        wall, busy, ours = time.monotonic(), busy_seconds(), self._ours()
        self._stop.set()
        self._thread.join()
        self._read()
        elapsed = wall - self._start[0]
        if elapsed > 0:
            self.others_cpus = max(0.0, (busy - self._start[1]) - (ours - self._start[2])) / elapsed
