"""What the bot says, as data: a response from domain.yml with values, or text from the knowledge base."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.logic.sources import source_note
from knowledge.records import FactRecord


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


def spoken(fact: FactRecord) -> str:
    """A fact as the bot says it: its text, and its phone number if the text does not already give it."""
    if fact.phone and fact.phone not in fact.text:
        return f"{fact.text} Telefon: {fact.phone}."
    return fact.text


def facts_said(facts: Sequence[FactRecord]) -> list[Say]:
    """One message per fact (one idea each), then where they come from and when that was checked."""
    return [*(Say(text=spoken(fact)) for fact in facts), Say(text=source_note(facts))]
