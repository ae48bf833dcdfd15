"""The held-out evaluation corpora, written from personas by others, against the running bot.

Figures per topic, persona and conversation: docs/evaluation.md and docs/evaluation_fresh.md (`make eval`).
The fresh corpus has not been read by anyone working on the bot: its tests name the ids that fail, never
their text (evaluation/README.md).
"""
from __future__ import annotations

import pytest

from bot.runtime.stack import Stack
from evaluation import corpus
from evaluation.run import ConversationResult, MessageResult, run_conversations, run_messages
from integration.corpus_runner import against

# The issues' targets.
MIN_SINGLE_MESSAGES_PASSED = 0.90
MIN_CONVERSATIONS_PASSED = 0.85
# Today's figures (2026-12-06: 516/610 single messages and 44/73 conversations by `make eval` at 0a62ebc,
# 47/73 when every office reads contact requests; 46/73 in this test after the mend that followed it (a
# relative's "måste man ringa?" kept as the question how to reach an ombud); this test, like the first run,
# gives only Uppsala's office an inbox, and has given up to three conversations fewer than `make eval`), a
# little below, held as floors
# so that a regression fails at once. The targets are strict expected failures: they turn
# red the day they are reached, and the floors are then raised. docs/evaluation.md has the figures.
SINGLE_MESSAGES_TODAY = 0.82
CONVERSATIONS_TODAY = 0.60
# The fresh corpus (2026-12-06: 152/180 single messages and 16/24 conversations by `make eval` at fc64314,
# model 73a7ae87), a little below, as floors.
FRESH_SINGLE_MESSAGES_TODAY = 0.80
FRESH_CONVERSATIONS_TODAY = 0.58


@pytest.fixture(scope="module")
def single_messages(corpus_stack: Stack) -> list[MessageResult]:
    return against(corpus_stack, lambda bot: run_messages(bot, corpus.messages()))


@pytest.fixture(scope="module")
def conversations(corpus_stack: Stack) -> list[ConversationResult]:
    return against(corpus_stack, lambda bot: run_conversations(bot, corpus.conversations()))


def _failed_messages(results: list[MessageResult]) -> list[str]:
    return [f"{r.message.id} {r.message.topic}: {r.message.text!r} -> {r.reply.intent}/{r.reply.question}"
            for r in results if not r.passed]


def _failed_conversations(results: list[ConversationResult]) -> list[str]:
    return [f"{r.conversation.id}: " + "; ".join(f"{t.message.text!r} -> {t.reply.texts[:2]}"
                                                 for t in r.turns if not t.met) for r in results if not r.passed]


def test_single_messages_do_not_fall_below_today(single_messages: list[MessageResult]) -> None:
    failed = _failed_messages(single_messages)
    assert len(failed) <= (1 - SINGLE_MESSAGES_TODAY) * len(single_messages), "\n".join(failed)


@pytest.mark.xfail(strict=True,
                   reason="issue 12 open: 85 % of single messages pass (make eval, sessions 36 and 37), target 90 %")
def test_nine_of_ten_single_messages_are_understood_and_answered(single_messages: list[MessageResult]) -> None:
    failed = _failed_messages(single_messages)
    assert len(failed) <= (1 - MIN_SINGLE_MESSAGES_PASSED) * len(single_messages), "\n".join(failed)


def test_no_conversation_ever_loops(conversations: list[ConversationResult]) -> None:
    assert sum(r.loops for r in conversations) == 0


def test_conversations_do_not_fall_below_today(conversations: list[ConversationResult]) -> None:
    failed = _failed_conversations(conversations)
    assert len(failed) <= (1 - CONVERSATIONS_TODAY) * len(conversations), "\n".join(failed)


@pytest.mark.xfail(strict=True,
                   reason="issue 13 open: 70 % of conversations pass (make eval, sessions 36 and 37), target 85 %")
def test_conversations_pass(conversations: list[ConversationResult]) -> None:
    failed = _failed_conversations(conversations)
    assert len(failed) <= (1 - MIN_CONVERSATIONS_PASSED) * len(conversations), "\n".join(failed)


@pytest.fixture(scope="module")
def fresh_single_messages(corpus_stack: Stack) -> list[MessageResult]:
    return against(corpus_stack, lambda bot: run_messages(bot, corpus.messages(corpus.FRESH_MESSAGES_FILE)))


@pytest.fixture(scope="module")
def fresh_conversations(corpus_stack: Stack) -> list[ConversationResult]:
    fresh = corpus.conversations(corpus.FRESH_CONVERSATIONS_FILE)
    return against(corpus_stack, lambda bot: run_conversations(bot, fresh))


def test_fresh_single_messages_do_not_fall_below_today(fresh_single_messages: list[MessageResult]) -> None:
    failed = [r.message.id for r in fresh_single_messages if not r.passed]
    assert len(failed) <= (1 - FRESH_SINGLE_MESSAGES_TODAY) * len(fresh_single_messages), ", ".join(failed)


def test_fresh_conversations_do_not_fall_below_today_and_never_loop(
        fresh_conversations: list[ConversationResult]) -> None:
    failed = [r.conversation.id for r in fresh_conversations if not r.passed]
    assert len(failed) <= (1 - FRESH_CONVERSATIONS_TODAY) * len(fresh_conversations), ", ".join(failed)
    assert sum(r.loops for r in fresh_conversations) == 0
