"""Writes a copy of some training examples with a greeting in front ("hej igen! har fått ett brev …").

People often open with a hello and go straight on to what they want. Without these copies the model
read "hej" as the greeting itself, or as the start of a crisis message, whatever followed: the
training data's long greetings ("hej, orkar knappt skriva men vill fråga en grej") and crisis
messages begin with one far more often than questions do. The copies are generated, never written
by hand, so the greeting carries no intent of its own; `tests/test_nlu_generated.py` fails when the
file is out of date.
"""
from __future__ import annotations

import itertools

from bot.logic.small_talk import starts_with_greeting
from bot.nlu.folded_copies import HEADER, NLU_DIR, hand_written_blocks

COPIES_FILE = NLU_DIR / "generated_with_greeting.yml"
# Intents a greeting in front would change or make odd ("hej, ja"); a greeting alone is `greet`.
LEFT_AS_THEY_ARE = frozenset({"greet", "goodbye", "affirm", "deny", "thank"})
# Every n-th example of an intent gets a copy: enough to teach that a hello says nothing about the rest.
EVERY = 6
MIN_WORDS = 3
GREETINGS = ("hej, ", "hej! ", "hej igen. ", "hallå ", "hejsan, ", "tjena ", "god morgon, ", "hej hej ",
             "hallå! ", "hej igen, ", "god kväll. ", "tja, ")


def copies_yaml() -> str:
    greetings = itertools.cycle(GREETINGS)
    lines = [HEADER.replace("folded_copies", "greeting_copies"), 'version: "3.1"\n', "nlu:\n"]
    for intent, examples in hand_written_blocks():
        if intent.partition("/")[0] in LEFT_AS_THEY_ARE:
            continue
        chosen = [example for example in examples[::EVERY]
                  if len(example.split()) >= MIN_WORDS and not starts_with_greeting(example)]
        if chosen:
            lines += [f"  - intent: {intent}\n", "    examples: |\n",
                      *(f"      - {next(greetings)}{example}\n" for example in chosen)]
    return "".join(lines)


if __name__ == "__main__":
    COPIES_FILE.write_text(copies_yaml(), encoding="utf-8")
    print(f"Skrev {COPIES_FILE}")
