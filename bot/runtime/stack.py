"""The whole bot (Rasa, actions, web), started by the same supervisor as `make run`, on ports of its own.

For the integration and browser tests and for `make eval`: they talk to the bot as a user's browser
would, over HTTP, never to parts of it in-process.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.settings import PROJECT_ROOT

START_TIMEOUT_SECONDS = 240


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    rasa_port: int
    web_port: int
    actions_port: int
    log: Path
    token: str | None  # Rasa's API token as the test gave it; None when the stack made its own

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.rasa_port}{path}"

    def child_pid(self, name: str) -> int:
        """The process id of one child ("actions", "rasa", "web"), as the supervisor printed it."""
        found = re.search(rf"{name} \(pid (\d+)\)", self.log.read_text(errors="replace"))
        assert found, self.log.read_text(errors="replace")[-2000:]
        return int(found.group(1))

    def replies(self, sender: str, text: str) -> list[dict[str, Any]]:
        """The bot's messages to one typed message, through Rasa's REST channel."""
        answer: list[dict[str, Any]] = http(self.url("/webhooks/rest/webhook"), {"sender": sender, "message": text})
        return answer

    def say(self, sender: str, text: str) -> str:
        """The text of the bot's reply through Rasa's REST channel, one message per line."""
        return "\n".join(reply.get("text", "") for reply in self.replies(sender, text))

    def chat(self, sender: str, text: str) -> str:
        """The text of the bot's reply through the web server's /api/chat, as the chat page sends it."""
        answer = http(f"http://127.0.0.1:{self.web_port}/api/chat", {"sender": sender, "text": text})
        return "\n".join(message.get("text", "") for message in answer["messages"])

    def api(self, path: str) -> str:
        """A URL of Rasa's HTTP API, with the token."""
        assert self.token, "this stack made its own token, which no test can know"
        return f"{self.url(path)}?{urllib.parse.urlencode({'token': self.token})}"


def http(url: str, payload: dict[str, Any] | None = None, timeout: float = 60) -> Any:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def port_is_open(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def answers(stack: Stack) -> bool:
    """Whether Rasa, with its model loaded, answers on the REST channel (no API token needed there)."""
    try:
        return bool(http(stack.url("/webhooks/rest/webhook"), {"sender": "stack-ready", "message": "hej"}, timeout=5))
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_stack(model: Path, work: Path, ports: tuple[int, int, int], give_token: bool = True,
                rasa_processes: int = 1, extra_env: dict[str, str] | None = None) -> Stack:
    """The stack as `make run` starts it; with `give_token` False it makes its own API token, as by default.

    With `rasa_processes` above 1, the scaled layout (`run --scaled`): that many Rasa processes on
    ports from the given Rasa port up (each with an action server on the ports from the actions port
    up, so leave room), two web processes and a Redis of its own.
    """
    rasa_port, actions_port, web_port = ports
    token = secrets.token_urlsafe(16) if give_token else None
    log = work / f"stack-{time.time_ns()}.log"
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(actions_port),
        "WEB_PORT": str(web_port),
        "OMBUDSGUIDEN_MODEL": str(model),
        "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
        "OMBUDSGUIDEN_RASA_PROCESSES": str(rasa_processes),
        "OMBUDSGUIDEN_REDIS_DIR": str(work / "redis"),
        **(extra_env or {}),
        # The stack is reached over plain http here; a Secure cookie would never come back.
        "OMBUDSGUIDEN_COOKIE_SECURE": "false",
    }
    env.pop("RASA_AUTH_TOKEN", None)
    if token:
        env["RASA_AUTH_TOKEN"] = token
    scaled = ["--scaled"] if rasa_processes > 1 else []
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.cli", "run", *scaled], cwd=PROJECT_ROOT, env=env,
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    stack = Stack(process, rasa_port, web_port, actions_port, log, token)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-4000:]
        if port_is_open(actions_port) and port_is_open(web_port) and answers(stack):
            return stack
        time.sleep(1)
    stop_stack(stack)
    raise AssertionError("the stack did not start in time:\n" + log.read_text(errors="replace")[-4000:])


def stop_stack(stack: Stack, how: signal.Signals = signal.SIGTERM) -> int:
    stack.process.send_signal(how)
    return stack.process.wait(timeout=60)
