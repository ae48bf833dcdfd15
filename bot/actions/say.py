"""Small helpers shared by actions to say things the same way everywhere."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from rasa_sdk.executor import CollectingDispatcher

from bot.logic.say import Say, spoken
from bot.logic.sources import source_note
from knowledge.records import FactRecord


def say_all(dispatcher: CollectingDispatcher, says: Iterable[Say]) -> None:
    for say in says:
        buttons = [{"title": b.title, "payload": b.payload} for b in say.buttons]
        if say.response:
            dispatcher.utter_message(response=say.response, buttons=buttons, **say.values)
        else:
            dispatcher.utter_message(text=say.text, buttons=buttons)


def say_facts(dispatcher: CollectingDispatcher, facts: Sequence[FactRecord]) -> None:
    """One message per fact (one idea each), then where they come from."""
    for fact in facts:
        dispatcher.utter_message(text=spoken(fact))
    say_source_note(dispatcher, facts)


def say_source_note(dispatcher: CollectingDispatcher, facts: Sequence[FactRecord]) -> None:
    dispatcher.utter_message(text=source_note((fact.source, fact.verified) for fact in facts))
