"""Office answers are built from knowledge records: one decision, contact, queue with its date, honesty."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import make_office

from bot.logic.offices import (
    decide_office,
    decide_place,
    describe_decision,
    describe_office,
    home_told_earlier,
    mentions_homelessness,
    place_pointed_back_to,
)
from knowledge.queries import fact, find_municipality, kommun, switchboard
from knowledge.records import Kommun, NoPoReport, Office, PlaceMatch, Queue, SourceDate

TESTBY = Kommun("0180", "Testby", "01", "Testlän", (), "https://example.se", None, dt.date(2026, 11, 24))


def office(**changes: object) -> Office:
    return make_office(**changes)


def responses(says) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [say.response for say in says]


def known(name: str) -> Kommun:
    found = kommun(name)
    assert found is not None, name
    return found


def test_a_clear_place_is_sure_and_a_typo_is_asked_about() -> None:
    assert decide_place(find_municipality("jag bor i Rinkeby")).sure.area == "Järva"  # type: ignore[union-attr]
    unsure = decide_place(find_municipality("Göteborj"))
    assert unsure.sure is None and unsure.options[0].kommun == "Göteborg"
    assert decide_place(find_municipality("Blorpinge")) == decide_place([])


def test_a_city_and_its_own_part_name_the_part() -> None:
    sure = decide_place(find_municipality("bor göteborg hisingen")).sure
    assert sure is not None and (sure.kommun, sure.area) == ("Göteborg", "Hisingen")


def test_a_city_and_a_part_inside_a_longer_message_are_offered_not_chosen() -> None:
    for text in ("jag bor i göteborg och skär mig", "jag bor i stockholm men jobbar i kista",
                 "jobbar i kista i stockholm men bor i uppsala", "mamma bor i Rinkeby i Stockholm, jag bor i Malmö",
                 "flyttade från Angered i Göteborg till Borås"):
        assert decide_place(find_municipality(text)).sure is None, text


def test_a_city_and_its_part_said_together_inside_a_question_name_the_part() -> None:
    for text, area in (("Göteborg, Angered. Finns det personliga ombud?", "Nordost"),
                       ("bor på hisingen i gbg, ombud??", "Hisingen"), ("bor i kista, stockholm", "Järva")):
        sure = decide_place(find_municipality(text)).sure
        assert sure is not None and sure.area == area, text


def test_ordinary_words_are_not_taken_for_places() -> None:
    for text in ("jag sätter", "bor på vinden", "jag lever i ångest", "ont i magen", "jag bor i en lägenhet"):
        assert decide_place(find_municipality(text)).sure is None, text
    # "sånna" is a word before it is Sanna in Göteborg: the place named is the one meant.
    sure = decide_place(find_municipality("jag bor i lund, finns det sånna ombud här")).sure
    assert sure is not None and sure.kommun == "Lund"


def test_a_mistyped_name_right_after_a_place_word_is_offered() -> None:
    for text in ("ombud i gävel", "bor i gävel", "bor i sundsvalll",
                 "hej jag bor i götebrog och undrar hur man får ett personligt ombud"):
        decision = decide_place(find_municipality(text))
        assert decision.sure is None and len(decision.options) == 1, text
    # One letter for another after a place word is an everyday word more often than a name.
    for text in ("jag ligger i sängen", "jag har ont i magen", "jag bor i landet", "jag bor borta", "i öster"):
        assert decide_place(find_municipality(text)) == decide_place([]), text


def test_names_with_a_filler_word_in_them_are_still_found_when_mistyped() -> None:
    for text, meant in (("jag bor inom valgraven", "Göteborg"), ("stokholms stad", "Stockholm"),
                        ("jag bor i uppsla stad", "Uppsala")):
        sure = decide_place(find_municipality(text)).sure
        assert sure is not None and sure.kommun == meant, text


def test_the_last_word_of_a_part_of_the_city_is_offered_as_that_part() -> None:
    decision = decide_place(find_municipality("hur kontaktar man PO i Biskopsgården"))
    assert decision.sure is None and [(m.kommun, m.area) for m in decision.options] == [("Göteborg", "Hisingen")]
    assert decide_place(find_municipality("jag bor i centrum")).options == ()


def test_words_that_only_look_a_little_like_a_place_are_not_offered() -> None:
    for text in ("sök en annan kommun", "hur länge får man vänta på ett personligt ombud", "går det att få tolk",
                 "jag vill inte ha nån stämpel på mig", "jag vill testa ombud"):
        assert decide_place(find_municipality(text)) == decide_place([]), text


def test_two_places_spelled_almost_alike_are_both_offered() -> None:
    options = decide_place(find_municipality("habo")).options
    assert {m.kommun for m in options} == {"Habo", "Håbo"}


def test_stockholm_without_a_stadsdel_is_asked_never_guessed() -> None:
    decision = decide_office(known("Stockholm").code)
    assert decision is not None and decision.needs_area and decision.office is None
    assert len(decision.area_choices) > 1 and decision.homeless_choice
    assert responses(describe_decision(decision, fact("po.no_known_office"))) == ["utter_ask_area"]  # type: ignore[arg-type]
    farsta = find_municipality("Farsta")[0]
    chosen = decide_office(farsta.kommun_code, farsta.area)
    assert chosen is not None and chosen.office is not None and farsta.area in chosen.office.areas


def test_people_in_homelessness_get_the_homelessness_office() -> None:
    assert mentions_homelessness("jag är hemlös och bor i Stockholm")
    assert mentions_homelessness("jag sover ute")
    assert not mentions_homelessness("jag bor i en lägenhet i Stockholm")
    for area in ("Järva", None):  # also before the part of the city is known
        homeless = decide_office("0180", area, homeless=True)
        assert homeless is not None and [o.id for o in homeless.offices] == ["stockholm-omrade-hemloshet"]
    housed = decide_office("0180", "Järva", homeless=False)
    assert housed is not None and [o.id for o in housed.offices] == ["stockholm-jarva"]


def test_a_switchboard_is_said_to_be_whose_it_is_and_the_persons_own_follows() -> None:
    arvika, karlstad = known("Arvika"), known("Karlstad")
    decision = decide_office(arvika.code)
    assert decision is not None and decision.office is not None
    varmland = decision.office
    assert varmland.phone_kind == "vaxel" and varmland.phone_owner == karlstad.code
    says = describe_office(varmland, arvika)
    assert says[0].response == "utter_office_intro_phone_vaxel"
    assert says[0].values == {"kommun": "Arvika", "office": varmland.name, "phone": varmland.phone, "owner": "Karlstad"}
    own = switchboard(known("Kil").code)
    assert own is not None
    kil_says = describe_office(varmland, known("Kil"))
    assert next(s for s in kil_says if s.response == "utter_own_switchboard").values["phone"] == own.phone
    # In Karlstad itself the switchboard is the person's own: no second number.
    assert "utter_own_switchboard" not in responses(describe_office(varmland, karlstad))


def test_a_vaxel_number_without_an_owner_is_the_persons_own_kommun() -> None:
    says = describe_office(office(phone="010-123 45 67", phone_kind="vaxel"), TESTBY)
    assert says[0].values["phone"] == "010-123 45 67" and says[0].values["owner"] == "Testby"
    assert "utter_office_intro_phone_po" not in responses(says)


def test_the_first_message_names_the_office_and_the_number_to_ring() -> None:
    """ "finns det ombud i X?" is answered in one message: which office, and how to reach it."""
    own_line = describe_office(office(name="PO Testby", phone="010-111 22 33", phone_kind="po",
                                      target="personer utan bostad"), TESTBY)
    assert own_line[0].response == "utter_office_intro_phone_po"
    assert own_line[0].values == {"kommun": "Testby", "office": "PO Testby", "phone": "010-111 22 33"}
    assert own_line[1].response == "utter_office_target"
    no_phone = describe_office(office(name="PO Testby", phone=None, email="po@testby.se"), TESTBY)
    assert responses(no_phone)[:2] == ["utter_office_intro", "utter_office_email"]


def test_sources_that_disagree_are_both_said(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped data has its conflicts resolved (issue 15), so the disagreement is made up here.
    report = NoPoReport(TESTBY.code, "Testby fanns med på en lista.", "https://example.se/lista",
                        SourceDate(2023, 10, 5), dt.date(2026, 12, 1), None)
    monkeypatch.setattr("bot.logic.offices.no_po_report", lambda code, engine=None: report)
    says = describe_office(office(), TESTBY)
    disagree = next(s for s in says if s.response == "utter_sources_disagree")
    assert disagree.values["kommun"] == "Testby" and "2023" in disagree.values["date"]


def test_an_office_without_contact_details_says_so() -> None:
    assert "utter_office_no_contact" in responses(describe_office(office(), TESTBY))


def test_queue_information_always_carries_its_date_or_says_it_has_none() -> None:
    dated = describe_office(office(queue=Queue("Det är kö.", SourceDate(2024, 12, 31), "rapport")), TESTBY)
    assert next(s for s in dated if s.response == "utter_office_queue_dated").values["date"] == "december 2024"
    undated = describe_office(office(queue=Queue("Det kan bli kö.", None, "sida")), TESTBY)
    assert "utter_office_queue_undated" in responses(undated)
    assert "utter_office_no_queue_info" in responses(describe_office(office(), TESTBY))


@pytest.mark.parametrize(("confidence", "warning"), [("low", "utter_office_uncertain_low"),
                                                     ("medium", "utter_office_uncertain_medium")])
def test_uncertain_offices_are_presented_as_uncertain(confidence: str, warning: str) -> None:
    assert warning in responses(describe_office(office(confidence=confidence), TESTBY))
    assert not any(r and r.startswith("utter_office_uncertain") for r in responses(describe_office(office(), TESTBY)))


def test_local_age_limits_and_priorities_are_named() -> None:
    says = describe_office(office(age_min=18, age_max=65, priority_groups=("unga vuxna",)), TESTBY)
    assert next(s for s in says if s.response == "utter_office_age").values["age"] == "18–65 år"
    assert "unga vuxna" in next(s for s in says if s.response == "utter_office_priority").values["groups"]


def test_every_office_answer_ends_with_its_source_and_the_sources_own_date() -> None:
    assert describe_office(office(), TESTBY)[-1].text == "Källa: example.se. Uppgift från mars 2019."
    undated = describe_office(office(source_date=None), TESTBY)[-1].text
    assert undated == "Källa: example.se. Källan har inget datum."
    assert "Kontroll" not in (undated or "")  # the day someone looked is not the age of the fact


def test_no_known_office_is_said_plainly_with_the_honest_next_step() -> None:
    gotland = known("Gotland")
    decision = decide_office(gotland.code)
    assert decision is not None and decision.none_known
    next_step = fact("po.no_known_office")
    assert next_step is not None
    says = describe_decision(decision, next_step)
    assert responses(says)[:2] == ["utter_no_known_office", "utter_no_po_report"]
    texts = [s.text or "" for s in says]
    assert next_step.text in texts
    # Without an ombud there is still other support to ask the kommun for, named after the next step.
    other = next(i for i, text in enumerate(texts) if "boendestöd" in text)
    assert other > texts.index(next_step.text)
    assert says[-1].text and says[-1].text.startswith("Källor:")


def test_where_no_office_is_known_the_first_message_says_whom_to_ask_and_the_number_comes_before_other_help() -> None:
    place = known("Jönköping")
    decision = decide_office(place.code)
    own = switchboard(place.code)
    next_step = fact("po.no_known_office")
    assert decision is not None and decision.none_known and own is not None and next_step is not None
    says = describe_decision(decision, next_step)
    assert says[0].response == "utter_no_known_office" and says[0].values == {"kommun": "Jönköping"}
    order = responses(says)
    texts = [s.text or "" for s in says]
    other = next(i for i, text in enumerate(texts) if "boendestöd" in text)
    assert texts.index(next_step.text) < order.index("utter_own_switchboard") < other


def test_a_typed_place_is_offered_by_its_own_name() -> None:
    from bot.logic.offices import confirm_place, place_label

    rinkeby = PlaceMatch("0180", "Stockholm", "Stockholms län", "Rinkeby", "stadsdel", "Järva", 90.0)
    assert place_label(rinkeby) == "Rinkeby i Stockholm"
    buttons = confirm_place([rinkeby])[0].buttons
    assert buttons[0].payload == '/inform_place{"place": "Rinkeby"}'
    assert buttons[-1].payload == "/inform_place_none"


def test_places_as_people_type_them_are_found_and_ordinary_words_are_not_taken_for_places() -> None:
    """200 messages written for this from personas by someone who never saw the place data or the code
    (2026-12-03): 120 naming a place (58 mistyped), 80 naming none. Measured then: 115/120 found (62
    sure, 53 offered), none wrongly sure, 0/80 offered a place; before the change that day 114, 0, 9/80.
    The request named a few everyday words to use (länge, går det, nästa, testa), which the list of
    everyday near-names covers: the 0/80 partly measures that list."""
    rows = json.loads((Path(__file__).parent / "data" / "places_from_personas.json").read_text(encoding="utf-8"))
    found = wrong = offered_without_a_place = 0
    for row in rows:
        decision = decide_place(find_municipality(row["text"]))
        if row["place"] is None:
            offered_without_a_place += decision.sure is not None or bool(decision.options)
        elif decision.sure is not None:
            found += decision.sure.kommun == row["place"]
            wrong += decision.sure.kommun != row["place"]
        else:
            found += any(option.kommun == row["place"] for option in decision.options)
    assert wrong == 0
    assert found >= 112
    assert offered_without_a_place <= 2


def test_there_points_back_to_the_place_the_message_before_named() -> None:
    found = place_pointed_back_to("har dom nåt ombud där också", ["behöver budgetrådgivning i Karlskoga"])
    assert found is not None and found.kommun == "Karlskoga"
    assert place_pointed_back_to("och ombud?", ["behöver budgetrådgivning i Karlskoga"]) is None
    assert place_pointed_back_to("finns det ombud där", []) is None
    # A home of one's own, or "där jag bor", is not the place named before.
    for text in ("finns det nåt ombud där jag bor", "bor i Hunnebostrand, finns ombud där?", "så där ja"):
        assert place_pointed_back_to(text, ["behöver budgetrådgivning i Karlskoga"]) is None, text


def test_the_writers_own_home_told_earlier_is_found_and_someone_elses_is_not() -> None:
    found = home_told_earlier(["vad kostar det", "hej, bor i Karlskoga och har det tufft"])
    assert found is not None and found.kommun == "Karlskoga"
    assert home_told_earlier(["farsan bor sen länge i Karlskoga"]) is None
    assert home_told_earlier(["arbetar i Karlskoga sen i våras"]) is None
    for text in ("jag bor inte kvar i Karlskoga", "om jag bor i Karlskoga, vad gäller?", "bor du själv i Karlskoga?",
                 "bor på gatan nu, bodde i Karlskoga förr"):
        assert home_told_earlier([text]) is None, text
