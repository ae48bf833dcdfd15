"""The screener understands free answers and explains its outcome; it never decides."""
from __future__ import annotations

import pytest
from builders import make_office

from bot.logic.answers import NO, UNKNOWN, YES
from bot.logic.eligibility import Answers, Outcome, assess, parse_contacts, tells_an_age
from knowledge.records import Office


def test_contacts_combine_authorities_and_care() -> None:
    assert parse_contacts("FK och psykiatrin", ["Försäkringskassan"]) == ["Försäkringskassan", "psykiatrin"]
    assert parse_contacts("ingen", []) == []
    assert parse_contacts("vet inte", []) == UNKNOWN
    assert parse_contacts("blorp", []) is None


def office(age_max: int | None = None, requirements: tuple[str, ...] = ()) -> Office:
    return make_office(age_max=age_max, requirements=requirements)


FITS = Answers(34, YES, YES, ["Försäkringskassan", "psykiatrin"], NO)


def test_clear_answers_seem_to_fit_with_reasons() -> None:
    result = assess(FITS)
    assert result.outcome is Outcome.FITS
    assert {"utter_reason_adult", "utter_reason_hard", "utter_reason_long_term", "utter_reason_several_contacts",
            "utter_reason_not_coordinated"} <= set(result.reasons)


def test_under_18_gets_other_help() -> None:
    result = assess(Answers(17, YES, YES, ["BUP", "skolan"], NO))
    assert result.outcome is Outcome.OTHER_HELP and result.under_18


def test_an_office_age_cap_changes_the_outcome_and_is_named() -> None:
    result = assess(Answers(70, YES, YES, ["Försäkringskassan", "psykiatrin"], NO), office(age_max=65))
    assert result.outcome is Outcome.ASK_THE_OFFICE
    assert result.office_limits == ("Personligt ombud Test tar emot dig som är 18–65 år.",)


def test_dont_know_answers_lead_to_asking_the_office() -> None:
    assert assess(Answers(UNKNOWN, YES, UNKNOWN, UNKNOWN, UNKNOWN)).outcome is Outcome.ASK_THE_OFFICE


def test_short_term_with_one_contact_points_to_other_help() -> None:
    assert assess(Answers(40, YES, NO, ["vårdcentralen"], YES)).outcome is Outcome.OTHER_HELP
    assert assess(Answers(40, NO, YES, ["psykiatrin", "soc"], NO)).outcome is Outcome.OTHER_HELP


def test_the_age_limit_is_the_one_the_knowledge_base_states() -> None:
    from bot.logic.eligibility import ADULT_AGE
    from knowledge.queries import fact

    target_group = fact("po.target_group")
    assert target_group is not None and f"{ADULT_AGE} år eller äldre" in target_group.text


def test_office_requirements_are_named() -> None:
    result = assess(FITS, office(requirements=("Du ska vara folkbokförd i Testby.",)))
    assert "Du ska vara folkbokförd i Testby." in result.office_limits


@pytest.mark.parametrize(("text", "tells"), [
    ("nej förlåt ja ljög ja e 16 egentligen", True),
    ("nej, jag är 15 år", True),
    ("nej", False),
    ("nej jag har varit sjuk i 16 år", False),
    ("nej, ja e 50% sjukskriven", False),
])
def test_a_message_tells_an_age_only_when_the_age_closes_its_clause(text: str, tells: bool) -> None:
    assert tells_an_age(text) is tells
