"""Writes a copy of some training examples with a greeting in front ("hej igen! har fått ett brev …").

People often open with a hello and go straight on to what they want. Without these copies the model
read "hej" as the greeting itself, or as the start of a crisis message, whatever followed: the
training data's long greetings ("hej, orkar knappt skriva men vill fråga en grej") and crisis
messages begin with one far more often than questions do. The copies are generated, never written
by hand, so the greeting carries no intent of its own; `tests/test_nlu_generated.py` fails when the
file is out of date.
"""
from __future__ import annotations

import zlib

from bot.logic.small_talk import starts_with_greeting
from bot.nlu.folded_copies import HEADER, NLU_DIR, hand_written_blocks
from knowledge.text import fold

COPIES_FILE = NLU_DIR / "generated_with_greeting.yml"
# Intents a greeting in front would change or make odd ("hej, ja"); a greeting alone is `greet`.
LEFT_AS_THEY_ARE = frozenset({"greet", "goodbye", "affirm", "deny", "thank", "inform_place_none"})
# About one example in EVERY gets a copy: enough to teach that a hello says nothing about the rest. Which
# one, and its greeting, follow from the example's own text, so a new example changes only its own line.
EVERY = 6
# Only examples with at least this many words in Latin letters: a Swedish hello before Arabic is not how
# people write.
MIN_WORDS = 3
GREETINGS = ("hej, ", "hej! ", "hej igen. ", "hallå ", "hejsan, ", "tjena ", "god morgon, ", "hej hej ",
             "hallå! ", "hej igen, ", "god kväll. ", "tja, ")


def _checksum(example: str) -> int:
    return zlib.crc32(example.encode("utf-8"))


def copies_yaml() -> str:
    lines = [HEADER.format(module="bot.nlu.greeting_copies"), 'version: "3.1"\n', "nlu:\n"]
    for intent, examples in hand_written_blocks():
        if intent.partition("/")[0] in LEFT_AS_THEY_ARE:
            continue
        chosen = [example for example in examples
                  if _checksum(example) % EVERY == 0 and len(fold(example).split()) >= MIN_WORDS
                  and not starts_with_greeting(example)]
        if chosen:
            lines += [f"  - intent: {intent}\n", "    examples: |\n",
                      *(f"      - {GREETINGS[_checksum(example) // EVERY % len(GREETINGS)]}{example}\n"
                        for example in chosen)]
    return "".join(lines)


if __name__ == "__main__":
    COPIES_FILE.write_text(copies_yaml(), encoding="utf-8")
    print(f"Skrev {COPIES_FILE}")
