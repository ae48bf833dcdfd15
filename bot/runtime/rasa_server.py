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


def main() -> None:
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise SystemExit(f"{TOKEN_VARIABLE} saknas: Rasas API startar aldrig utan token.")
    turn_off_rasa_telemetry()
    sys.argv = ["rasa", "run", *sys.argv[1:], "--auth-token", token]
    rasa_main()


if __name__ == "__main__":
    main()
