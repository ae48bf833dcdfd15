"""How the bot recovers when it does not understand: a guess with choices, then a human; never a loop.

A miss gets "Menar du …?" with the two or three most likely topics or questions as buttons. The
next miss in a row offers a human instead, so the same recovery never comes twice in a row.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from bot.logic.questions import QUESTION_INTENT, guesses
from bot.logic.say import Button

MISUNDERSTANDING_ACTION = "action_handle_misunderstanding"
# The intent of a message the intent model was unsure about (Rasa's FallbackClassifier).
UNSURE_INTENT = "nlu_fallback"
GUESS_LIMIT = 3
# A guess below this share of the top guess is noise, not a choice worth showing.
RELATIVE_FLOOR = 0.15
# Topics worth offering as a guess, in the person's words. Small talk, answers to a question
# (ja/nej, a place) and crisis are never guessed: crisis is caught before this, and the rest
# makes no sense as a choice. Topics that need the person's own words (a term, an obstacle) are
# not offered either: a button would send them without those words.
TOPIC_GUESSES: Mapping[str, Button] = {
    "check_eligibility": Button("Kan jag få personligt ombud?", "/check_eligibility"),
    "find_office": Button("Hitta ombud där jag bor", "/find_office"),
    "ask_authority": Button("Frågor om en myndighet", "/ask_authority"),
    "prepare_contact": Button("Förbered en första kontakt", "/prepare_contact"),
    "relative_help": Button("Jag vill hjälpa någon annan", "/relative_help"),
    "ask_human": Button("Prata med ett ombud", "/ask_human"),
    "no_money": Button("Jag har inga pengar", "/no_money"),
    "authority_gap": Button("Ingen myndighet tar ansvar", "/authority_gap"),
    "ask_crisis_line": Button("Stödlinjer att ringa", "/ask_crisis_line"),
    "withdraw_request": Button("Ta bort en förfrågan", "/withdraw_request"),
}
SOMETHING_ELSE = Button("Nej, något annat", "/stop_questions")


class Recovery(str, Enum):
    GUESS = "guess"  # "Menar du …?" with buttons
    HUMAN = "human"  # a way to a person: the office's phone, or the contact request


# What the bot says when it did not understand; a turn without any of these was understood, also when the
# misunderstanding action answered it (a follow-up read from the answer before, a question it was sure of).
RECOVERY_RESPONSES = frozenset({"utter_did_you_mean", "utter_please_rephrase", "utter_still_not_understood",
                                "utter_out_of_scope"})


def misunderstood_in_a_row(earlier_turns: Sequence[Sequence[str]]) -> int:
    """Count the current miss plus the earlier user turns, newest backwards, that also ended in one.

    `earlier_turns` holds, oldest first, the names of the actions and responses that answered each
    earlier user message.
    """
    count = 1
    for names in reversed(earlier_turns):
        if MISUNDERSTANDING_ACTION not in names or RECOVERY_RESPONSES.isdisjoint(names):
            break
        count += 1
    return count


def recovery(misses_in_a_row: int) -> Recovery:
    """Odd misses guess, even misses offer a human: the same recovery never twice in a row."""
    return Recovery.GUESS if misses_in_a_row % 2 == 1 else Recovery.HUMAN


def ranked(items: Sequence[Mapping[str, Any]], name_key: str) -> list[tuple[str, float]]:
    """(name, confidence) pairs from an intent or response-selector ranking."""
    return [(str(item.get(name_key) or ""), float(item.get("confidence") or 0.0)) for item in items]


def guess_buttons(intent_ranking: Sequence[Mapping[str, Any]],
                  question_ranking: Sequence[Mapping[str, Any]] = ()) -> list[Button]:
    """The most likely topics and questions, best first, as buttons; a question stands for the faq intent."""
    questions = [(key.removeprefix(f"{QUESTION_INTENT}/"), confidence)
                 for key, confidence in ranked(question_ranking, "intent_response_key")]
    intents = [(name, confidence) for name, confidence in ranked(intent_ranking, "name")
               if name in TOPIC_GUESSES or name == QUESTION_INTENT]
    if not intents:
        return []
    floor = intents[0][1] * RELATIVE_FLOOR
    buttons: list[Button] = []
    for name, confidence in intents:
        if confidence < floor or len(buttons) >= GUESS_LIMIT:
            break
        if name == QUESTION_INTENT:
            buttons += [b for b in guesses(questions, GUESS_LIMIT - len(buttons)) if b not in buttons][:2]
        elif TOPIC_GUESSES[name] not in buttons:
            buttons.append(TOPIC_GUESSES[name])
    return buttons[:GUESS_LIMIT]
