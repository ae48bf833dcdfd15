"""Rasa starts whatever characters the random API token happens to begin with."""
from __future__ import annotations

import pytest
from rasa.__main__ import create_argument_parser

from bot.runtime.rasa_server import rasa_arguments


@pytest.mark.parametrize("token", ["-Zq3_x9", "--x", "abc-def_1", "_leading_underscore"])
def test_rasa_reads_the_whole_token(token: str) -> None:
    arguments = rasa_arguments(["--enable-api", "--port", "5005"], token)
    parsed = create_argument_parser().parse_args(arguments[1:])
    assert parsed.auth_token == token
    assert parsed.port == 5005
