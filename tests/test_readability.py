"""Every text the bot says is plain Swedish: LIX median at most 40 and none above 50."""
from __future__ import annotations

import re
import statistics

import pytest
import yaml
from conftest import PROJECT_ROOT

from bot.logic.readability import lix
from knowledge.datafiles import read_raw, to_records

MEDIAN_LIMIT = 40
SINGLE_LIMIT = 50


PLACEHOLDER = re.compile(r"\{\w+\}")
OTHER_LANGUAGE = re.compile(r"_in_(?:en|ar|fa|so)(?:_|$)")
QUESTION_TITLE = "utter_faq/"


def bot_texts() -> dict[str, str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    # Values filled into a template come from the knowledge base and are measured there.
    texts = {
        f"{name}[{i}]": PLACEHOLDER.sub("", variant["text"])
        for name, variants in domain["responses"].items()
        for i, variant in enumerate(variants)
        # LIX is a measure of Swedish; the crisis messages in other languages are not measured by it.
        if not OTHER_LANGUAGE.search(name) and not name.startswith(QUESTION_TITLE)
    }
    # The titles of the questions are shown as a list of choices (four to six words each), so they are
    # measured as one text, as the lists below are.
    texts[QUESTION_TITLE] = " ".join(
        variants[0]["text"] for name, variants in domain["responses"].items() if name.startswith(QUESTION_TITLE))
    data = to_records(read_raw())
    texts.update({fact.key: fact.text for fact in data.facts})
    for a in data.authorities:
        texts[f"{a.key}.decides"] = a.decides
        texts[f"{a.key}.next_step"] = a.next_step
        texts.update({f"{a.key}.{d.key}": d.text for d in a.deadlines})
        # Lists are shown as one message each, and LIX is only meaningful over a whole message.
        texts[f"{a.key}.benefits"] = " ".join(a.benefits)
        texts[f"{a.key}.problems"] = " ".join(a.common_problems)
    for o in data.offices:
        if o.requirements:
            texts[f"{o.id}.requirements"] = " ".join(o.requirements)
        if o.status_note:
            texts[f"{o.id}.status_note"] = o.status_note
        if o.queue:
            texts[f"{o.id}.queue"] = o.queue.text
    for r in data.no_po_reports:
        texts[f"{r.kommun_code}.says"] = r.says
        if r.status_note:
            texts[f"{r.kommun_code}.status_note"] = r.status_note
    return texts


def test_lix_of_known_texts() -> None:
    assert lix("Hej! Jag är en bot.") == pytest.approx(2.5)
    assert lix("Försäkringskassan handlägger sjukersättning.") == pytest.approx(3 + 100)


def test_the_median_reply_is_easy_to_read() -> None:
    assert statistics.median(lix(text) for text in bot_texts().values()) <= MEDIAN_LIMIT


def test_no_reply_is_hard_to_read() -> None:
    hard = {name: round(lix(text)) for name, text in bot_texts().items() if lix(text) > SINGLE_LIMIT}
    assert hard == {}
