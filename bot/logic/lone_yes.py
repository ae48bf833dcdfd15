"""A yes with no question before it. After "the office takes no requests here", a "ja skicka" still
asks for something the bot cannot do: it says so again, with the office's phone, instead of the menu."""
from __future__ import annotations

import re
from collections.abc import Collection

from bot.logic.handoff import reach
from bot.logic.say import Say
from knowledge.records import Office
from knowledge.text import fold

NO_INBOX_SAID = "utter_handoff_no_inbox"
MENU = Say(response="utter_menu")
# "ja skicka", "gör det ändå", "skicka i alla fall", "send it": the person still wants it sent.
_STILL_SEND = re.compile(r"\b(skicka\w*|send\w*|gor det|ga vidare|anda|i alla fall)\b")


def answer_lone_yes(last_bot_responses: Collection[str], text: str, refused_by: Office | None,
                    kommun_code: str | None) -> list[Say]:
    """The menu, unless the bot has just said that `refused_by` (the office the contact request chose) takes
    no requests, and the person asks to send anyway."""
    if NO_INBOX_SAID not in last_bot_responses or refused_by is None or not _STILL_SEND.search(fold(text)):
        return [MENU]
    return [*reach(refused_by, kommun_code, "utter_handoff_cannot_send_there"),
            Say(response="utter_offer_prepare_call")]
