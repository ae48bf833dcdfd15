"""Ten minutes of moderate load on the whole bot, as `make run` starts it. Writes benchmarks/results/soak.md.

Two chat clients on loopback send conversations through the web server's /api/chat, one message at a
time with a pause, within the chat's limits for one client. Each conversation mixes what people
write: a greeting, questions, the screener, an office, a crisis message, English, nonsense, emoji
and a message at the length cap. The resident memory (VmRSS) of each process is read after a
warm-up and then every 30 seconds; the goal is growth under 10 % per process. Figures, not pass/fail.

`SOAK_MINUTES` changes the length (default 10).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.encoder import percentile, resident_mb
from bot.runtime.model_cache import ensure_model
from bot.runtime.stack import Stack, free_port, start_stack, stop_stack

RESULTS = Path(__file__).resolve().parent / "results" / "soak.md"
PROCESSES = ("rasa", "actions", "web")
CLIENTS = 2
PAUSE_SECONDS = 1.2
WARM_UP_SECONDS = 60
SAMPLE_EVERY_SECONDS = 30
GROWTH_GOAL = 0.10
CONVERSATIONS: Sequence[Sequence[str]] = (
    ("hej", "vad är personligt ombud?", "kostar det något?", "tack"),
    ("kan jag få personligt ombud?", "jag är 34", "ja", "ja", "FK, soc och psykiatrin", "nej", "jag bor i Rinkeby"),
    ("var finns personligt ombud i Malmö", "hur lång är kön", "vad ska jag ta med"),
    ("jag orkar inte mer, vill inte leva", "nej", "tack"),
    ("my brother needs help with försäkringskassan", "who can get a personal ombud?"),
    ("asdfgh qwerty", "😀😀😀", "<script>alert(1)</script>", "'; DROP TABLE events; --"),
    ("FK har stoppat min sjukpenning vad gör jag", "kronofogden skickade brev", "runt 50 år, bor i Sala"),
    ("jag " + "väntar på svar från kommunen och " * 60,),
)


@dataclass
class Load:
    stack: Stack
    stop_at: float
    latencies_ms: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, ms)
    statuses: dict[int, int] = field(default_factory=dict)
    empty_replies: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, sender: str, text: str, started: float) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.stack.web_port}/api/chat",
            data=json.dumps({"sender": sender, "text": text}).encode(),
            headers={"Content-Type": "application/json"})
        begin = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, body = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, body = error.code, json.loads(error.read() or b"{}")
        elapsed = (time.perf_counter() - begin) * 1000
        with self.lock:
            self.latencies_ms.append((time.monotonic() - started, elapsed))
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200 and not body.get("messages"):
                self.empty_replies += 1

    def client(self, number: int, started: float) -> None:
        turn = number
        while time.monotonic() < self.stop_at:
            sender = uuid.uuid4().hex
            for text in CONVERSATIONS[turn % len(CONVERSATIONS)]:
                if time.monotonic() >= self.stop_at:
                    return
                self.send(sender, text, started)
                time.sleep(PAUSE_SECONDS)
            turn += 1


def run(minutes: float) -> str:
    work = Path(tempfile.mkdtemp(prefix="ombudsguiden-soak-"))
    stack = start_stack(ensure_model(), work, (free_port(), free_port(), free_port()))
    try:
        pids = {name: stack.child_pid(name) for name in PROCESSES}
        started = time.monotonic()
        load = Load(stack, started + WARM_UP_SECONDS + minutes * 60)
        threads = [threading.Thread(target=load.client, args=(n, started), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(WARM_UP_SECONDS)
        samples = [(time.monotonic() - started, {name: resident_mb(pid) for name, pid in pids.items()})]
        while any(thread.is_alive() for thread in threads):
            time.sleep(SAMPLE_EVERY_SECONDS)
            samples.append((time.monotonic() - started, {name: resident_mb(pid) for name, pid in pids.items()}))
        for thread in threads:
            thread.join()
    finally:
        stop_stack(stack)
    return report(minutes, load, samples)


def report(minutes: float, load: Load, samples: list[tuple[float, dict[str, float]]]) -> str:
    first, last = samples[0][1], samples[-1][1]
    peak = {name: max(sample[name] for _, sample in samples) for name in PROCESSES}
    turns = [ms for _, ms in load.latencies_ms]
    early = [ms for at, ms in load.latencies_ms if at < WARM_UP_SECONDS + 60]
    late = [ms for at, ms in load.latencies_ms if at >= samples[-1][0] - 60]
    lines = [
        "# Soak test", "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}: {minutes:g} minutes after a {WARM_UP_SECONDS} s warm-up, {CLIENTS} chat "
        f"clients through /api/chat with {PAUSE_SECONDS} s between messages, SQLite databases. "
        "Run with `make bench`.", "",
        f"- turns: {len(turns)} ({len(turns) / (minutes * 60 + WARM_UP_SECONDS):.2f} per second)",
        f"- answers by HTTP status: {dict(sorted(load.statuses.items()))}",
        f"- 200 answers without a message: {load.empty_replies}",
        f"- turn time, all: median {percentile(turns, 0.5):.0f} ms, p95 {percentile(turns, 0.95):.0f} ms",
        f"- turn time, first minute after warm-up: median {percentile(early, 0.5):.0f} ms; last minute: "
        f"median {percentile(late, 0.5):.0f} ms" if early and late else "- too short for first/last minute",
        "",
        "| process | after warm-up MB | at the end MB | peak MB | growth | goal < 10 % |",
        "|---|---|---|---|---|---|",
    ]
    for name in PROCESSES:
        growth = (last[name] - first[name]) / first[name]
        lines.append(f"| {name} | {first[name]:.0f} | {last[name]:.0f} | {peak[name]:.0f} | {growth:+.1%} | "
                     f"{'met' if growth < GROWTH_GOAL else 'NOT met'} |")
    lines += ["", "Memory every sample (seconds since start: rasa / actions / web MB):", ""]
    lines += [f"- {at:.0f} s: " + " / ".join(f"{sample[name]:.0f}" for name in PROCESSES) for at, sample in samples]
    return "\n".join(lines) + "\n"


def main() -> None:
    text = run(float(os.environ.get("SOAK_MINUTES", "10")))
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
