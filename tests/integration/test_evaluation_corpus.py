"""The held-out evaluation corpus, written from personas by others, against the running bot.

Figures per topic, persona and conversation: docs/evaluation.md (`make eval`).
"""
from __future__ import annotations

from corpus_runner import against

from bot.runtime.stack import Stack
from evaluation import corpus
from evaluation.run import run_conversations, run_messages

MIN_SINGLE_MESSAGES_PASSED = 0.90
MIN_CONVERSATIONS_PASSED = 0.85


def test_nine_of_ten_single_messages_are_understood_and_answered(corpus_stack: Stack) -> None:
    results = against(corpus_stack, lambda bot: run_messages(bot, corpus.messages()))
    failed = [f"{r.message.id} {r.message.topic}: {r.message.text!r} -> {r.reply.intent}/{r.reply.question}"
              for r in results if not r.passed]
    assert len(failed) <= (1 - MIN_SINGLE_MESSAGES_PASSED) * len(results), "\n".join(failed)


def test_conversations_pass_and_never_loop(corpus_stack: Stack) -> None:
    results = against(corpus_stack, lambda bot: run_conversations(bot, corpus.conversations()))
    assert sum(r.loops for r in results) == 0
    failed = [f"{r.conversation.id}: " + "; ".join(f"{t.message.text!r} -> {t.reply.texts[:2]}"
                                                   for t in r.turns if not t.met) for r in results if not r.passed]
    assert len(failed) <= (1 - MIN_CONVERSATIONS_PASSED) * len(results), "\n".join(failed)
