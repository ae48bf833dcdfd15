"""Starts `rasa run` with the API token taken from the environment, never from the command line.

Any user on the machine can read a process's command line (`ps`), so a token given as
`--auth-token` there would be visible to all. The supervisor passes it in RASA_AUTH_TOKEN; this
module adds it to Rasa's own arguments inside the process, where `ps` does not see it.
"""
from __future__ import annotations

import os
import sys

from rasa.__main__ import main as rasa_main

from bot.runtime.telemetry import turn_off_rasa_telemetry

TOKEN_VARIABLE = "RASA_AUTH_TOKEN"


def rasa_arguments(arguments: list[str], token: str) -> list[str]:
    """`rasa run` with the token joined to its flag: a token may begin with '-' (1 in 64 from
    token_urlsafe), and argparse would read a separate '-abc' as another option and stop Rasa."""
    return ["rasa", "run", *arguments, f"--auth-token={token}"]


def main() -> None:
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise SystemExit(f"{TOKEN_VARIABLE} saknas: Rasas API startar aldrig utan token.")
    turn_off_rasa_telemetry()
    sys.argv = rasa_arguments(sys.argv[1:], token)
    rasa_main()


if __name__ == "__main__":
    main()
