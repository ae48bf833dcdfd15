"""What the bot says, as data: a response from domain.yml with values, or text from the knowledge base."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Say:
    response: str | None = None  # a response in domain.yml, filled with `values`
    text: str | None = None  # text that comes from the knowledge base as it is
    values: Mapping[str, str] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
