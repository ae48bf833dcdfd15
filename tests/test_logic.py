import datetime as dt
from dataclasses import dataclass

import pytest

from bot.logic.misunderstanding import (
    MISUNDERSTANDING_ACTION,
    Recovery,
    guess_buttons,
    misunderstood_in_a_row,
    recovery,
)
from bot.logic.sources import source_note
from knowledge.records import SourceDate
from knowledge.text import fold


def test_a_fact_is_spoken_with_its_phone_number_once() -> None:
    from bot.logic.say import spoken
    from knowledge.records import FactRecord

    line = FactRecord("k", "t", "T", "Ring oss.", "0200-123 45", None, "s", None, dt.date(2026, 1, 1))
    assert spoken(line) == "Ring oss. Telefon: 0200-123 45."
    assert spoken(FactRecord("k", "t", "T", "Ring 112.", "112", None, "s", None, dt.date(2026, 1, 1))) == "Ring 112."


def test_fold_removes_case_diacritics_and_punctuation() -> None:
    assert fold("Självmord!!  Göteborg, NU") == "sjalvmord goteborg nu"


def test_a_first_miss_guesses() -> None:
    assert misunderstood_in_a_row([["utter_greet", "utter_menu"]]) == 1
    assert recovery(1) is Recovery.GUESS


def test_a_second_miss_in_a_row_offers_a_human_and_the_third_guesses_again() -> None:
    turns = [["utter_greet"], [MISUNDERSTANDING_ACTION, "utter_did_you_mean"]]
    assert misunderstood_in_a_row(turns) == 2
    assert [recovery(n) for n in (2, 3, 4)] == [Recovery.HUMAN, Recovery.GUESS, Recovery.HUMAN]


def test_guesses_skip_small_talk_and_noise() -> None:
    ranking = [{"name": "greet", "confidence": 0.5}, {"name": "find_office", "confidence": 0.3},
               {"name": "ask_authority", "confidence": 0.2}, {"name": "prepare_contact", "confidence": 0.01}]
    assert [b.payload for b in guess_buttons(ranking)] == ["/find_office", "/ask_authority"]


def test_an_understood_message_resets_the_count() -> None:
    turns = [[MISUNDERSTANDING_ACTION, "utter_did_you_mean"], ["action_explain_po"]]
    assert misunderstood_in_a_row(turns) == 1
    # The misunderstanding action answered a follow-up: that turn was understood.
    assert misunderstood_in_a_row([[MISUNDERSTANDING_ACTION, "utter_office_intro"]]) == 1


@dataclass(frozen=True)
class Source:
    source: str
    source_date: SourceDate | None


def test_source_note_names_hosts_and_the_oldest_source_date() -> None:
    note = source_note([Source("https://www.mind.se/a; https://www.1177.se/b", SourceDate(2024, 12)),
                        Source("SFS 2013:522 2 §", SourceDate(2019))])
    assert note == "Källor: mind.se, 1177.se, SFS 2013:522 2 §. Den äldsta uppgiften är från 2019."


def test_source_note_says_when_a_source_has_no_date() -> None:
    assert source_note([Source("https://a.se/", None)]) == "Källa: a.se. Källan har inget datum."
    mixed = source_note([Source("https://a.se/", None), Source("https://b.se/", SourceDate(2008, 9, 1))])
    assert mixed == ("Källor: a.se, b.se. Den äldsta daterade uppgiften är från september 2008. "
                     "En källa har inget datum.")


def test_source_note_shortens_long_lists() -> None:
    sources = [Source(f"https://site{i}.se/", SourceDate(2026, 1, 2)) for i in range(5)]
    assert source_note(sources) == (
        "Källor: site0.se, site1.se, site2.se m.fl. Den äldsta uppgiften är från januari 2026.")


def test_source_note_refuses_to_invent_a_source() -> None:
    with pytest.raises(ValueError):
        source_note([])
