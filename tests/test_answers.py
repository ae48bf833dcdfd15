"""Free answers to a form's questions, as people write them."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.logic import answers
from bot.logic.answers import NO, UNKNOWN, YES

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(("text", "age"), [
    ("jag är 34", 34), ("34", 34), ("sjutton", 17), ("Arton år", 18), ("tjugofem", 25), ("fyrtiotvå", 42),
    ("runt 50", 50), ("typ 40-45", 40), ("fyller 18 i maj", 17), ("snart 18", 17), ("över 65", 66),
    ("född 1990", 36), ("född -98", 28), ("född 2008", 18), ("jag har 2 barn och är 34", 34), ("34 bast", 34),
    ("vet inte", UNKNOWN), ("vill inte säga", UNKNOWN), ("blorp", None), ("500", None),
])
def test_ages_are_understood_as_people_write_them(text: str, age: object) -> None:
    assert answers.age(text, TODAY) == age


@pytest.mark.parametrize(("text", "answer"), [
    ("ja", YES), ("Ja, verkligen", YES), ("jo", YES), ("typ", YES), ("ibland", YES), ("ja typ", YES),
    ("mm", YES), ("lite", YES), ("nej", NO), ("nä", NO), ("inte alls", NO), ("inte direkt", NO),
    ("inte riktigt", NO), ("knappast", NO), ("vet inte", UNKNOWN), ("vet inte riktigt", UNKNOWN),
    ("kanske", UNKNOWN), ("ingen aning", UNKNOWN), ("nja", UNKNOWN), ("idk", UNKNOWN), ("blorp", None),
])
def test_yes_no_hedges_and_dont_know(text: str, answer: object) -> None:
    assert answers.yes_no(text) == answer


@pytest.mark.parametrize(("text", "confirmed"), [
    ("ja precis, bra gissat", True), ("jepp det är rätt", True), ("ja", True), ("ja inte så bra", False),
    ("stämmer inte", False), ("nej", False), ("ganska bra", False), ("jupp nej", False),
])
def test_a_yes_said_outright_confirms_a_guess(text: str, confirmed: bool) -> None:
    assert answers.confirms(text) is confirmed


def test_fine_after_a_yes_is_still_no_answer_to_whether_daily_life_is_hard() -> None:
    for text in ("jo det går bra", "ja nu är det bra", "ganska bra"):
        assert answers.yes_no(text) is None, text


@pytest.mark.parametrize(("text", "months"), [
    ("typ 5 år", 60), ("i två år", 24), ("ett halvår", 6), ("3 månader", 3), ("sen 2019", 84),
    ("i många år", 60), ("hela livet", 120), ("sedan jag var liten", 120), ("ett par veckor", 0.5),
    ("blorp", None),
])
def test_durations_in_words_and_years(text: str, months: float | None) -> None:
    assert answers.months(text, TODAY) == months


@pytest.mark.parametrize(("text", "answer"), [
    ("typ 5 år, sen ja fick adhd diagnosen", YES), ("sen 2019", YES), ("ett halvår", YES), ("i många år", YES),
    ("2 veckor", NO), ("inte så länge", NO), ("nyss", NO), ("ja", YES), ("vet inte", UNKNOWN), ("blorp", None),
])
def test_has_it_lasted_long(text: str, answer: str | None) -> None:
    assert answers.long_term(text, TODAY) == answer


def test_the_age_of_the_one_written_about() -> None:
    assert answers.their_age("Han är 58, har bipolär sjukdom") == 58
    assert answers.their_age("pappa här, till en dotter på 24 som har adhd") == 24
    assert answers.their_age("min dotter e 22 o har bipolär") == 22
    assert answers.their_age("sonen är 31 och bor själv") == 31
    assert answers.their_age("min syster som är 34 har adhd") == 34
    assert answers.their_age("jag är 50 och min son mår dåligt") is None
    assert answers.their_age("hon är 3 veckor in i sjukskrivningen") is None
    # Durations, counts and shares are not ages.
    for text in ("Han är 3 år sjukskriven", "Hon har ett barn på 3 år och klarar inte vardagen",
                 "min man på 3 år har adhd", "hon är 2 år äldre än mig", "hon är 50% sjukskriven"):
        assert answers.their_age(text) is None, text


@pytest.mark.parametrize(("text", "age"), [
    ("jag är 34 och har kontakt med FK", 34), ("fyller 18 i maj, kan jag få ombud", 17), ("19 år gammal", 19),
    ("jag har mått dåligt i 3 år", None), ("har 2 barn", None),
    ("God dag. Jag är en man på 71 år och undrar om jag är för gammal", 71), ("ja e en tjej på 16", 16),
    # The son's age, not the writer's.
    ("pappa här, till en dotter på 24 som har adhd", None), ("jag är mamma på 3 barn och orkar inte", None),
    ("jag är student på 50 procent", None),
    # Typed the way people text: "ja"/"jg" for jag, "e" for är.
    ("jg e 16 btw, bor hos pappa", 16), ("ja e 17 btw", 17),
    # The subject left out at the start: "hallå e 15 …", "Är 16, får jag …"; not a duration, a share, a time of day,
    # a distance or a question about the age limit.
    ("hallå e 15 kan man få ombud", 15), ("Är 16, får jag ha ombud?", 16), ("e 15 år o mår skit", 15),
    ("okej är 17", 17), ("asså e 16", 16),
    ("är 3 år sjukskriven", None), ("e 2 år sen jag slutade plugga", None), ("är 50 procent sjukskriven", None),
    ("kan ombudet ringa mig imorgon? är 14.30 ok?", None), ("ring mig gärna, är 15 ok?", None),
    ("Är 16 för ungt för ombud?", None), ("Är 18 gränsen?", None), ("är 40 mil till kontoret", None),
    ("är 20 år arbetslös", None),
    # A share beside the age is not the age, and does not hide it.
    ("jag är 16 och har 50% aktivitetsersättning", 16), ("jag är 58 år, 50% sjukskriven", 58),
])
def test_an_age_said_in_passing(text: str, age: int | None) -> None:
    assert answers.stated_age(text) == age


@pytest.mark.parametrize(("text", "age"), [
    ("jag är inte 18", 17), ("inte 18 än", 17), ("jag har 3 barn", None), ("sjuk i 10 år", None),
    ("50 procent", None),
])
def test_numbers_that_are_not_an_age_and_a_negated_age(text: str, age: object) -> None:
    assert answers.age(text, TODAY) == age


@pytest.mark.parametrize(("text", "age"), [
    ("mitt barn fyller 5, kan jag få ombud?", None), ("jag är 3 veckor in i sjukskrivningen", None),
    ("jag är 50 procent sjukskriven", None), ("ja e 50% sjukskriven", None), ("jag är 3 år sjukskriven", None),
    ("ja e 2 år sen jag slutade plugga", None), ("ja e 1 av 3 syskon", None), ("jag e 2 år efter med hyran", None),
])
def test_no_age_is_read_into_other_numbers_in_passing(text: str, age: object) -> None:
    assert answers.stated_age(text) == age


@pytest.mark.parametrize(("text", "answer"), [
    ("stämmer inte", NO), ("det gör det inte", NO), ("ganska bra", None), ("mycket bra", None),
])
def test_a_no_after_the_verb_and_an_answer_that_is_not_a_yes(text: str, answer: object) -> None:
    assert answers.yes_no(text) == answer


def test_less_than_and_number_words_in_durations() -> None:
    assert answers.long_term("under ett halvår", TODAY) == NO
    assert answers.long_term("femton år", TODAY) == YES
    assert answers.months("6 mån", TODAY) == 6


@pytest.mark.parametrize(("text", "age"), [
    ("nej förlåt ja ljög ja e 16 egentligen", 16), ("jag är 45 år, glömde det", 45), ("ja, jag är 52", 52),
    ("ja jag är 3 år sjukskriven", None), ("ja e 50% sjukskriven", None), ("nej ja e 2 st som hjälper mig", None),
    ("ja e 12 timmar om dan hemma", None), ("jag är 4 veckor in i det", None),
])
def test_an_age_corrected_later_is_only_a_number_that_closes_its_clause(text: str, age: int | None) -> None:
    assert answers.corrected_age(text) == age
