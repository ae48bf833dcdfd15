"""The custom NLU components force intents only where they should."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.place_names import PlaceNameIntent
from bot.nlu.safety_net import CrisisSafetyNet


def classified(component: object, text: str, intent: str = "goodbye") -> str:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    component.process([message])  # type: ignore[attr-defined]
    return message.get(INTENT)["name"]


def test_a_message_that_is_only_a_place_is_inform_place() -> None:
    places = PlaceNameIntent(frozenset({"lulea", "vara", "hisingen"}), None, None)  # type: ignore[arg-type]
    assert classified(places, "Luleå") == "inform_place"
    assert classified(places, "jag bor i Luleå") == "inform_place"
    assert classified(places, "hisingen") == "inform_place"
    assert classified(places, "jag vill vara med") == "goodbye"
    assert classified(places, "hej då") == "goodbye"


def test_the_safety_net_forces_crisis_and_leaves_other_messages_alone() -> None:
    net = CrisisSafetyNet()
    assert classified(net, "jag vill ta livet av mig", intent="greet") == "crisis"
    assert classified(net, "min mamma dog i fjol", intent="out_of_scope") == "out_of_scope"
