"""The contact request's text and the reading of free answers, before anything is stored."""
from __future__ import annotations

import pytest

from bot.logic.handoff import (
    SKIPPED,
    needs_from,
    parse_approval,
    parse_contact_method,
    parse_contact_time,
    parse_email,
    parse_flags,
    parse_ombud_wish,
    parse_phone,
    redact_personnummer,
    summary_text,
)


def test_the_summary_names_kommun_needs_and_authorities() -> None:
    needs = needs_from(["greet", "ask_authority", "no_money", "ask_authority"])
    assert summary_text("Göteborg", needs, ["Försäkringskassan"]) == (
        "Kommun: Göteborg. Vill ha hjälp med: kontakt med myndigheter, pengar till det nödvändigaste. "
        "Har kontakt med: Försäkringskassan.")
    assert summary_text(None, [], []) == "Kommun: inte angiven. Vill ha hjälp med: inte angivet."


@pytest.mark.parametrize("typed", ["19850312-1231", "850312-1231", "198503121231", "8503121231"])
def test_a_personnummer_is_never_kept(typed: str) -> None:
    text, removed = redact_personnummer(f"jag heter Sara och mitt nummer är {typed}")
    assert removed and typed not in text and "Sara" in text
    assert parse_phone(typed) is None


def test_phone_numbers_are_checked() -> None:
    assert parse_phone("070-123 45 67") == "070-123 45 67"
    assert parse_phone("+46 70 123 45 67") == "+46 70 123 45 67"
    for bad in ("123", "ring mig", "0701234567890123", "<script>", "70 123 45 67"):
        assert parse_phone(bad) is None, bad


def test_email_addresses_are_checked() -> None:
    assert parse_email(" sara@exempel.se ") == "sara@exempel.se"
    for bad in ("sara@", "sara exempel.se", "a@b", "'; drop table handoffs;--@x.se"):
        assert parse_email(bad) is None, bad


def test_free_answers_are_read() -> None:
    assert parse_approval("ja, skicka") == "yes"
    assert parse_approval("jag vill ändra texten") == "change"
    assert parse_approval("nej") == "no"
    assert parse_approval("blorp") is None
    assert parse_contact_method("ring mig") == "phone"
    assert parse_contact_method("mejla hellre") == "email"
    assert parse_contact_method("jag ringer själv") == "self"
    assert parse_contact_time("helst på förmiddagen") == "forenoon"
    assert parse_contact_time("eftermiddag") == "afternoon"
    assert parse_contact_time("spelar ingen roll") == "any"
    assert parse_ombud_wish("en kvinna helst") == "woman"
    assert parse_ombud_wish("hoppa över") == SKIPPED


def test_priority_facts_are_read_and_can_be_skipped() -> None:
    assert parse_flags("jag har barn hemma och kan bli vräkt") == ["children", "losing_home"]
    assert parse_flags("jag är 18-25") == ["young_adult"]
    assert parse_flags("inget av detta") == []
    assert parse_flags("blorp") is None


@pytest.mark.parametrize("phone", ["0701234567", "0812345678", "070-123 45 67", "+46701234567"])
def test_phone_numbers_are_not_taken_for_a_personnummer(phone: str) -> None:
    assert parse_phone(phone) is not None
    assert redact_personnummer(f"ring {phone}") == (f"ring {phone}", False)


def test_only_a_valid_date_and_check_digit_make_a_personnummer() -> None:
    assert redact_personnummer("850312-1235")[1] is False  # wrong check digit
    assert redact_personnummer("851312-1234")[1] is False  # month 13
    assert redact_personnummer("850372-1238")[1] is True  # samordningsnummer: day + 60


def test_negated_answers_are_not_taken_as_yes() -> None:
    assert parse_flags("inga barn") == []
    assert parse_flags("jag är inte ung") == []
    assert parse_ombud_wish("helst inte en man") == SKIPPED
    assert parse_ombud_wish("man kan ta vem som helst") is None
    assert parse_ombud_wish("man") == "man"
    assert parse_contact_time("inte på förmiddagen") is None
    assert parse_contact_time("inte på förmiddagen, helst eftermiddag") == "afternoon"
