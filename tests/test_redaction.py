"""Personnummer, phone numbers and e-mail addresses are taken out of typed text, however they are typed."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.inbound.redaction import (
    EMAIL_REMOVED,
    PERSONNUMMER_REMOVED,
    PHONE_REMOVED,
    gives_only_contact_details,
    normalised,
    redact,
    redact_personnummer,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("typed", [
    "19850312-1231", "850312-1231", "198503121231", "8503121231",
    "850312\u20131231",  # en dash, as phones and word processors make it
    "850312\u20111231",  # non-breaking hyphen
    "850312\u22121231",  # minus sign
    "850312 - 1231", "85 03 12-12 31", "8503 12 1231", "8 5 0 3 1 2 1 2 3 1",
    "850312\u00a01231",  # non-breaking space
    "85031\u200b2-1231",  # a zero-width space from copy and paste
    "\uff18\uff15\uff10\uff13\uff11\uff12-\uff11\uff12\uff13\uff11",  # full-width digits
    "0503121238", "050312-1238", "200503121238", "20050312-1238",  # born 2005, typed with and without a hyphen
    "850372-1238",  # samordningsnummer: the day plus 60
    "850312+1231",  # someone 100 years or older
])
def test_a_personnummer_is_removed_however_it_is_typed(typed: str) -> None:
    result = redact(f"jag heter Sara och mitt nummer är {typed}, hjälp mig")
    assert result.text == f"jag heter Sara och mitt nummer är {PERSONNUMMER_REMOVED}, hjälp mig"
    assert result.personnummer
    assert redact_personnummer(typed) == (PERSONNUMMER_REMOVED, True)


@pytest.mark.parametrize("typed, kept", [
    ("pnr8503121231", "pnr"), ("pnr:850312-1231", "pnr:"), ("pnr.0503121238", "pnr."), ("Pnr 19850312-1231", "Pnr "),
])
def test_a_prefix_like_pnr_does_not_hide_the_number(typed: str, kept: str) -> None:
    assert redact(typed).text == f"{kept}{PERSONNUMMER_REMOVED}"


@pytest.mark.parametrize("typed", [
    "850312-1235",  # wrong check digit
    "851312-1234",  # month 13
    "850230-1234",  # 30 February
    "850312-0008",  # serial number 000 is never given
    "2024-03-12",  # a date
    "12 000 kronor",
])
def test_numbers_that_fail_the_checks_are_not_taken_for_a_personnummer(typed: str) -> None:
    assert redact(f"det gäller {typed}").text == f"det gäller {typed}"


def test_two_numbers_in_a_row_are_each_found() -> None:
    assert redact("850312-1231 070-123 45 67").text == f"{PERSONNUMMER_REMOVED} {PHONE_REMOVED}"
    assert redact("8503121231 19850312-1231").text == f"{PERSONNUMMER_REMOVED} {PERSONNUMMER_REMOVED}"


@pytest.mark.parametrize("phone", [
    "070-123 45 67", "0701234567", "+46 70 123 45 67", "+46701234567", "0046 70 123 45 67", "08-123 456 78",
    "(08) 123 45 67", "070\u2013123\u00a045\u00a067",
])
def test_a_phone_number_typed_in_the_chat_is_removed(phone: str) -> None:
    result = redact(f"ring mig på {phone} efter tre")
    assert result.text == f"ring mig på {PHONE_REMOVED} efter tre" and result.phone


def test_a_phone_number_followed_by_a_year_is_still_found() -> None:
    assert redact("ring 070-123 45 67 2024").text == f"ring {PHONE_REMOVED} 2024"


@pytest.mark.parametrize("kept", [
    "Ring 112", "Självmordslinjen 90101", "1177", "Försäkringskassan 0771-524 524", "020-22 00 00",
    "jag har 12 000 kr i skuld", "den 2024-03-12 kl 08.30", "lägenhet 1102", "3 barn",
])
def test_emergency_and_service_numbers_amounts_and_dates_stay(kept: str) -> None:
    assert redact(kept).text == kept


@pytest.mark.parametrize("email", ["sara.k@exempel.se", "Sara+ombud@Kommun.Example.SE", "åsa@exempel.se"])
def test_an_email_address_typed_in_the_chat_is_removed(email: str) -> None:
    result = redact(f"mejla {email} tack")
    assert result.text == f"mejla {EMAIL_REMOVED} tack" and result.email


def test_when_the_contact_form_asks_how_to_reach_the_person_the_answer_stays() -> None:
    for answer in ("070-123 45 67", "+46 70 123 45 67", "sara@exempel.se"):
        assert redact(answer, contact_details_asked=True).text == answer
    # A mobile number typed in one go can pass the personnummer checks; asked for a phone, it is one.
    assert redact("0503121238", contact_details_asked=True).text == "0503121238"
    # A personnummer never stays, whatever was asked.
    assert redact("050312-1238", contact_details_asked=True).text == PERSONNUMMER_REMOVED
    assert redact("mitt pnr 19850312-1231", contact_details_asked=True).text == f"mitt pnr {PERSONNUMMER_REMOVED}"


def test_before_the_contact_question_only_ones_own_contact_details_stay() -> None:
    for answer in ("070-123 45 67, efter kl 15 helst", "ja, mejla mig på sara@exempel.se",
                   "Det vore bra om någon kunde ringa mig. Mitt nummer är 070-174 06 48."):
        assert redact(answer, contact_details_welcome=True).text == answer
    # A no, a wait, someone else: removed as anywhere else.
    for answer, removed in (("nej, ring min syster 070-111 22 33", f"nej, ring min syster {PHONE_REMOVED}"),
                            ("vänta, ring inte 070-123 45 67", f"vänta, ring inte {PHONE_REMOVED}"),
                            ("min handläggare nås på eva@fk.se", f"min handläggare nås på {EMAIL_REMOVED}")):
        assert redact(answer, contact_details_welcome=True).text == removed
    # Not asked for a phone yet: ten digits in one go that pass the personnummer checks are one.
    assert redact("0503121238", contact_details_welcome=True).text == PERSONNUMMER_REMOVED
    assert redact("ja. pnr 050312-1238", contact_details_welcome=True).text == f"ja. pnr {PERSONNUMMER_REMOVED}"


def test_the_normalised_copy_keeps_every_position() -> None:
    text = "8\u20115\u00a0\u200b\uff10 — ok"
    assert len(normalised(text)) == len(text)
    assert normalised(text) == "8-5  0 - ok"


def test_redacting_a_long_hostile_message_stays_fast() -> None:
    import time

    for hostile in ["0 " * 1000, "1-" * 1000, "a" * 1999 + "@", "+0 " * 666, "85 03 12 12 3" * 150]:
        started = time.perf_counter()
        redact(hostile)
        assert time.perf_counter() - started < 0.5, hostile[:20]


def test_the_rest_channel_does_not_import_the_handoff_module_for_redaction() -> None:
    # What is removed is decided in one place (bot/inbound/redaction.py); the channel only asks where a
    # request could reach an office that reads it.
    tree = ast.parse((PROJECT_ROOT / "bot" / "runtime" / "rest_channel.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "bot.inbound.redaction" in imported
    assert not any(module and module.startswith("bot.logic") and module != "bot.logic.offices" for module in imported)


def test_only_one_own_mobile_number_or_address_with_nothing_else_counts_as_giving_ones_own() -> None:
    for own in ("sms 070-123 45 67", "ring mig på +46 70 123 45 67 efter lunch", "mejla mig på sara@exempel.se",
                "jag nås på 0701234567"):
        assert gives_only_contact_details(own), own
    # A landline is an office's or an authority's; two numbers, or someone else's, are not one's own way.
    for other in ("kan jag ringa 08-123 45 67", "numret är 023-828 00", "sms 070-123 45 67 eller 070-765 43 21",
                  "min son har 070-111 22 33", "070-123 45 67 är inte mitt nummer", "ok vänta 070-123 45 67"):
        assert not gives_only_contact_details(other), other
    assert gives_only_contact_details("uppsala, sms 070-123 45 67", frozenset({"uppsala"}))


def test_when_not_to_call_goes_with_giving_ones_number_but_not_calling_at_all_does_not() -> None:
    for own in ("ni kan ringa 070-123 45 67 men helst inte före lunch om det går",
                "ring 070-123 45 67 men inte före kl. 10.30", "sms 070-123 45 67, inte på fredagar",
                "mejla mig på sara@exempel.se, inte efter 18", "ring 070-123 45 67 men inte på lördagar",
                "sms 070-123 45 67 inte på helger", "ring 070-123 45 67, inte på kvällar",
                "070-123 45 67 men inte idag",
                "ring 070-123 45 67 inte före nio"):
        assert gives_only_contact_details(own), own
    for other in ("ring mig inte på 070-123 45 67", "ring inte efter 070-123 45 67", "inte på 070-123 45 67",
                  "ring 070-123 45 67 inte innan 9, min syster svarar"):
        assert not gives_only_contact_details(other), other
