"""On/off settings read from the environment."""
from __future__ import annotations

import os

_ON = {"1", "true", "yes", "ja", "on"}
_OFF = {"0", "false", "no", "nej", "off"}


def flag(name: str, default: bool) -> bool:
    """The setting `name`, or `default` when it is unset.

    A misspelt value is refused instead of guessed: for a setting like secure cookies, a silent
    fallback would be the dangerous kind of wrong.
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _ON | _OFF:
        raise ValueError(f"{name}={value!r}: use true or false")
    return value in _ON
