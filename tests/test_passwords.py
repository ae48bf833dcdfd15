"""An ombud's password opens other people's health data: common and guessable ones are refused."""
from __future__ import annotations

import secrets

import pytest

from casework.accounts import AccountError, add_account
from casework.passwords import password_problem

OFFICE = "cura-blekinge"


@pytest.mark.parametrize("common", [
    "password1234", "qwertyuiop12", "123456789012", "iloveyou1234", "abcdefghijkl",  # leaked-password lists
    "Lösenord1234", "Sommar2024!!", "Vinter2025!!", "hejhejhejhej", "ombudsguiden1", "Stockholm2024",  # Swedish
    "cura-blekinge2024",  # the office's own id
])
def test_common_and_guessable_passwords_are_refused_even_when_long_enough(common: str) -> None:
    assert len(common) >= 12
    problem = password_problem(common, "anna@blekinge.example", OFFICE)
    assert problem is not None and problem.startswith("Lösenordet är för lätt att gissa")
    with pytest.raises(AccountError, match="för lätt att gissa"):
        add_account(OFFICE, f"{secrets.token_hex(4)}@blekinge.example", common)


def test_the_email_address_is_no_password() -> None:
    assert password_problem("anna.andersson@blekinge.example", "anna.andersson@blekinge.example", OFFICE)


@pytest.mark.parametrize("strong", ["ett långt lösenord för test", "korvmojjen kastar fyra vita stenar",
                                    secrets.token_urlsafe(16)])
def test_long_unusual_passwords_are_accepted(strong: str) -> None:
    assert password_problem(strong, "anna@blekinge.example", OFFICE) is None


def test_a_very_long_password_is_judged_without_error() -> None:
    assert password_problem("ord " * 100, "anna@blekinge.example", OFFICE) is not None
    assert password_problem(secrets.token_urlsafe(200), "anna@blekinge.example", OFFICE) is None
