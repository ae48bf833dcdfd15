"""Rasa starts whatever characters the random API token happens to begin with, and checks action
server answers as strictly as before with its validator built once."""
from __future__ import annotations

import pytest
from rasa.__main__ import create_argument_parser

from bot.runtime.rasa_server import check_action_answers_with_one_validator, rasa_arguments


@pytest.mark.parametrize("token", ["-Zq3_x9", "--x", "abc-def_1", "_leading_underscore"])
def test_rasa_reads_the_whole_token(token: str) -> None:
    arguments = rasa_arguments(["--enable-api", "--port", "5005"], token)
    parsed = create_argument_parser().parse_args(arguments[1:])
    assert parsed.auth_token == token
    assert parsed.port == 5005


def test_action_server_answers_are_checked_as_strictly_with_one_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    check_action_answers_with_one_validator()
    action = RemoteAction("action_answer", EndpointConfig("http://127.0.0.1:5055/webhook"))
    schema_checks = 0
    rasas_validator = validator_for(RemoteAction.action_response_format_spec())  # what jsonschema.validate picks
    check_schema = rasas_validator.check_schema

    def counted(schema: object) -> None:
        nonlocal schema_checks
        schema_checks += 1
        check_schema(schema)

    monkeypatch.setattr(rasas_validator, "check_schema", counted)
    for _ in range(5):
        assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}],
                                               "responses": [{"text": "Hej"}]})
    assert schema_checks == 0
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "inte en lista"})
