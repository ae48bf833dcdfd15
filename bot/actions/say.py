"""Small helpers shared by actions to say knowledge-base facts the same way everywhere."""
from __future__ import annotations

from collections.abc import Sequence

from rasa_sdk.executor import CollectingDispatcher

from bot.logic.sources import source_note
from knowledge.queries import FactRecord


def say_facts(dispatcher: CollectingDispatcher, facts: Sequence[FactRecord]) -> None:
    """One message per fact (one idea each), then where they come from."""
    for fact in facts:
        dispatcher.utter_message(text=fact.text)
    say_source_note(dispatcher, facts)


def say_source_note(dispatcher: CollectingDispatcher, facts: Sequence[FactRecord]) -> None:
    dispatcher.utter_message(text=source_note((fact.source, fact.verified) for fact in facts))
