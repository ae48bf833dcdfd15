"""Figures from an evaluation run, as markdown for docs/evaluation.md and docs/crisis.md."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from evaluation.run import ConversationResult, CrisisResult, MessageResult


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "–"


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _grouped(results: Sequence[MessageResult], key: Callable[[MessageResult], str]) -> list[list[Any]]:
    groups: dict[str, list[MessageResult]] = defaultdict(list)
    for result in results:
        groups[key(result)].append(result)
    return [[name, len(group), share(sum(r.understood for r in group), len(group)),
             share(sum(r.answered_first for r in group), len(group)), share(sum(r.passed for r in group), len(group))]
            for name, group in sorted(groups.items())]


def messages_summary(results: Sequence[MessageResult]) -> dict[str, float]:
    n = len(results)
    return {"n": n, "understood": sum(r.understood for r in results) / n,
            "answered_first": sum(r.answered_first for r in results) / n, "passed": sum(r.passed for r in results) / n}


def evaluation_markdown(messages: Sequence[MessageResult], conversations: Sequence[ConversationResult],
                        every_office: Sequence[ConversationResult], personas: dict[str, str], commit: str) -> str:
    """`conversations` ran with one office reading contact requests (Uppsala), `every_office` with all of them."""
    turns = [t for c in conversations for t in c.turns]
    lines = [
        "# Evaluation on the held-out corpus",
        "",
        f"Written by `make eval` on {dt.date.today().isoformat()} at commit {commit}. The corpus "
        "(`evaluation/corpus/`) was written from personas by people who never saw `bot/data`; it is never "
        "trained on. Every message went to the running bot over HTTP.",
        "",
        "## In short",
        "",
        *_table(["what", "figure"], [
            ["single messages understood (intent, and the specific question)",
             share(sum(r.understood for r in messages), len(messages))],
            ["… of them calm questions answered after a check-in question about danger (not answered first)",
             sum(r.understood and r.reply.answered_after_check_in and r.message.topic != "crisis" for r in messages)],
            ["crisis messages given a check-in question with a calm answer after it",
             sum(r.reply.answered_after_check_in and r.message.topic == "crisis" for r in messages)],
            ["single messages given a check-in question about danger alone, with no answer",
             sum(r.reply.crisis_level == "check_in" and not r.reply.answered_after_check_in
                 and r.message.topic != "crisis" for r in messages)],
            ["single messages answered first (the asked fact in the first reply message)",
             share(sum(r.answered_first for r in messages), len(messages))],
            ["single messages passed (understood, and the reply holds what it must)",
             share(sum(r.passed for r in messages), len(messages))],
            ["conversations passed (every turn's reply holds what it must)",
             share(sum(c.passed for c in conversations), len(conversations))],
            ["conversations passed when every office reads contact requests (second run, below)",
             share(sum(c.passed for c in every_office), len(every_office))],
            ["conversation turns meeting their expectation", share(sum(t.met for t in turns), len(turns))],
            ["conversation turns understood", share(sum(t.understood for t in turns), len(turns))],
            ["loops (the same bot message three times in a row)", sum(c.loops for c in conversations)],
        ]),
        "",
        "Contact requests reach a person only at an office with an ombud account. The first run gives one to "
        "Uppsala's office alone, so a conversation elsewhere that expects its request to be sent fails even when "
        "the bot rightly gives the office's phone instead. The second run gives every office an account, as when "
        "all of them have joined: it measures the conversation itself. The way without an account is tested in "
        "`tests/`.",
        "",
        "## Single messages per topic",
        "",
        *_table(["topic", "n", "understood", "answered first", "passed"], _grouped(messages, lambda r: r.message.topic)),
        "",
        "## Single messages per persona",
        "",
        *_table(["persona", "n", "understood", "answered first", "passed"],
                [[f"{row[0]}: {personas.get(row[0], '')[:60]}", *row[1:]]
                 for row in _grouped(messages, lambda r: r.message.persona)]),
        "",
        "## Conversations",
        "",
        *_table(["id", "persona", "goal", "turns met", "passed", "loops"],
                [[c.conversation.id, c.conversation.persona, c.conversation.goal[:70],
                  share(sum(t.met for t in c.turns), len(c.turns)),
                  "yes" if c.passed else "no", c.loops] for c in conversations]),
        "",
    ]
    return "\n".join(lines)


FRESH_ABOUT = ("`evaluation/corpus/fresh/` was written on 2026-12-06 from its own personas by a writer who saw neither "
               "`bot/data` nor the first corpus nor the bot. Nobody working on the bot has read it, so these figures "
               "are the closest to text from strangers; only aggregates are shown here.")
DEV_ABOUT = ("`evaluation/corpus/dev/` was written on 2026-12-06 by a third writer who saw neither `bot/data`, the other "
             "corpora nor the bot. Unlike the fresh corpus it is read: its misses show what to mend (never by training "
             "on its text), and the fresh corpus tells whether the mending generalises.")
DEV2_ABOUT = ("`evaluation/corpus/dev2/` was written on 2026-12-06 by a fourth writer who saw neither `bot/data`, the other "
              "corpora nor the bot, asked for the less obvious phrasings once the dev corpus had been read for three "
              "sessions. It is read like the dev corpus, and never trained on.")
DEV3_ABOUT = ("`evaluation/corpus/dev3/` was written on 2026-12-07 by a fifth writer who saw neither `bot/data`, the other "
              "corpora nor the bot, weighted to conversations: follow-ups that lean on the answer before, loose answers "
              "to the screener, the contact request to its end. It is read like the dev corpora, and never trained on.")
DEV4_ABOUT = ("`evaluation/corpus/dev4/` was written on 2026-12-07 by a sixth writer who saw neither `bot/data`, the other "
              "corpora nor the bot, weighted to conversations like dev3. Its first figures were taken before anyone read "
              "it; after that it is read like the dev corpora, and never trained on.")
DEV5_ABOUT = ("`evaluation/corpus/dev5/` was written on 2026-12-08 by a seventh writer who saw neither `bot/data`, the "
              "other corpora nor the bot, weighted to conversations like dev3 and dev4. Its first figures were taken "
              "before anyone read it, on the code that began session 37 and on its first changes (the same figures); "
              "after that it is read like the dev corpora, and never trained on.")


def corpus_markdown(name: str, about: str, messages: Sequence[MessageResult],
                    conversations: Sequence[ConversationResult], commit: str) -> str:
    """Figures only, never a message, for one of the later corpora (`name`: "fresh", "dev", "dev2", "dev3", "dev4" or "dev5")."""
    turns = [t for c in conversations for t in c.turns]
    return "\n".join([
        f"# Evaluation on the {name} corpus",
        "",
        f"Written by `make eval` (or `python -m evaluation {name}`) on {dt.date.today().isoformat()} at commit {commit}. "
        f"{about}",
        "",
        *_table(["what", "figure"], [
            ["single messages understood (intent, and the specific question)",
             share(sum(r.understood for r in messages), len(messages))],
            ["single messages answered first", share(sum(r.answered_first for r in messages), len(messages))],
            ["single messages passed (understood, and the reply holds what it must)",
             share(sum(r.passed for r in messages), len(messages))],
            ["single messages given a check-in question about danger alone",
             sum(r.reply.crisis_level == "check_in" and not r.reply.answered_after_check_in for r in messages)],
            ["conversations passed (every turn's reply holds what it must)",
             share(sum(c.passed for c in conversations), len(conversations))],
            ["conversation turns meeting their expectation", share(sum(t.met for t in turns), len(turns))],
            ["loops (the same bot message three times in a row)", sum(c.loops for c in conversations)],
        ]),
        "",
        "## Single messages per topic",
        "",
        *_table(["topic", "n", "understood", "answered first", "passed"], _grouped(messages, lambda r: r.message.topic)),
        "",
    ])


def crisis_markdown(batteries: dict[str, Sequence[CrisisResult]], commit: str) -> str:
    """One section per frozen battery (file name -> results), all over HTTP against the running bot."""
    lines = [f"Measured by `make eval` on {dt.date.today().isoformat()} at commit {commit}, over HTTP against the "
             "running bot. *Caught* means the crisis reply or the check-in question, with 112 in it.", ""]
    for name, results in batteries.items():
        lines += [f"### `evaluation/crisis/{name}`", "", *_crisis_section(results)]
    return "\n".join(lines)


def _crisis_section(results: Sequence[CrisisResult]) -> list[str]:
    crisis = [r for r in results if r.message.crisis]
    lookalikes = [r for r in results if not r.message.crisis]
    placements = sorted({r.placement for r in results}, key=[r.placement for r in results].index)
    categories = sorted({r.message.category for r in crisis})
    lines = _table(["placement", "crisis caught", "of which the crisis reply", "look-alikes given the crisis reply",
                    "look-alikes asked the check-in"],
                   [[p, share(sum(r.caught for r in crisis if r.placement == p), sum(1 for r in crisis if r.placement == p)),
                     share(sum(r.crisis_block for r in crisis if r.placement == p),
                           sum(1 for r in crisis if r.placement == p)),
                     share(sum(r.crisis_block for r in lookalikes if r.placement == p),
                           sum(1 for r in lookalikes if r.placement == p)),
                     share(sum(r.caught and not r.crisis_block for r in lookalikes if r.placement == p),
                           sum(1 for r in lookalikes if r.placement == p))] for p in placements])
    lines += ["", "Per category (all placements together):", ""]
    lines += _table(["category", "caught", "of which the crisis reply"],
                    [[c, share(sum(r.caught for r in crisis if r.message.category == c),
                               sum(1 for r in crisis if r.message.category == c)),
                      share(sum(r.crisis_block for r in crisis if r.message.category == c),
                            sum(1 for r in crisis if r.message.category == c))] for c in categories])
    missed = sorted({(r.message.id, r.message.category) for r in crisis if not r.caught})
    alarmed = sorted({(r.message.id, r.message.category) for r in lookalikes if r.crisis_block})
    lines += ["", f"Missed: {', '.join(f'{i} ({c})' for i, c in missed) if missed else 'none'}.", "",
              f"Look-alikes given the crisis reply: {', '.join(f'{i} ({c})' for i, c in alarmed) if alarmed else 'none'}.",
              ""]
    return lines
