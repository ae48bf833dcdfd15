"""Starts `rasa run` with the API token taken from the environment, never from the command line.

Any user on the machine can read a process's command line (`ps`), so a token given as
`--auth-token` there would be visible to all. The supervisor passes it in RASA_AUTH_TOKEN; this
module adds it to Rasa's own arguments inside the process, where `ps` does not see it.

It also makes Rasa check each action server answer with one validator built at start-up. Rasa
calls `jsonschema.validate`, which checks the schema itself against its meta-schema before every
answer: a tenth of the Rasa process's time per turn in the profile (benchmarks/results.md,
2026-12-02), for the same result.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.__main__ import main as rasa_main
from rasa.core.actions.action import RemoteAction

from bot.runtime.telemetry import turn_off_rasa_telemetry

TOKEN_VARIABLE = "RASA_AUTH_TOKEN"


def rasa_arguments(arguments: list[str], token: str) -> list[str]:
    """`rasa run` with the token joined to its flag: a token may begin with '-' (1 in 64 from
    token_urlsafe), and argparse would read a separate '-abc' as another option and stop Rasa."""
    return ["rasa", "run", *arguments, f"--auth-token={token}"]


def check_action_answers_with_one_validator() -> None:
    """RemoteAction's own check of an action server's answer, the same schema and the same error,
    with the validator built once instead of for every answer."""
    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)
    original = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
        except ValidationError:
            return original(self, result)  # Rasa's own message for the person reading the log
        return True

    RemoteAction._validate_action_result = validate_action_result


def main() -> None:
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise SystemExit(f"{TOKEN_VARIABLE} saknas: Rasas API startar aldrig utan token.")
    turn_off_rasa_telemetry()
    check_action_answers_with_one_validator()
    sys.argv = rasa_arguments(sys.argv[1:], token)
    rasa_main()


if __name__ == "__main__":
    main()
