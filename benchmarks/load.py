"""Turn latency and throughput under load, ours against the stock `rasa init` bot in the same run (issue 17).

The first step of `make bench`, after `make model`. Our whole stack (Rasa, actions, web, as
`make run` starts it) and the stock bot, installed, trained and started by this run, are loaded in
turn at each level (ours REST, stock REST, ours /api/chat, then the next level), so that whatever
else this shared machine is doing falls on both alike. When the stack starter can start several
Rasa processes (`start_stack(..., rasa_processes=2)`), that layout is measured afterwards at the
higher levels. Appends to benchmarks/results.md and draws benchmarks/latency.png.

Knobs for short runs: LOAD_SECONDS (per channel, level and round, default 15), LOAD_ROUNDS
(default 2), LOAD_CONCURRENCY (default "1,10,50"), LOAD_SKIP_STOCK=1, LOAD_SKIP_SCALED=1,
LOAD_PROFILE_SECONDS (py-spy's recording of our processes, default 20; 0 skips it), LOAD_KEEP=1
(keep the work folder with the stock bot's venv and logs), LOAD_WORK_DIR (where that folder goes).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import json
import os
import re
import shutil
import socket
import tempfile
import time
import traceback
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import load_report, machine, stock_bot, turn_profile
from benchmarks.load_client import CONVERSATIONS, Channel, Level, parse_times, run_for, run_level, warm_up
from bot.runtime.model_cache import cache_dir, ensure_model, fingerprint
from bot.runtime.stack import Stack, free_port, start_stack, stop_stack

SCALED = "ours, 2 Rasa processes"
SCALED_PROCESSES = 2
PARSE_ROUNDS = 3


def setting(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def stack_pids(stack: Stack, label: str) -> dict[str, int]:
    """Every child the supervisor named in its log ("rasa (pid 12)"), however many there are."""
    text = stack.log.read_text(errors="replace")
    return {f"{label} {name} (pid {pid})": int(pid) for name, pid in re.findall(r"([\w-]+) \(pid (\d+)\)", text)}


def free_port_runs(count: int, length: int) -> list[int]:
    """`count` first ports, each followed by `length - 1` free ones, no run overlapping another: the scaled
    layout puts its Rasa processes and action servers on the ports from the given one up."""
    while True:
        firsts = [free_port() for _ in range(count)]
        wanted = [first + step for first in firsts for step in range(length)]
        if len(set(wanted)) == len(wanted) and all(port_is_free(port) for port in wanted):
            return firsts


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def rest_urls(stack: Stack, processes: int = 1) -> tuple[str, ...]:
    ports = getattr(stack, "rasa_ports", None) or [stack.rasa_port + index for index in range(processes)]
    return tuple(f"http://127.0.0.1:{port}/webhooks/rest/webhook" for port in ports)


def chat_channel(stack: Stack, target: str) -> Channel:
    return Channel(target, "chat", (f"http://127.0.0.1:{stack.web_port}/api/chat",))


def first_chat_answer(stack: Stack) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{stack.web_port}/api/chat",
        data=json.dumps({"sender": f"first-{uuid.uuid4().hex}", "text": "hej"}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": "10.255.255.254"})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()


def our_training(run: load_report.Run, run_started: float) -> None:
    """Our training time, only from a record that belongs to this very model, never a guess.

    The model cache writes timings.json right after it stores a trained model: when the two files
    were written within a minute of each other, the recorded time is this model's.
    """
    folder = cache_dir()
    cached, timings = folder / f"{fingerprint()}.tar.gz", folder / "timings.json"
    if cached.exists() and timings.exists() and 0 <= timings.stat().st_mtime - cached.stat().st_mtime < 60:
        recorded = json.loads(timings.read_text())
        seconds, stored = recorded.get("last_training_seconds"), recorded.get("texts_from_store")
        if isinstance(seconds, int | float):
            took = f"{seconds / 60:.1f} min ({seconds:.0f} s)"
            if stored is None:
                run.training["ours"] = (f"{took}, but the record does not say whether sentence vectors stored "
                                        "from an earlier training were used")
            elif stored:
                total = stored + recorded.get("texts_encoded", 0)
                run.training["ours"] = (f"not a full training: {took}, with {stored} of {total} sentence vectors "
                                        "stored from an earlier training "
                                        "(OMBUDSGUIDEN_VECTOR_STORE=off trains in full)")
            else:
                run.our_training_seconds = float(seconds)
                when = "in this run" if cached.stat().st_mtime >= run_started else \
                    f"on {dt.datetime.fromtimestamp(cached.stat().st_mtime, dt.UTC):%Y-%m-%d %H:%M} UTC"
                run.training["ours"] = (f"{took}, trained {when}; from the model cache's timings.json, written "
                                        f"with this model ({folder})")
            return
    run.training["ours"] = ("unknown: the model cache holds no timing written with this model (it was copied "
                            "or trained before timings were kept)")


@dataclass(frozen=True)
class Plan:
    concurrencies: list[int]
    seconds: float  # per channel, level and round
    rounds: int

    @classmethod
    def from_environment(cls) -> Plan:
        return cls([int(c) for c in setting("LOAD_CONCURRENCY", "1,10,50").split(",")],
                   float(setting("LOAD_SECONDS", "15")), int(setting("LOAD_ROUNDS", "2")))


def measure_levels(run: load_report.Run, channels: list[Channel], concurrencies: list[int], plan: Plan) -> None:
    """Each level in rounds, the channels taking turns within each round: what else the machine does then
    falls on all of them alike."""
    for concurrency in concurrencies:
        levels = {channel: Level(channel, concurrency) for channel in channels}
        for _ in range(plan.rounds):
            for channel in channels:
                levels[channel].add(asyncio.run(run_level(channel, concurrency, plan.seconds)))
        for channel, level in levels.items():
            run.levels.append(level)
            print(f"  {channel.target:>24} {channel.kind:>4} ×{concurrency:<3} {level.answered:5} turns "
                  f"p50 {level.p(0.5):6.0f} ms  p95 {level.p(0.95):6.0f} ms  {level.turns_per_second:5.1f}/s  "
                  f"statuses {dict(level.statuses)}", flush=True)


def note_if_dead(run: load_report.Run, stack: Stack, what: str) -> None:
    """A child that died mid-run ends the supervisor: the figures after it are failures, and the log says why."""
    code = stack.process.poll()
    if code is not None:
        why = failure_summary(stack.log.read_text(errors="replace")[-20000:]).replace("\n", " / ")
        run.notes.append(f"{what} stopped during the measurements (supervisor exit code {code}): {why[-600:]}")


def note_machine(run: load_report.Run, watch: machine.Watch, what: str) -> None:
    run.rss_mb.update(watch.peak_mb)
    run.notes.append(f"While {what} ran, processes other than those measured (and this client) kept on average "
                     f"{watch.others_cpus:.2f} of the {os.cpu_count()} CPUs busy.")


def profile_turns(run: load_report.Run, stack: Stack, work: Path) -> None:
    seconds = int(setting("LOAD_PROFILE_SECONDS", "20"))
    if seconds <= 0:
        run.profile = ["Skipped: LOAD_PROFILE_SECONDS=0."]
        return
    py_spy = turn_profile.install_py_spy(work)
    if py_spy is None:
        run.profile = ["Skipped: py-spy could not be installed from PyPI."]
        return
    pids = stack_pids(stack, "ours")
    recorders = turn_profile.record(py_spy, pids, seconds, work)
    time.sleep(1)  # py-spy attaches first, so that every turn sent falls inside the recording
    deadline = time.monotonic() + seconds - 1
    level = asyncio.run(run_for(chat_channel(stack, "ours"),
                                lambda: turn_profile.still_recording(recorders, deadline)))
    for recorder in recorders.values():
        recorder.wait(timeout=60)
    profiles = {name: turn_profile.read(name, work / f"profile-{pid}.txt") for name, pid in pids.items()}
    run.profile = turn_profile.report(profiles, level.answered, level.seconds,
                                      "through /api/chat, one conversation at a time, after the measurements")


def prepare_stock(run: load_report.Run, folder: Path) -> stock_bot.StockBot | None:
    print("Stock bot: installing Rasa in a throwaway venv …", flush=True)
    bot = stock_bot.install(folder)
    run.stock_setup.append(f"installed in {bot.how_installed}"
                           + (f", in {bot.install_seconds:.0f} s" if bot.install_seconds else ""))
    if bot.how_installed.startswith("FALLBACK"):
        run.notes.append("The stock bot ran in the project's own .venv, not a throwaway venv: see below.")
    print("Stock bot: rasa init --no-prompt (trains the default config) …", flush=True)
    try:
        stock_bot.init_and_train(bot)
    except (RuntimeError, OSError) as error:
        run.stock_setup.append(f"could not be trained: {str(error)[:500]}")
        return None
    assert bot.model is not None
    run.training["stock"] = f"{bot.train_seconds:.0f} s (`rasa init --no-prompt`, from “{stock_bot.TRAINING_STARTS}”)"
    run.model_mb["stock"] = bot.model.stat().st_size / 1024 ** 2
    return bot


def failure_summary(text: str) -> str:
    """The lines of a failed start's log that say why: Rasa's 404 tracebacks from the readiness probe are noise."""
    lines = text.splitlines()
    telling = [line for line in lines[1:] if re.search(r"avslutades|Errno|Error:|refused|timed out|Redis|redis", line)
               and "NotFound" not in line]
    return "\n".join(dict.fromkeys([lines[0] if lines else "", *telling[-12:]]))


def measure_scaled(run: load_report.Run, model: Path, work: Path, plan: Plan) -> None:
    if "rasa_processes" not in inspect.signature(start_stack).parameters:
        run.scaled = ("Skipped: bot.runtime.stack.start_stack has no `rasa_processes` yet, so the layout with "
                      "several Rasa processes cannot be started.")
        print(run.scaled, flush=True)
        return
    levels = [c for c in plan.concurrencies if c > 1]
    starter: Callable[..., Stack] = start_stack
    rasa_port, actions_port, web_port = free_port_runs(3, SCALED_PROCESSES)
    try:
        stack = starter(model, work, (rasa_port, actions_port, web_port), rasa_processes=SCALED_PROCESSES)
    except Exception as error:  # a layout still being built must not lose the rest of the run
        run.scaled = f"Failed to start with rasa_processes={SCALED_PROCESSES}."
        run.scaled_error = failure_summary(str(error))
        print(run.scaled, str(error)[-3000:], flush=True)
        return
    try:
        channels = [Channel(SCALED, "rest", rest_urls(stack, SCALED_PROCESSES)), chat_channel(stack, SCALED)]
        run.notes.append(f"Scaled layout: REST turns alternate over {len(channels[0].urls)} URL(s): "
                         + ", ".join(channels[0].urls) + ".")
        for channel in channels:
            asyncio.run(warm_up(channel))
        with machine.Watch(stack_pids(stack, SCALED)) as watch:
            measure_levels(run, channels, levels, plan)
        note_machine(run, watch, "the scaled layout")
        note_if_dead(run, stack, "The scaled layout")
        run.scaled = "measured"
    finally:
        stop_stack(stack)


def measure(run: load_report.Run, work: Path, run_started: float) -> None:
    plan = Plan.from_environment()
    if threads := os.environ.get("OMP_NUM_THREADS"):
        run.notes.append(f"OMP_NUM_THREADS={threads} was set in the environment of every process of this run.")
    run.notes.append(f"Each level ran {plan.rounds} × {plan.seconds:g} s per channel; within a round the channels "
                     "took turns (ours REST, stock REST, ours /api/chat).")
    started = time.monotonic()
    model = ensure_model()
    ensured = time.monotonic() - started
    our_training(run, run_started)
    run.model_mb["ours"] = model.stat().st_size / 1024 ** 2
    bot = None if setting("LOAD_SKIP_STOCK", "0") == "1" else prepare_stock(run, work / "stock")
    if bot is None:
        run.notes.append("No stock bot in this run (LOAD_SKIP_STOCK=1 or it failed): no ratios ours/stock.")
    print("Starting our stack …", flush=True)
    started = time.monotonic()
    stack = start_stack(model, work, (free_port(), free_port(), free_port()))
    try:
        ready = time.monotonic() - started
        first_chat_answer(stack)
        run.startup.append(f"Start-up, ours, with a trained model: `ensure_model` {ensured:.1f} s, then the stack "
                           f"answered on REST {ready:.0f} s after it was started (polled once a second) and through "
                           f"/api/chat {time.monotonic() - started:.0f} s after; as `make run` would, without make's "
                           "own checks")
        channels = [Channel("ours", "rest", rest_urls(stack))]
        pids = stack_pids(stack, "ours")
        if bot:
            try:
                stock_bot.start(bot)
            except RuntimeError as error:
                run.stock_setup.append(f"could not be started: {str(error)[-500:]}")
                bot = None
        if bot:
            run.startup.append(f"Start-up, stock: `rasa run` answered {bot.start_to_answer_seconds:.0f} s after start")
            channels.append(Channel("stock", "rest", (bot.url("/webhooks/rest/webhook"),)))
            pids.update({f"{name} (pid {p.pid})": p.pid for name, p in bot.processes.items()})
        channels.append(chat_channel(stack, "ours"))
        for channel in channels:
            asyncio.run(warm_up(channel))
        texts = [text for conversation in CONVERSATIONS for text in conversation] * PARSE_ROUNDS
        run.parse_ms["ours"] = asyncio.run(parse_times(stack.api("/model/parse"), texts))
        if bot:
            run.parse_ms["stock"] = asyncio.run(parse_times(bot.parse_url(), texts))
        with machine.Watch(pids) as watch:
            measure_levels(run, channels, plan.concurrencies, plan)
        note_machine(run, watch, "our single stack and the stock bot")
        note_if_dead(run, stack, "Our stack")
        profile_turns(run, stack, work)
    finally:
        stop_stack(stack)
        if bot:
            stock_bot.stop(bot)
    if setting("LOAD_SKIP_SCALED", "0") == "1":
        run.scaled = "Skipped: LOAD_SKIP_SCALED=1."
    else:
        measure_scaled(run, model, work / "scaled", plan)


def main() -> None:
    run_started = time.time()
    clock = time.monotonic()
    # Every simulated person gets their own address through X-Forwarded-For, honoured only with this set.
    os.environ["OMBUDSGUIDEN_TRUSTED_PROXY"] = "true"
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    run = load_report.Run(dt.datetime.now(dt.UTC), os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="ombudsguiden-load-", dir=os.environ.get("LOAD_WORK_DIR") or None))
    (work / "scaled").mkdir()
    try:
        measure(run, work, run_started)
    except Exception:
        run.notes.append("The run stopped early: " + traceback.format_exc(limit=3)[-800:].replace("\n", " "))
        raise
    finally:
        run.seconds = time.monotonic() - clock
        if run.levels:
            load_report.append(load_report.section(run, sorted({lv.concurrency for lv in run.levels}), SCALED))
            load_report.plot(run)
            print((load_report.RESULTS.read_text(encoding="utf-8").rsplit("\n## ", 1)[-1]), flush=True)
        if setting("LOAD_KEEP", "0") == "1":
            print(f"Work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
