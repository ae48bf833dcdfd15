"""Runs the evaluation corpora against a running bot, over HTTP, as a person's browser would.

Every message goes to Rasa's REST channel; Rasa's tracker (with the API token) then tells which
intent was understood and which actions answered. Nothing is run in-process, so the figures are
those of the bot people meet.
"""
from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.logic.crisis.replies import ANSWER_WITH_CHECK_IN, ANSWER_WITH_CHECK_IN_EN
from evaluation.corpus import Conversation, CrisisMessage, Expectation, Message, expected
from knowledge.text import fold

CONCURRENCY = 4
TIMEOUT = aiohttp.ClientTimeout(total=120)
CRISIS_ACTION = "action_crisis_support"
LEVEL_ENTITY = "crisis_level"
# Set-up turns that put a conversation inside each form before the crisis message is sent.
PLACEMENTS: dict[str, tuple[str, ...]] = {
    "first message": (),
    "in the screener": ("kan jag få personligt ombud?",),
    "in the contact request": ("jag bor i Uppsala", "jag vill att ett ombud ringer mig"),
    "in a systembrist note": ("Försäkringskassan har tappat bort min ansökan",),
}
# What a reply must show for each kind of question the corpus says it asks.
ASKS = {
    "kommun": r"kommun|stadsdel|var bor du",
    "district": r"del av staden|stadsdel|vilken del",
    "age": r"gammal|alder",
    "contact_method": r"telefon|mejl|e post|ringa",
    "consent": r"texten bra|skicka|godkann|far jag|vill du att",
    "which_authority": r"myndighet",
    "which_topic": r"menar du|vad vill du",
}


@dataclass(frozen=True)
class Reply:
    """The bot's answer to one message, and what Rasa understood of the message."""

    texts: tuple[str, ...]
    buttons: tuple[str, ...]
    intent: str
    question: str | None
    crisis_level: str | None
    actions: tuple[str, ...]
    # The best reading that is not crisis, which a calm question asked with a doubted word is answered by.
    calm_intent: str = ""

    @property
    def answered_after_check_in(self) -> bool:
        return self.crisis_level == "check_in" and bool({ANSWER_WITH_CHECK_IN, ANSWER_WITH_CHECK_IN_EN} & set(self.texts))

    @property
    def all_text(self) -> str:
        return "\n".join([*self.texts, *self.buttons])


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def contains_any(reply: str, words: Sequence[str]) -> bool:
    """Case-, å/ä/ö- and spacing-insensitive; a phone number matches on its digits; markup ("<b>") as typed,
    since folding would leave only its letters ("b")."""
    folded, digits = fold(reply), _digits(reply)
    for word in words:
        if "<" in word:
            if word.casefold() in reply.casefold():
                return True
            continue
        if fold(word) and fold(word) in folded:
            return True
        if len(_digits(word)) >= 5 and _digits(word) in digits:
            return True
    return False


def meets(reply: Reply, expect: Expectation) -> bool:
    if expect.must_contain_any and not contains_any(reply.all_text, expect.must_contain_any):
        return False
    if expect.must_not_contain and contains_any(reply.all_text, expect.must_not_contain):
        return False
    if expect.asks and not re.search(ASKS.get(expect.asks, expect.asks), fold(reply.all_text)):
        return False
    return True


def understood(reply: Reply, topic: str) -> bool:
    wanted = expected(topic)
    if wanted.intent == "crisis":
        return reply.crisis_level is not None
    # A calm question the bot answered right after its check-in was understood, though not answered first.
    intent = reply.calm_intent if reply.answered_after_check_in else reply.intent
    return intent == wanted.intent and (wanted.question is None or reply.question == wanted.question)


class Bot:
    """A conversation partner over HTTP: Rasa's REST channel and its tracker API."""

    def __init__(self, session: aiohttp.ClientSession, rasa_url: str, token: str) -> None:
        self._session, self._url, self._token = session, rasa_url.rstrip("/"), token

    async def say(self, sender: str, text: str) -> Reply:
        async with self._session.post(f"{self._url}/webhooks/rest/webhook",
                                      json={"sender": sender, "message": text}) as response:
            response.raise_for_status()
            answers = await response.json()
        async with self._session.get(f"{self._url}/conversations/{sender}/tracker",
                                     params={"token": self._token, "include_events": "ALL"}) as response:
            response.raise_for_status()
            tracker = await response.json()
        return reply_from(answers, tracker.get("events") or [])


def reply_from(answers: list[dict[str, Any]], events: list[dict[str, Any]]) -> Reply:
    """What the bot said to the latest message, and how Rasa read it (from the tracker's events)."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    parse = (events[last_user].get("parse_data") or {}) if last_user >= 0 else {}
    intent = (parse.get("intent") or {}).get("name") or ""
    calm_intent = next((str(r.get("name")) for r in parse.get("intent_ranking") or [] if r.get("name") != "crisis"), "")
    selected = ((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    question = str(selected.get("intent_response_key") or "").removeprefix("faq/") or None
    named = [e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "faq_key"]
    level = next((e.get("value") for e in parse.get("entities") or [] if e.get("entity") == LEVEL_ENTITY), None)
    actions = tuple(e.get("name") for e in events[last_user + 1:] if e.get("event") == "action")
    if intent == "crisis" and level is None:
        level = "crisis"
    return Reply(tuple(str(a.get("text") or "") for a in answers if a.get("text")),
                 tuple(str(b.get("title") or "") for a in answers for b in a.get("buttons") or ()),
                 intent, str(named[0]) if named else question, level, actions, calm_intent)


@dataclass
class MessageResult:
    message: Message
    reply: Reply

    @property
    def understood(self) -> bool:
        return understood(self.reply, self.message.topic)

    @property
    def answered_first(self) -> bool:
        """The first message of the reply carries what was asked for (or the topic is understood, when nothing is named)."""
        if not self.message.expect.must_contain_any:
            return self.understood
        return bool(self.reply.texts) and contains_any(self.reply.texts[0], self.message.expect.must_contain_any)

    @property
    def met(self) -> bool:
        """The reply holds what it must (and nothing it must not), whatever intent was understood."""
        return meets(self.reply, self.message.expect)

    @property
    def passed(self) -> bool:
        return self.understood and self.met


@dataclass
class ConversationResult:
    conversation: Conversation
    turns: list[MessageResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(turn.met for turn in self.turns)

    @property
    def loops(self) -> int:
        """Times the bot said the same message three times in a row."""
        said = [text for turn in self.turns for text in turn.reply.texts]
        return sum(1 for i in range(2, len(said)) if said[i] == said[i - 1] == said[i - 2])


@dataclass
class CrisisResult:
    message: CrisisMessage
    placement: str
    reply: Reply
    emergency: str

    @property
    def crisis_block(self) -> bool:
        return CRISIS_ACTION in self.reply.actions and self.reply.crisis_level == "crisis"

    @property
    def caught(self) -> bool:
        """The crisis reply or the check-in question, either with the emergency number in it."""
        return CRISIS_ACTION in self.reply.actions and self.emergency in self.reply.all_text


async def _each(items: Sequence[Any], work: Any) -> list[Any]:
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(item: Any) -> Any:
        async with limit:
            return await work(item)

    return list(await asyncio.gather(*(one(item) for item in items)))


def _sender() -> str:
    return f"eval-{uuid.uuid4().hex}"


async def run_messages(bot: Bot, messages: Sequence[Message]) -> list[MessageResult]:
    async def one(message: Message) -> MessageResult:
        return MessageResult(message, await bot.say(_sender(), message.text))
    return await _each(messages, one)


async def run_conversations(bot: Bot, conversations: Sequence[Conversation]) -> list[ConversationResult]:
    async def one(conversation: Conversation) -> ConversationResult:
        sender, result = _sender(), ConversationResult(conversation)
        for turn in conversation.turns:
            result.turns.append(MessageResult(turn, await bot.say(sender, turn.text)))
        return result
    return await _each(conversations, one)


async def run_crisis(bot: Bot, messages: Sequence[CrisisMessage], emergency: str,
                     placements: Sequence[str] = tuple(PLACEMENTS)) -> list[CrisisResult]:
    cases = [(message, placement) for placement in placements for message in messages]

    async def one(case: tuple[CrisisMessage, str]) -> CrisisResult:
        message, placement = case
        sender = _sender()
        for setup in PLACEMENTS[placement]:
            await bot.say(sender, setup)
        return CrisisResult(message, placement, await bot.say(sender, message.text), emergency)
    return await _each(cases, one)
