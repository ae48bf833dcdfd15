"""The load benchmark's results: a section appended to benchmarks/results.md, and benchmarks/latency.png.

Every run appends, never rewrites: earlier runs stay for comparison, each with its commit, date and
machine, since this machine is shared and one run's figures say little without the others.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import platform
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.encoder import percentile
from benchmarks.load_client import CONVERSATIONS, Level
from storage.settings import PROJECT_ROOT

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
PLOT = HERE / "latency.png"
ENCODER_RESULTS = HERE / "results" / "encoder.md"
HEADING = """# Load benchmark results

Appended by `python -m benchmarks.load` (the first step of `make bench`), one section per run:
turn latency and throughput of our bot through Rasa's REST channel and through the web server's
/api/chat, against the stock `rasa init` bot (Rasa 3.6.21, default config) measured in the same
run, interleaved; memory, model size, training and start-up times; the goals of issue 17.
The machine is shared: compare runs with their load average in mind. `benchmarks/latency.png` is
the plot of the latest run.
"""
P95_GOAL_RATIO = 1.5
SCALED_GOAL_RATIO = 1.7
TRAINING_GOAL_SECONDS = 180
RSS_GOAL_MB = 1536  # 1.5 GB, in the MiB that /proc reports


@dataclass
class Run:
    started: dt.datetime
    load_average_start: tuple[float, float, float]
    levels: list[Level] = field(default_factory=list)
    parse_ms: dict[str, list[float]] = field(default_factory=dict)  # target → NLU parse alone, sequential
    rss_mb: dict[str, float] = field(default_factory=dict)  # "ours rasa (pid 12)" → MB after the load
    model_mb: dict[str, float] = field(default_factory=dict)
    training: dict[str, str] = field(default_factory=dict)  # target → what is known, with its source
    our_training_seconds: float | None = None
    startup: list[str] = field(default_factory=list)
    stock_setup: list[str] = field(default_factory=list)
    scaled: str = ""
    scaled_error: str = ""
    profile: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def git_facts() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else "?"

    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return f"{git('rev-parse', '--short', 'HEAD')}" + (f" with uncommitted changes ({len(changed)} paths)"
                                                        if changed else " (clean tree)")


def machine_facts() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    model = next(iter(re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)), platform.processor() or "?")
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    gib = f"{int(memory.group(1)) / 1024 ** 2:.1f} GiB" if memory else "?"
    return (f"{os.cpu_count()} CPUs ({model}), {gib} memory, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def find(levels: Sequence[Level], target: str, kind: str, concurrency: int) -> Level | None:
    return next((lv for lv in levels if lv.channel.target == target and lv.channel.kind == kind
                 and lv.concurrency == concurrency), None)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b and not math.isnan(a) and not math.isnan(b) else None


def _x(value: float | None) -> str:
    return f"{value:.2f}×" if value is not None else "–"


def level_table(levels: Sequence[Level]) -> list[str]:
    rows = ["| target | channel | at once | conversations started | turns answered | p50 ms | p95 ms | p99 ms "
            "| turns/s | 429 | 503 | other non-200 | no reply | “något gick fel” | no answer at all |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for lv in levels:
        other = sum(n for status, n in lv.statuses.items() if status not in (200, 429, 503))
        rows.append(f"| {lv.channel.target} | {lv.channel.kind} | {lv.concurrency} | {lv.conversations} | "
                    f"{lv.answered} | {lv.p(0.5):.0f} | {lv.p(0.95):.0f} | {lv.p(0.99):.0f} | "
                    f"{lv.turns_per_second:.1f} | {lv.statuses[429]} | {lv.statuses[503]} | {other} | "
                    f"{lv.empty_replies} | {lv.failed_replies} | {lv.failures} |")
    return rows


def ratio_table(levels: Sequence[Level], concurrencies: Sequence[int]) -> list[str]:
    rows = ["| ours through | at once | p50 ours/stock | p95 ours/stock | throughput ours/stock |",
            "|---|---|---|---|---|"]
    for kind in ("rest", "chat"):
        for c in concurrencies:
            ours, stock = find(levels, "ours", kind, c), find(levels, "stock", "rest", c)
            if ours and stock:
                rows.append(f"| {kind} | {c} | {_x(_ratio(ours.p(0.5), stock.p(0.5)))} | "
                            f"{_x(_ratio(ours.p(0.95), stock.p(0.95)))} | "
                            f"{_x(_ratio(ours.turns_per_second, stock.turns_per_second))} |")
    return rows


def scaled_rows(levels: Sequence[Level], scaled_target: str) -> list[str]:
    rows = ["| channel | at once | turns/s single | turns/s scaled | scaled/single | p95 single ms | p95 scaled ms |",
            "|---|---|---|---|---|---|---|"]
    for lv in levels:
        if lv.channel.target != scaled_target:
            continue
        single = find(levels, "ours", lv.channel.kind, lv.concurrency)
        if single:
            rows.append(f"| {lv.channel.kind} | {lv.concurrency} | {single.turns_per_second:.1f} | "
                        f"{lv.turns_per_second:.1f} | {_x(_ratio(lv.turns_per_second, single.turns_per_second))} | "
                        f"{single.p(0.95):.0f} | {lv.p(0.95):.0f} |")
    return rows


def encoder_p95_ms() -> tuple[float, str] | None:
    """The encoder's p95 share of a parse, from the encoder benchmark's last results, if there are any."""
    if not ENCODER_RESULTS.exists():
        return None
    text = ENCODER_RESULTS.read_text(encoding="utf-8")
    row = re.search(r"^\| the encoder's share of a parse \| [\d.]+ \| ([\d.]+) \|", text, re.MULTILINE)
    measured = re.search(r"Measured (\d{4}-\d\d-\d\d)", text)
    return (float(row.group(1)), measured.group(1) if measured else "?") if row else None


def goals(run: Run, scaled_target: str) -> list[str]:
    rows = ["| goal (issue 17) | measured | met? |", "|---|---|---|"]
    ours, stock = find(run.levels, "ours", "rest", 10), find(run.levels, "stock", "rest", 10)
    if ours and stock and ours.latencies_ms and stock.latencies_ms:
        ratio = ours.p(0.95) / stock.p(0.95)
        encoder = encoder_p95_ms()
        allowance = P95_GOAL_RATIO * stock.p(0.95) + (encoder[0] if encoder else 0.0)
        said = (f"p95 {ours.p(0.95):.0f} ms against stock {stock.p(0.95):.0f} ms = {ratio:.2f}×"
                + (f"; limit with the encoder's p95 share ({encoder[0]:.0f} ms, results/encoder.md of {encoder[1]}) "
                   f"{allowance:.0f} ms" if encoder else "; no encoder measurement to add (results/encoder.md)"))
        met = "met" if ours.p(0.95) <= allowance else "NOT met"
        rows.append(f"| REST, 10 at once: p95 within {P95_GOAL_RATIO}× stock (+ encoder cost) | {said} | {met} |")
    else:
        rows.append(f"| REST, 10 at once: p95 within {P95_GOAL_RATIO}× stock | stock not measured | unknown |")
    single, scaled = find(run.levels, "ours", "rest", 50), find(run.levels, scaled_target, "rest", 50)
    if single and scaled:
        ratio = scaled.turns_per_second / single.turns_per_second
        rows.append(f"| two Rasa processes: ≥ {SCALED_GOAL_RATIO}× single throughput (REST, 50 at once) | "
                    f"{ratio:.2f}× | {'met' if ratio >= SCALED_GOAL_RATIO else 'NOT met'} |")
    else:
        rows.append(f"| two Rasa processes: ≥ {SCALED_GOAL_RATIO}× single throughput | {run.scaled} | unknown |")
    seconds = run.our_training_seconds
    rows.append(f"| full training ≤ {TRAINING_GOAL_SECONDS // 60} min | {run.training.get('ours', '?')} | "
                + ("unknown |" if seconds is None else f"{'met' if seconds <= TRAINING_GOAL_SECONDS else 'NOT met'} |"))
    rasa = {name: mb for name, mb in run.rss_mb.items() if name.startswith("ours") and " rasa" in name}
    if rasa:
        worst = max(rasa.values())
        rows.append(f"| RSS ≤ 1.5 GB per Rasa process | largest {worst:.0f} MB ({len(rasa)} processes) | "
                    f"{'met' if worst <= RSS_GOAL_MB else 'NOT met'} |")
    return rows


def where_time_goes(run: Run) -> list[str]:
    rows = ["| target | NLU parse alone (HTTP /model/parse) p50 ms | p95 ms | whole turn (REST, 1 at once) p50 ms | "
            "parse share of the p50 turn |", "|---|---|---|---|---|"]
    for target, times in run.parse_ms.items():
        turn = find(run.levels, target, "rest", 1)
        if times and turn and turn.latencies_ms:
            p50 = percentile(times, 0.5)
            rows.append(f"| {target} | {p50:.0f} | {percentile(times, 0.95):.0f} | {turn.p(0.5):.0f} | "
                        f"{p50 / turn.p(0.5):.0%} |")
    rest, chat = find(run.levels, "ours", "rest", 1), find(run.levels, "ours", "chat", 1)
    if rest and chat and rest.latencies_ms and chat.latencies_ms:
        rows += ["", f"The web server adds {chat.p(0.5) - rest.p(0.5):.0f} ms to the p50 turn (/api/chat "
                     f"{chat.p(0.5):.0f} ms against REST {rest.p(0.5):.0f} ms, one at a time)."]
    return rows


def section(run: Run, concurrencies: Sequence[int], scaled_target: str) -> str:
    end_load = os.getloadavg()
    lines = [
        f"## {run.started:%Y-%m-%d %H:%M} UTC, commit {git_facts()}", "",
        f"- Machine: {machine_facts()}.",
        "- Load average (1/5/15 min) at the start: " + " / ".join(f"{v:.1f}" for v in run.load_average_start)
        + "; at the end: " + " / ".join(f"{v:.1f}" for v in end_load) + ".",
        f"- Whole run: {run.seconds / 60:.1f} min. Conversations (fresh sender id each), mixed in turn: "
        + "; ".join(f"{len(c)} turns from “{c[0]}”" for c in CONVERSATIONS) + ".",
        "- Each simulated person waits for the answer before the next message and starts a new conversation when "
        "one ends, until the level's time is up, so a level holds its concurrency throughout. Latency is per "
        "answered turn (HTTP 200); throughput counts the turns answered within the level's time. Before the "
        "measurements each channel gets one unmeasured pass of every conversation.",
        *[f"- {note}" for note in run.notes],
        "", "### Turns", "", *level_table(run.levels),
        "", "### Ours against the stock bot (stock through its REST channel)", "",
        *ratio_table(run.levels, concurrencies),
        "", "### Two Rasa processes against one", "",
        *(scaled_rows(run.levels, scaled_target) if any(lv.channel.target == scaled_target for lv in run.levels)
          else [run.scaled, *(["", "```", run.scaled_error.strip(), "```"] if run.scaled_error else [])]),
        "", "### Where the time of a turn goes (sequential)", "", *where_time_goes(run),
        *(["", "Profile:", "", *run.profile] if run.profile else []),
        "", "### Memory, model, training, start-up", "",
        *[f"- Resident memory (RSS), largest reading during the load, {name}: {mb:.0f} MB"
          for name, mb in run.rss_mb.items()],
        *[f"- Model file, {name}: {mb:.1f} MB" for name, mb in run.model_mb.items()],
        *[f"- Training, {name}: {text}" for name, text in run.training.items()],
        *[f"- {line}" for line in run.startup],
        *[f"- Stock bot: {line}" for line in run.stock_setup],
        "", "### Goals", "", *goals(run, scaled_target), "", "",
    ]
    return "\n".join(lines)


def append(text: str) -> None:
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADING + "\n"
    RESULTS.write_text(existing.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def plot(run: Run) -> None:
    import matplotlib  # type: ignore[import-untyped]

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # type: ignore[import-untyped]

    figure, axes = plt.subplots(figsize=(8, 5))
    series = sorted({(lv.channel.target, lv.channel.kind) for lv in run.levels})
    colours = dict(zip(series, plt.get_cmap("tab10").colors, strict=False))
    for target, kind in series:
        levels = sorted((lv for lv in run.levels if (lv.channel.target, lv.channel.kind) == (target, kind)
                         and lv.latencies_ms), key=lambda lv: lv.concurrency)
        xs = [lv.concurrency for lv in levels]
        label = f"{target}, {'/api/chat' if kind == 'chat' else 'REST'}"
        axes.plot(xs, [lv.p(0.5) for lv in levels], "o-", color=colours[(target, kind)], label=f"{label} p50")
        axes.plot(xs, [lv.p(0.95) for lv in levels], "s--", color=colours[(target, kind)], label=f"{label} p95")
    axes.set_xscale("log")
    axes.set_yscale("log")
    ticks = sorted({lv.concurrency for lv in run.levels})
    axes.set_xticks(ticks, [str(t) for t in ticks])
    axes.set_xlabel("conversations at once")
    axes.set_ylabel("turn latency, ms (log scale)")
    axes.set_title(f"Turn latency against concurrency, {run.started:%Y-%m-%d} ({os.cpu_count()} CPUs, shared)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(PLOT, dpi=110)
    plt.close(figure)
