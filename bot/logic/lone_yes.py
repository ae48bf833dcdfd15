"""A yes with no question before it. After "the office takes no requests here", a "ja skicka" still
asks for something the bot cannot do: it says so again, with the office's phone, instead of the menu. After an
answer that offers one next step ("Vill du veta mer?" and one button), a yes takes that step. A "vet inte" with no
question before it gets a way to start, not "Okej"."""
from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from bot.logic.answers import age_after_a_yes
from bot.logic.handoff import reach
from bot.logic.questions import OFFERS
from bot.logic.say import Button, Say
from knowledge.records import Office
from knowledge.text import fold

NO_INBOX_SAID = "utter_handoff_no_inbox"
MENU = Say(response="utter_menu")
# "ja skicka", "gör det ändå", "skicka i alla fall", "send it": the person still wants it sent.
_STILL_SEND = re.compile(r"\b(skicka\w*|send\w*|gor det|ga vidare|anda|i alla fall)\b")
# "ja skicka", "ja, skicka den dit", "gör det": a yes to an offer to send, and nothing else (folded).
_SEND_IT = re.compile(r"(?:(?:ja|jo|okej|ok) )?(?:skicka(?: (?:den|en|det))?(?: dit)?|gor det)(?: (?:tack|garna))?")
REQUEST_INTENT = "ask_human"


def _asks_to_send(folded: str) -> bool:
    return bool(_SEND_IT.fullmatch(folded))


# A button's payload: "/intent" and, maybe, its entities as JSON.
_PAYLOAD = re.compile(r"/(\w+)(\{.*\})?", re.DOTALL)
# A yes that only says yes ("ja", "jepp tack", "absolut"): "ja kanske senare", "ja jag vet" do not take a step (folded).
_ONLY_YES = re.compile(r"(?:ja+|japp|jepp|jo|jajamen|jada|absolut|garna|jattegarna|visst|yes|yeah|yep|sure|ok|okej"
                       r"|okey|sakert|kor|precis|later bra|snalla)"
                       r"(?: (?:tack|garna|absolut|visst|please|snalla|det|det vill jag|jag vill|gor det|kor|pa))*")
# Steps that read the typed words as well: "ja. 29 år" gives the screener its age, "ja, i Umeå" the place.
_READ_AS_TYPED = frozenset({"check_eligibility", "find_office"})


def the_offered_step(buttons: Sequence[Mapping[str, Any]], typed: str) -> dict[str, Any] | None:
    """What a yes that says only yes (or yes and an age: `answers.age_after_a_yes`) chooses when the bot's last
    message offered exactly one button: that button's intent and entities, as a message the bot can answer (the typed
    text kept where the step reads it), or None."""
    if len(buttons) != 1 or not (found := _PAYLOAD.fullmatch(str(buttons[0].get("payload") or ""))):
        return None
    # "ja skicka", "gör det" take the offer to send a request as well as a plain yes does.
    sends = found.group(1) == REQUEST_INTENT and _asks_to_send(fold(typed))
    if typed and not (_ONLY_YES.fullmatch(fold(typed)) or sends) and age_after_a_yes(typed) is None:
        return None
    intent, entities = found.group(1), json.loads(found.group(2) or "{}")
    return {"text": typed if intent in _READ_AS_TYPED and typed else found.group(0),
            "intent": {"name": intent, "confidence": 1.0}, "intent_ranking": [{"name": intent, "confidence": 1.0}],
            "entities": [{"entity": name, "value": value} for name, value in entities.items()]}


def still_asks_to_send(last_bot_responses: Collection[str], text: str) -> bool:
    """The bot has just said that the office the contact request chose takes no requests here, and the person asks
    to send anyway ("ja skicka", "kan inte du bara skicka det åt mig")."""
    return NO_INBOX_SAID in last_bot_responses and bool(_STILL_SEND.search(fold(text)))


def cannot_send_there(refused_by: Office, kommun_code: str | None) -> list[Say]:
    """That nothing can be sent to that office, how to reach it instead, and help to prepare the call."""
    return [*reach(refused_by, kommun_code, "utter_handoff_cannot_send_there"),
            Say(response="utter_offer_prepare_call")]


def answer_lone_yes(last_bot_responses: Collection[str], text: str, refused_by: Office | None,
                    kommun_code: str | None) -> list[Say]:
    """The menu, unless the person still asks to send to an office that takes no requests here."""
    if refused_by is not None and still_asks_to_send(last_bot_responses, text):
        return cannot_send_there(refused_by, kommun_code)
    return [MENU]


NOT_KNOWING_IS_FINE = "Det gör inget. Jag kan ställa några korta frågor. Då ser vi om ett ombud kan passa dig."
SOMEONE_CAN_HELP = ("Ett personligt ombud kan kanske hjälpa dig. Jag kan ställa några korta frågor, så ser vi om det"
                    " passar.")


def a_way_to_start(lead: str = NOT_KNOWING_IS_FINE) -> Say:
    """For someone who does not know what to ask, or only that they need help: the screener, or an ombud who
    gets in touch."""
    return Say(text=lead, buttons=(Button(*OFFERS["check_eligibility"]), Button(*OFFERS["ask_human"])))
