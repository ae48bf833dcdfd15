"""Office answers are built from knowledge records: contact, queue with its date, limits, honesty."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.logic.offices import (
    choose_offices,
    decide_place,
    describe_office,
    mentions_homelessness,
    needs_area,
    no_office,
)
from knowledge.queries import fact, find_municipality, kommun, no_po_report, offices_for
from knowledge.records import Office, PlaceMatch, Queue


def office(**changes: object) -> Office:
    base = dict(
        id="test", name="Personligt ombud Test", lan="Testlän", kommun_codes=("0180",), areas=(), target=None,
        operator_type="kommun", operator_name="Testkommun", phone=None, phone_kind=None, email=None, web=None,
        hours=None, age_min=18, age_max=None, requirements=(), priority_groups=(), queue=None, active=True,
        status_note=None, confidence="high", source="https://example.se/po", extra_sources=(),
        verified=dt.date(2026, 11, 24),
    )
    return Office(**{**base, **changes})  # type: ignore[arg-type]


def responses(says) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [say.response for say in says]


def test_a_clear_place_is_sure_and_a_typo_is_asked_about() -> None:
    assert decide_place(find_municipality("jag bor i Rinkeby")).sure.area == "Järva"  # type: ignore[union-attr]
    unsure = decide_place(find_municipality("Göteborj"))
    assert unsure.sure is None and unsure.options[0].kommun == "Göteborg"
    assert decide_place(find_municipality("Blorpinge")) == decide_place([])


def test_two_places_spelled_almost_alike_are_both_offered() -> None:
    options = decide_place(find_municipality("habo")).options
    assert {m.kommun for m in options} == {"Habo", "Håbo"}


def test_stockholm_without_a_stadsdel_asks_which_part_of_town() -> None:
    stockholm = find_municipality("Stockholm")[0]
    assert needs_area(stockholm, offices_for(stockholm.kommun_code))
    farsta = find_municipality("Farsta")[0]
    assert not needs_area(farsta, offices_for(farsta.kommun_code, farsta.area))


def test_people_in_homelessness_get_the_homelessness_office() -> None:
    assert mentions_homelessness("jag är hemlös och bor i Stockholm")
    assert mentions_homelessness("jag sover ute")
    assert not mentions_homelessness("jag bor i en lägenhet i Stockholm")
    chosen = choose_offices(offices_for("0180", "Järva"), homeless=True)
    assert [o.id for o in chosen] == ["stockholm-omrade-hemloshet"]
    assert [o.id for o in choose_offices(offices_for("0180", "Järva"), homeless=False)] == ["stockholm-jarva"]


def test_a_vaxel_number_is_presented_as_the_kommun_switchboard() -> None:
    says = describe_office(office(phone="010-123 45 67", phone_kind="vaxel"), "Testby")
    vaxel = next(s for s in says if s.response == "utter_office_phone_vaxel")
    assert vaxel.values["phone"] == "010-123 45 67"
    assert "utter_office_phone_po" not in responses(says)


def test_an_office_without_contact_details_says_so() -> None:
    assert "utter_office_no_contact" in responses(describe_office(office(), "Testby"))


def test_queue_information_always_carries_its_date_or_says_it_has_none() -> None:
    dated = describe_office(office(queue=Queue("Det är kö.", dt.date(2024, 12, 31), "rapport")), "Testby")
    assert next(s for s in dated if s.response == "utter_office_queue_dated").values["date"] == "31 december 2024"
    undated = describe_office(office(queue=Queue("Det kan bli kö.", None, "sida")), "Testby")
    assert "utter_office_queue_undated" in responses(undated)
    assert "utter_office_no_queue_info" in responses(describe_office(office(), "Testby"))


@pytest.mark.parametrize(("confidence", "warning"), [("low", "utter_office_uncertain_low"),
                                                     ("medium", "utter_office_uncertain_medium")])
def test_uncertain_offices_are_presented_as_uncertain(confidence: str, warning: str) -> None:
    assert warning in responses(describe_office(office(confidence=confidence), "Testby"))
    assert not any(r and r.startswith("utter_office_uncertain") for r in responses(describe_office(office(), "Testby")))


def test_local_age_limits_and_priorities_are_named() -> None:
    says = describe_office(office(age_min=18, age_max=65, priority_groups=("unga vuxna",)), "Testby")
    assert next(s for s in says if s.response == "utter_office_age").values["age"] == "18–65 år"
    assert "unga vuxna" in next(s for s in says if s.response == "utter_office_priority").values["groups"]


def test_every_office_answer_ends_with_its_source_and_date() -> None:
    last = describe_office(office(), "Testby")[-1]
    assert last.text == "Källa: example.se. Kontrollerat 24 november 2026."


def test_no_known_office_is_said_plainly_with_the_honest_next_step() -> None:
    gotland = kommun("Gotland")
    assert gotland is not None and offices_for(gotland.code) == []
    next_step = fact("po.no_known_office")
    assert next_step is not None
    says = no_office(gotland.name, next_step, no_po_report(gotland.code), [])
    assert responses(says)[:2] == ["utter_no_known_office", "utter_no_po_report"]
    assert next_step.text in [s.text for s in says]
    assert says[-1].text and says[-1].text.startswith("Källor:")


def test_a_typed_place_is_offered_by_its_own_name() -> None:
    from bot.logic.offices import confirm_place, place_label

    rinkeby = PlaceMatch("0180", "Stockholm", "Stockholms län", "Rinkeby", "stadsdel", "Järva", 90.0)
    assert place_label(rinkeby) == "Rinkeby i Stockholm"
    buttons = confirm_place([rinkeby])[0].buttons
    assert buttons[0].payload == '/inform_place{"place": "Rinkeby"}'
    assert buttons[-1].payload == "/inform_place_none"
