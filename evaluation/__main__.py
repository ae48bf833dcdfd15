"""`make eval`: starts the bot on ports of its own, runs every evaluation corpus against it, writes the figures.

docs/evaluation.md is written whole; docs/crisis.md gets its figures between the markers
`<!-- figures -->` and `<!-- /figures -->`, the rest of it is written by people.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.runtime.model_cache import ensure_model
from bot.runtime.stack import Stack, free_port, start_stack, stop_stack
from evaluation import corpus
from evaluation.report import (
    DEV2_ABOUT,
    DEV3_ABOUT,
    DEV4_ABOUT,
    DEV5_ABOUT,
    DEV_ABOUT,
    FRESH_ABOUT,
    corpus_markdown,
    crisis_markdown,
    evaluation_markdown,
    messages_summary,
)
from evaluation.run import (
    TIMEOUT,
    Bot,
    ConversationResult,
    CrisisResult,
    MessageResult,
    run_conversations,
    run_crisis,
    run_messages,
)
from storage.settings import PROJECT_ROOT

EVALUATION_DOC = PROJECT_ROOT / "docs" / "evaluation.md"
FRESH_DOC = PROJECT_ROOT / "docs" / "evaluation_fresh.md"
DEV_DOC = PROJECT_ROOT / "docs" / "evaluation_dev.md"
DEV2_DOC = PROJECT_ROOT / "docs" / "evaluation_dev2.md"
DEV3_DOC = PROJECT_ROOT / "docs" / "evaluation_dev3.md"
DEV4_DOC = PROJECT_ROOT / "docs" / "evaluation_dev4.md"
DEV5_DOC = PROJECT_ROOT / "docs" / "evaluation_dev5.md"
CRISIS_DOC = PROJECT_ROOT / "docs" / "crisis.md"
RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "results.json"
# Every reply to the fresh corpus, kept apart: reading it exposes the corpus (log it in evaluation/README.md).
FRESH_RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "fresh_results.json"
DEV_RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "dev_results.json"
DEV2_RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "dev2_results.json"
DEV3_RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "dev3_results.json"
DEV4_RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "dev4_results.json"
DEV5_RESULTS_FILE = PROJECT_ROOT / "build" / "evaluation" / "dev5_results.json"
START, END = "<!-- figures -->", "<!-- /figures -->"
# The contact request is measured against an office that reads requests, as in real use.
INBOX_OFFICE = "uppsala"


def _commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def _replace_figures(path: Path, figures: str) -> None:
    text = path.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    path.write_text(f"{before}{START}\n{figures}\n{END}{after}", encoding="utf-8")


def _reply(result: MessageResult) -> dict[str, object]:
    reply = result.reply
    return {"id": result.message.id, "text": result.message.text, "topic": result.message.topic,
            "understood": result.understood, "met": result.met, "intent": reply.intent, "calm_intent": reply.calm_intent,
            "question": reply.question,
            "crisis_level": reply.crisis_level, "actions": list(reply.actions), "replies": list(reply.texts),
            "buttons": list(reply.buttons)}


def _conversation(result: ConversationResult) -> dict[str, object]:
    return {"id": result.conversation.id, "passed": result.passed, "turns": [_reply(t) for t in result.turns]}


def _write_results(messages: list[MessageResult], conversations: list[ConversationResult],
                   every_office: list[ConversationResult], crisis: dict[str, list[CrisisResult]]) -> None:
    """Every reply, for reading the misses (never for training: see evaluation/README.md)."""
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps({
        "messages": [_reply(result) for result in messages],
        "conversations": [_conversation(c) for c in conversations],
        "conversations_every_office": [_conversation(c) for c in every_office],
        "crisis": {name: [{"id": c.message.id, "placement": c.placement, "crisis": c.message.crisis,
                           "caught": c.caught, "crisis_block": c.crisis_block, "replies": list(c.reply.texts)}
                          for c in results] for name, results in crisis.items()},
    }, ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass(frozen=True)
class LaterCorpus:
    """A corpus written after the first, measured on its own: where it is, and where its figures go."""
    name: str
    about: str
    messages: Path
    conversations: Path
    results: Path
    doc: Path


FRESH = LaterCorpus("fresh", FRESH_ABOUT, corpus.FRESH_MESSAGES_FILE, corpus.FRESH_CONVERSATIONS_FILE,
                    FRESH_RESULTS_FILE, FRESH_DOC)
DEV = LaterCorpus("dev", DEV_ABOUT, corpus.DEV_MESSAGES_FILE, corpus.DEV_CONVERSATIONS_FILE, DEV_RESULTS_FILE, DEV_DOC)
DEV2 = LaterCorpus("dev2", DEV2_ABOUT, corpus.DEV2_MESSAGES_FILE, corpus.DEV2_CONVERSATIONS_FILE, DEV2_RESULTS_FILE,
                   DEV2_DOC)
DEV3 = LaterCorpus("dev3", DEV3_ABOUT, corpus.DEV3_MESSAGES_FILE, corpus.DEV3_CONVERSATIONS_FILE, DEV3_RESULTS_FILE,
                   DEV3_DOC)
DEV4 = LaterCorpus("dev4", DEV4_ABOUT, corpus.DEV4_MESSAGES_FILE, corpus.DEV4_CONVERSATIONS_FILE, DEV4_RESULTS_FILE,
                   DEV4_DOC)
DEV5 = LaterCorpus("dev5", DEV5_ABOUT, corpus.DEV5_MESSAGES_FILE, corpus.DEV5_CONVERSATIONS_FILE, DEV5_RESULTS_FILE,
                   DEV5_DOC)


async def evaluate_later(bot: Bot, later: LaterCorpus) -> None:
    messages = await run_messages(bot, corpus.messages(later.messages))
    conversations = await run_conversations(bot, corpus.conversations(later.conversations))
    print(f"Korpusen {later.name}:", messages_summary(messages), f"samtal: {sum(c.passed for c in conversations)} av "
          f"{len(conversations)} klarade", flush=True)
    later.results.parent.mkdir(parents=True, exist_ok=True)
    later.results.write_text(json.dumps({"messages": [_reply(r) for r in messages],
                                         "conversations": [_conversation(c) for c in conversations]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    later.doc.write_text(corpus_markdown(later.name, later.about, messages, conversations, _commit()),
                         encoding="utf-8")


async def evaluate(stack: Stack, emergency: str, only: LaterCorpus | None = None) -> None:
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        bot = Bot(session, stack.url(""), stack.token or "")
        # First, while only Uppsala's office reads contact requests, as for the first corpus.
        for later in (only,) if only else (FRESH, DEV, DEV2, DEV3, DEV4, DEV5):
            await evaluate_later(bot, later)
        if only:
            return
        messages = await run_messages(bot, corpus.messages())
        print("Enstaka meddelanden:", messages_summary(messages), flush=True)
        conversations = await run_conversations(bot, corpus.conversations())
        print(f"Samtal: {sum(c.passed for c in conversations)} av {len(conversations)} klarade, "
              f"{sum(c.loops for c in conversations)} loopar", flush=True)
        # Written before the long crisis run, so the misses can be read while it goes on.
        _write_results(messages, conversations, [], {})
        crisis: dict[str, list[CrisisResult]] = {}
        for path in corpus.HELD_OUT_CRISIS_FILES:
            crisis[path.name] = await run_crisis(bot, corpus.crisis_messages(path), emergency)
            results = crisis[path.name]
            print(f"Kris {path.name}: {sum(r.caught for r in results if r.message.crisis)} av "
                  f"{sum(r.message.crisis for r in results)} fångade, {sum(r.crisis_block for r in results if not r.message.crisis)} "
                  f"av {sum(not r.message.crisis for r in results)} liknande fick krisblocket", flush=True)
        # Last, so that every figure above is measured as before: only Uppsala's office reads requests.
        _every_office_reads_requests()
        every_office = await run_conversations(bot, corpus.conversations())
        print(f"Samtal när alla kontor tar emot förfrågningar: {sum(c.passed for c in every_office)} av "
              f"{len(every_office)} klarade", flush=True)
    commit = _commit()
    _write_results(messages, conversations, every_office, crisis)
    EVALUATION_DOC.write_text(evaluation_markdown(messages, conversations, every_office, corpus.personas(), commit),
                              encoding="utf-8")
    _replace_figures(CRISIS_DOC, crisis_markdown(crisis, commit))
    print(f"Skrev {EVALUATION_DOC} och siffrorna i {CRISIS_DOC}.")


def _every_office_reads_requests() -> None:
    """An ombud account for every office still running, as when all of them have joined."""
    from casework.accounts import add_account
    from knowledge.datafiles import read_raw, to_records

    for office in to_records(read_raw()).offices:
        if office.active and office.id != INBOX_OFFICE:
            add_account(office.id, f"eval-{office.id}@ombudsguiden.invalid", os.urandom(16).hex())


def main(argv: list[str] | None = None) -> int:
    """`python -m evaluation` runs every corpus; `python -m evaluation fresh` (or `dev`, `dev2`, `dev3`, `dev4`, `dev5`) only that one (minutes)."""
    args = sys.argv[1:] if argv is None else argv
    later = {"fresh": FRESH, "dev": DEV, "dev2": DEV2, "dev3": DEV3, "dev4": DEV4, "dev5": DEV5}
    if not (args == [] or (len(args) == 1 and args[0] in later)):
        print("Användning: python -m evaluation [fresh|dev|dev2|dev3|dev4|dev5]", file=sys.stderr)
        return 2
    only = later[args[0]] if args else None
    from casework.accounts import add_account
    from knowledge.queries import facts_by_keys

    # A test request must never reach a real office's e-mail (offices.yaml holds real addresses).
    for name in [name for name in os.environ if name.startswith("OMBUDSGUIDEN_SMTP_")]:
        del os.environ[name]
    with tempfile.TemporaryDirectory(prefix="ombudsguiden-eval-") as work:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(work) / 'ombudsguiden.db'}"
        os.environ["TRACKER_STORE_URL"] = f"sqlite:///{Path(work) / 'tracker.db'}"
        add_account(INBOX_OFFICE, "eval@ombudsguiden.invalid", os.urandom(16).hex())
        emergency = facts_by_keys(["crisis.emergency"])[0].phone or ""
        stack = start_stack(ensure_model(), Path(work), (free_port(), free_port(), free_port()))
        try:
            asyncio.run(evaluate(stack, emergency, only))
        finally:
            stop_stack(stack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
