"""Whether a typed message may go to Rasa, and in what form; the Swedish answer when it may not.

Measured on the running bot (issue 14): a 2 000-character message of punctuation cost Rasa up to
3.3 s and slowed every other conversation, 12 kB took 6.2 s. The cost follows the number of tokens
(every punctuation mark is one), so both characters and tokens are capped. A lone surrogate
("\\ud800") cannot be stored as UTF-8 and made Rasa fail without a reply; control characters
(a NUL byte) are refused by PostgreSQL. Both are dealt with here, before Rasa.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_CHARACTERS = 2000
# Words and punctuation marks, as the NLU's tokenizer splits them. 2 000 characters of ordinary
# Swedish are about 370; a wall of "!?.," of the same length is 2 000.
MAX_MESSAGE_TOKENS = 500
# A JSON body holds one message: its longest form (every character escaped as \uXXXX) and some.
MAX_BODY_BYTES = 6 * MAX_MESSAGE_CHARACTERS + 4096
_TOKEN = re.compile(r"\w+|[^\w\s]")
_CONTROL_EXCEPT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# "<i>behöver jag en remiss</i>": a tag is no word, and the model read a message worse with one. Only HTML's own tag
# names: "<3", "<Kim>", "<ingen aning>" are what the person wrote.
_HTML_TAG = re.compile(r"</?(?:a|b|i|u|s|em|strong|br|p|div|span|font|small|big|sub|sup|code|pre|h[1-6]|ul|ol|li"
                       r"|table|tr|td|th|img|script|style|iframe|html|body|head|title|form|input|button|svg)"
                       r"(?:\s+[\w-]+=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]+))*\s*/?>", re.IGNORECASE)

UNREADABLE_BODY = "Meddelandet kunde inte läsas. Försök igen."
UNREADABLE_CHARACTERS = "Meddelandet har tecken som inte går att läsa. Skriv det igen med vanliga bokstäver."
EMPTY = "Skriv något först."


class Refused(ValueError):
    """A message that does not go to Rasa, with the Swedish sentence that says why."""

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


def too_long_answer(characters: int) -> str:
    return (f"Meddelandet är för långt. Skriv högst {MAX_MESSAGE_CHARACTERS} tecken, det här har {characters}. "
            "Dela upp det i flera meddelanden.")


TOO_BIG_BODY = (f"Meddelandet är för långt. Skriv högst {MAX_MESSAGE_CHARACTERS} tecken och dela upp det i flera "
                "meddelanden.")
TOO_MANY_SIGNS = ("Meddelandet är för långt för chatten att läsa, med många tecken som inte är ord. "
                  "Skriv det kortare, med vanliga ord.")


def json_body(raw: bytes) -> Any:
    """The JSON value in a request body. Refused: too big, not UTF-8, not JSON, or nested so deep that
    reading it would exhaust the parser's recursion."""
    if len(raw) > MAX_BODY_BYTES:
        raise Refused(TOO_BIG_BODY)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(UNREADABLE_BODY) from None


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def message_text(text: str) -> str:
    """The text as it goes to Rasa: composed (NFC), control characters other than line breaks and tabs, and HTML
    tags around words, turned into spaces, no space at either end. Refused when it cannot be stored or is too costly."""
    if has_lone_surrogate(text):
        raise Refused(UNREADABLE_CHARACTERS)
    cleaned = _CONTROL_EXCEPT_LINES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    # A message of tags only ("<br>") is still the person's message: the bot says it did not understand.
    cleaned = _HTML_TAG.sub(" ", cleaned).strip() or cleaned
    if not cleaned:
        raise Refused(EMPTY)
    if len(cleaned) > MAX_MESSAGE_CHARACTERS:
        raise Refused(too_long_answer(len(cleaned)))
    if token_count(cleaned) > MAX_MESSAGE_TOKENS:
        raise Refused(TOO_MANY_SIGNS)
    return cleaned


def token_count(text: str) -> int:
    return sum(1 for _ in _TOKEN.finditer(text))


@dataclass(frozen=True)
class Turn:
    """One message for the REST channel: whose conversation, and the text."""

    sender: str
    text: str


SENDER_MAX_LENGTH = 128


def rest_turn(raw: bytes) -> Turn:
    """The REST channel's body, {"sender": …, "message": …}, checked. Refused with a Swedish answer."""
    body = json_body(raw)
    if not isinstance(body, dict):
        raise Refused(UNREADABLE_BODY)
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not 0 < len(sender) <= SENDER_MAX_LENGTH or has_lone_surrogate(sender) \
            or _CONTROL_EXCEPT_LINES.search(sender) or "\n" in sender or "\t" in sender:
        raise Refused("Samtalet kunde inte hittas. Ladda om sidan.")
    if not isinstance(message, str):
        raise Refused(EMPTY)
    return Turn(sender=sender, text=message_text(message))
