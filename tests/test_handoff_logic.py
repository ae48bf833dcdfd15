"""The contact request's text and the reading of free answers, before anything is stored."""
from __future__ import annotations

import pytest

from bot.inbound.redaction import redact, redact_personnummer
from bot.logic import handoff as h
from bot.logic.handoff import (
    CHANGE_WHAT,
    CONFIRM,
    CONTACT_METHOD,
    CONTACT_TIME,
    CONTACT_VALUE,
    FLAGS,
    NAME,
    OMBUD_WISH,
    OWN_WORDS,
    PERSON_AGREES,
    PLACE,
    QUESTIONS,
    SHARE_TRANSCRIPT,
    NotSent,
    Request,
    move_on,
    needs_from,
    office_flags,
    questions,
    questions_left,
    read_answer,
    read_place,
    still_to_ask,
    summary_text,
    why_not_sent,
)
from bot.logic.handoff_answers import (
    EMAIL,
    PHONE,
    SKIPPED,
    contact_in,
    is_only_skip,
    means_yes,
    offers_own_contact,
    parse_approval,
    parse_contact_method,
    parse_contact_time,
    parse_email,
    parse_flags,
    parse_ombud_wish,
    parse_phone,
)
from bot.logic.offices import receiving_office
from casework.handoffs import ContactRequest, request_lines


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


def test_a_phone_number_is_read_as_the_chat_reads_it_after_asking_for_one() -> None:
    assert parse_phone("0503121238") == "0503121238"  # ten digits from 0, typed together: a phone number
    assert parse_phone("050312-1238") is None  # date-hyphen-four: a personnummer (born 2005)


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
    # The half of the day ruled out leaves the other one.
    assert parse_contact_time("inte på förmiddagen") == "afternoon"
    assert parse_contact_time("men kanske inte innan lunch om det går") == "afternoon"
    assert parse_contact_time("efter kl 15 helst") == "afternoon" and parse_contact_time("innan lunch") == "forenoon"
    assert parse_contact_time("inte på förmiddagen, helst eftermiddag") == "afternoon"


# The form's decisions (issue 13) ----------------------------------------------------------------------
STOCKHOLM_GROUPS = ("unga vuxna", "personer som riskerar att bli vräkta",
                    "personer som inte har kontakt med andra myndigheter", "familjer med barn under 18 år")
SUNDSVALL_GROUPS = ("ensamstående med barn", "unga vuxna 18–25 år",
                    "personer som inte har stöd från socialtjänsten eller psykiatrin")


def request(answers: dict[str, str | None] | None = None, **known: object) -> Request:
    return Request(answers=answers or {}, **{"office_id": "uppsala", **known})  # type: ignore[arg-type]


def test_the_priority_facts_asked_are_those_the_office_names() -> None:
    assert office_flags(STOCKHOLM_GROUPS) == ("children", "losing_home", "no_other_contact", "young_adult")
    assert office_flags(SUNDSVALL_GROUPS) == ("children", "no_other_contact", "young_adult")
    assert office_flags(("kvinnor i akut hemlöshet",)) == ()
    assert office_flags(()) == ()


def test_only_the_questions_that_office_and_channel_need() -> None:
    # A way to reach the person and a yes to the whole request are all a request needs.
    assert questions(request()) == [CONTACT_METHOD, CONTACT_VALUE, CONFIRM]
    assert questions(request({CONTACT_METHOD: "email"})) == [CONTACT_METHOD, CONTACT_VALUE, CONFIRM]
    assert questions(request({CONTACT_METHOD: "self"})) == [CONTACT_METHOD, CONFIRM]
    # "Ändra" asks what; the chosen part comes back before the request is shown again.
    assert questions(request({CONFIRM: "change"})) == [CONTACT_METHOD, CONTACT_VALUE, CONFIRM, CHANGE_WHAT]
    assert questions(request({CHANGE_WHAT: "text"})) == [CONTACT_METHOD, CONTACT_VALUE, OWN_WORDS, CONFIRM]
    more = {CHANGE_WHAT: "more", CONTACT_METHOD: "phone"}
    assert questions(request(more)) == [CONTACT_METHOD, CONTACT_VALUE, CONTACT_TIME, NAME, SHARE_TRANSCRIPT, CONFIRM]
    assert questions(request({**more, CONTACT_METHOD: "email"}))[2:] == [NAME, SHARE_TRANSCRIPT, CONFIRM]
    assert questions(request({**more, CONTACT_METHOD: "self"}))[1:] == [SHARE_TRANSCRIPT, CONFIRM]
    sundsvall = questions(request(more, priority_groups=SUNDSVALL_GROUPS))
    assert sundsvall[-4:] == [OMBUD_WISH, FLAGS, SHARE_TRANSCRIPT, CONFIRM]
    assert FLAGS not in questions(request(more, priority_groups=("kvinnor i akut hemlöshet",)))
    assert questions(request(office_reads_requests=False)) == []
    assert questions(request(office_id=None))[0] == PLACE
    assert questions(request({PLACE: SKIPPED}, office_id=None)) == [PLACE]
    assert questions(request({PERSON_AGREES: "not_sure"}, relative=True)) == [PERSON_AGREES]


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_second_unclear_answer_always_moves_on(question: str) -> None:
    before = request({PERSON_AGREES: None}, relative=question == PERSON_AGREES,
                     office_id=None if question == PLACE else "uppsala", priority_groups=STOCKHOLM_GROUPS)
    typical = {CONTACT_METHOD: "phone", CONTACT_VALUE: "070-123 45 67", CONTACT_TIME: "any",
               NAME: "Sara", OMBUD_WISH: SKIPPED, FLAGS: SKIPPED, SHARE_TRANSCRIPT: "no"}
    answered = {q: typical[q] for q in QUESTIONS[:QUESTIONS.index(question)] if q in typical}
    if question == OWN_WORDS:
        answered[CHANGE_WHAT] = "text"
    elif question in h.MORE_QUESTIONS:
        answered[CHANGE_WHAT] = "more"
    elif question == CHANGE_WHAT:
        answered[CONFIRM] = "change"
    state = Request({**answered, **before.answers}, before.relative, before.office_id, True, before.priority_groups)
    assert still_to_ask(state)[0] == question
    moved = move_on(question)
    after = Request({**state.answers, **moved.values}, state.relative, state.office_id, True, state.priority_groups)
    assert question not in still_to_ask(after)[:1]


def test_why_nothing_was_sent() -> None:
    sent = {CONFIRM: "yes"}
    assert why_not_sent(request(sent)) is None
    assert why_not_sent(request({**sent, PERSON_AGREES: "not_sure"}, relative=True)) is NotSent.NOT_THE_PERSONS_WISH
    assert why_not_sent(request({PLACE: SKIPPED}, office_id=None)) is NotSent.NO_PLACE
    assert why_not_sent(request({PLACE: "Arjeplog"}, office_id=None)) is NotSent.NO_OFFICE
    assert why_not_sent(request(office_id=None)) is NotSent.CANCELLED
    assert why_not_sent(request(sent, office_reads_requests=False)) is NotSent.NO_INBOX
    assert why_not_sent(request({**sent, CONFIRM: "unclear"})) is NotSent.NOT_APPROVED
    assert why_not_sent(request({CONFIRM: "no"})) is NotSent.CANCELLED
    assert why_not_sent(request({CONFIRM: "change"})) is NotSent.CANCELLED  # stopped while changing it


def test_a_bare_yes_to_a_question_with_choices_asks_which() -> None:
    for question in (CONTACT_METHOD, OMBUD_WISH, FLAGS):
        reading = read_answer(question, "ja", request())
        assert reading.which and not reading.understood
    assert not read_answer(CONTACT_TIME, "ja", request()).which
    assert read_answer(CONTACT_METHOD, "ja, mejla mig", request()).values == {CONTACT_METHOD: "email"}
    assert read_answer(CONTACT_METHOD, "ring mig på eftermiddagen", request()).values == {
        CONTACT_METHOD: "phone", CONTACT_TIME: "afternoon"}


def test_a_skip_is_the_whole_answer_only_for_free_text() -> None:
    for typed in ("hoppa över", "Vet inte.", "nej tack", "jag vill inte svara", "hoppa över den frågan"):
        assert is_only_skip(typed), typed
    for typed in ("Jag vet inte hur jag söker bostadsbidrag", "Inger", "inget funkar med FK"):
        assert not is_only_skip(typed), typed
    assert means_yes("ja") and means_yes("Okej") and not means_yes("nej")


def test_the_count_of_questions_left_is_said_only_when_it_means_something() -> None:
    assert questions_left(request(), None) == "3 frågor kvar."
    assert questions_left(request({CONTACT_METHOD: "self"}), CONTACT_METHOD) == "Sista frågan."
    assert questions_left(request(), CONTACT_METHOD) is None  # the same question again
    assert questions_left(request(office_id=None), None) is None  # the count depends on the office
    rewriting = {CHANGE_WHAT: "text", CONTACT_METHOD: "self"}
    assert questions_left(request(rewriting), CHANGE_WHAT) is None  # rewriting the text
    assert questions_left(request({**rewriting, OWN_WORDS: SKIPPED}), OWN_WORDS) is None


def test_the_time_is_shown_only_for_a_phone_call() -> None:
    by_email = ContactRequest(office_id="uppsala", kommun_code="0380", summary="Text.", contact_method="email",
                              contact_value="sara@exempel.se", contact_time="any", name=None, ombud_wish=None,
                              flags=(), on_behalf=False, transcript=None)
    assert not any(line.startswith("När:") for line in request_lines(by_email, "Uppsala", False))


def test_the_place_answer_finds_the_office_or_asks_back() -> None:
    stockholm = read_place("Stockholm", None, False)
    assert not stockholm.values and stockholm.city == "0180"
    assert [say.response for say in stockholm.ask_back] == ["utter_handoff_which_part", "utter_ask_area"]
    # The choice for people without a home, tapped when the part of town is asked, is read in that city.
    homeless = read_place("jag har ingen bostad", stockholm.city, False)
    assert homeless.values["handoff_office"] == "stockholm-omrade-hemloshet" and homeless.values["homeless"] is True
    assert read_place("Farsta", None, False).values["handoff_office"] == "stockholm-soderort"
    assert read_place("vet inte", None, False).values == {PLACE: SKIPPED}
    unknown = read_place("blorp qwx", None, False)
    assert not unknown.values and [s.response for s in unknown.ask_back] == ["utter_place_not_found",
                                                                             "utter_explain_handoff_place"]


@pytest.mark.parametrize(("text", "meaning"), [
    ("ja", "yes"), ("ja skicka", "yes"), ("skicka inte", "no"), ("absolut inte", "no"), ("gärna inte", "no"),
    ("ok men skicka inte", "no"), ("ok vänta", None), ("jo men nej", None), ("ändra texten", "change"),
])
def test_a_yes_that_is_held_back_never_sends_anything(text: str, meaning: str | None) -> None:
    from bot.logic.handoff_answers import parse_approval

    assert parse_approval(text) == meaning


def test_a_way_the_person_does_not_want_is_not_chosen() -> None:
    from bot.logic.handoff_answers import parse_contact_method

    assert parse_contact_method("nej ring inte") is None
    assert parse_contact_method("ring inte, mejla") == "email"


def test_a_number_or_address_inside_a_sentence_is_found() -> None:
    assert contact_in("ni kan ringa 070-174 06 33, men inte innan lunch") == (PHONE, "070-174 06 33")
    assert contact_in("mejla mig på kim.k@example.com.") == (EMAIL, "kim.k@example.com")
    assert contact_in("+46 70 174 06 12 funkar") == (PHONE, "+46 70 174 06 12")
    assert contact_in("jag är 24 och bor i Umeå") is None
    assert contact_in("mitt personnummer är 19850101-1234") is None  # never taken for a phone number


def test_only_the_persons_own_mobile_or_address_asks_to_be_contacted() -> None:
    assert offers_own_contact("sms 070-174 06 77")
    assert offers_own_contact("De får mejla, inte ringa: maria.e@example.com")
    assert not offers_own_contact("jag har ringt 0771-524 524 sju gånger")  # an authority's number
    assert not offers_own_contact("ring 112")


def test_a_number_the_chat_removed_still_tells_that_the_person_wants_contact() -> None:
    removed = redact("sms mig på 070-174 06 77 efter tre").text
    assert "070" not in removed
    assert offers_own_contact(removed) and contact_in(removed) is None


def test_the_way_to_reach_and_when_are_read_from_a_message_that_gives_them() -> None:
    assert h.contact_given("falun. helst sms 070-174 06 91") == {CONTACT_METHOD: "phone",
                                                                 CONTACT_VALUE: "070-174 06 91"}
    assert h.contact_given("ni kan ringa 070-174 06 33, men kanske inte innan lunch")[CONTACT_TIME] == "afternoon"
    assert h.contact_given("mejla mig på jessica.k@example.com") == {CONTACT_METHOD: "email",
                                                                     CONTACT_VALUE: "jessica.k@example.com"}
    assert h.contact_given("jag bor i Falun") == {}
    # Taken before the form started, the way is validated again when it starts: it must stay.
    assert read_answer(CONTACT_METHOD, "phone", request()).values == {CONTACT_METHOD: "phone"}


def test_a_number_typed_to_the_whole_request_replaces_the_way_and_shows_it_again() -> None:
    known = request({CONTACT_METHOD: "email", CONTACT_VALUE: "sara@exempel.se"})
    reading = read_answer(CONFIRM, "070-174 06 12, efter kl 15 helst", known)
    assert reading.values == {CONTACT_METHOD: "phone", CONTACT_VALUE: "070-174 06 12", CONTACT_TIME: "afternoon",
                              CONFIRM: None}
    assert [say.text for say in reading.says] == [
        "Tack. Om du skickar förfrågan kan ombudet ringa dig på 070-174 06 12."]
    rather = read_answer(CONFIRM, "mejla hellre, sara@exempel.se", request({CONTACT_METHOD: "phone"})).values
    assert rather[CONTACT_METHOD] == "email" and rather[CONTACT_VALUE] == "sara@exempel.se"
    # A yes with a new number is not a yes to send: the request is shown again with the new number.
    both = read_answer(CONFIRM, "ja, mejla mig på sara@exempel.se", known).values
    assert both == {CONTACT_TIME: None, CONTACT_METHOD: "email", CONTACT_VALUE: "sara@exempel.se", CONFIRM: None}


def test_a_number_at_the_whole_request_is_not_taken_when_it_is_someone_elses_or_held_back() -> None:
    # A number the person does not give as their own way never sends and is never taken: asked again.
    for text in ("ja. FK har 0771-524 524", "nej, ring min syster 070-111 22 33",
                 "Min handläggare Eva nås på eva.svensson@forsakringskassan.se", "ja, sambon nås på 070-123 45 67",
                 "ok vänta, 070-123 45 67", "070-123 45 67 är inte mitt nummer", "stopp 070-123 45 67",
                 "ja men ring 070-765 43 21", "ja skicka 08-123 456 78"):
        assert read_answer(CONFIRM, text, request()).values == {}, text
    # The chat removed a number: the way to reach is asked again, and the person hears why.
    removed = read_answer(CONFIRM, f"ja {h.PHONE_REMOVED}", request())
    assert removed.values[CONTACT_METHOD] is None and removed.values[CONFIRM] is None
    assert [say.response for say in removed.says] == ["utter_contact_details_removed"]
    # Other questions keep their own reading: own words go to the ombud as written, a name stays a name.
    own = read_answer(OWN_WORDS, "Min kontaktperson på soc har 073-555 12 34", request()).values
    assert CONTACT_VALUE not in own
    assert read_answer(NAME, "Sara 070-174 06 12", request()).values == {NAME: "Sara 070-174 06 12"}


@pytest.mark.parametrize("text", ["ja men kolla först", "ja sen", "ja senare", "ja imorgon", "ja om en stund",
                                  "ja men jag ångrar mig", "ja men vänta", "ok vänta", "jo men nej",
                                  "ja nä förresten", "yes no", "ja skicka int", "ja kanske", "ja tror det", "ja sek",
                                  "ok i morrn", "ja har andrat mej", "ja avbryt", "ok glöm det", "ja?",
                                  "ja, vad kostar det", "ja jag har flyttat"])
def test_a_qualified_yes_never_sends(text: str) -> None:
    assert read_answer(CONFIRM, text, request()).values.get(CONFIRM) != "yes"


@pytest.mark.parametrize(("text", "part"), [
    ("ja men fel nummer", "contact"), ("nej, fel nummer", "contact"), ("byt nummer", "contact"),
    ("mejla istället", "contact"), ("andra numret", "contact"), ("ja fast texten är fel", "text"),
    ("ja men lägg till namn", "more"), ("lagg till namn", "more"), ("lägg till", "more"),
])
def test_a_change_named_at_the_whole_request_goes_straight_to_it(text: str, part: str) -> None:
    reading = read_answer(CONFIRM, text, request())
    assert reading.values[CHANGE_WHAT] == part and reading.values[CONFIRM] is None


@pytest.mark.parametrize("text", ["ja", "ja skicka", "ja!!", "japp", "jaa", "jepp", "oki", "yes", "Ja, skicka",
                                  "Ja, det stämmer.", "ja det stämmer skicka", "Ja, skicka den nu tack",
                                  "visst, skicka iväg den", "ja det får du", "yes, go ahead", "yes, please do that"])
def test_a_plain_yes_sends(text: str) -> None:
    assert read_answer(CONFIRM, text, request()).values == {CONFIRM: "yes"}


def test_a_question_about_a_part_of_the_request_changes_nothing() -> None:
    for asked in ("men vänta, vilka kan läsa numret sen?", "vem ser texten jag skrev?", "stämmer numret nu?",
                  "kommer jag få ett sms sen?", "nej vänta, vem läser texten"):
        reading = read_answer(CONFIRM, asked, request())
        assert not reading.understood and CHANGE_WHAT not in reading.values, asked
    # A question that asks for the change still is one.
    for asked, part in (("kan jag byta numret?", "contact"), ("går det att ändra texten?", "text"),
                        # Asked to take the way away, or to use another: it is asked again, never sent as it stands.
                        ("går det att radera mitt nummer ur den?", "contact"),
                        ("behöver ni verkligen numret? stryk det", "contact"),
                        ("kan ni hellre sms:a?", "contact"), ("måste ombudet ha min mejl?", "contact"),
                        ("nej, smsa mig i stället", "contact")):
        assert read_answer(CONFIRM, asked, request()).values[CHANGE_WHAT] == part, asked


def test_a_change_names_its_part_or_is_asked_for() -> None:
    assert read_answer(CONFIRM, "ändra", request()).values == {CONFIRM: "change", CHANGE_WHAT: None}
    straight = read_answer(CONFIRM, "jag vill ändra texten", request()).values
    assert straight[CHANGE_WHAT] == "text" and straight[OWN_WORDS] is None and straight[CONFIRM] is None
    for typed, part in (("texten", "text"), ("kontaktsätt", "contact"), ("numret är fel", "contact"),
                        ("lägg till mer", "more"), ("mitt namn", "more"), ("tiden", "more")):
        assert read_answer(CHANGE_WHAT, typed, request()).values[CHANGE_WHAT] == part, typed
    new_number = read_answer(CHANGE_WHAT, "nytt nummer 070-174 06 12", request()).values
    assert new_number[CONTACT_VALUE] == "070-174 06 12" and new_number[CONFIRM] is None
    for typed in ("nej, fel nummer", "inget, bara numret"):
        assert read_answer(CHANGE_WHAT, typed, request()).values[CHANGE_WHAT] == "contact", typed
    for typed in ("inget", "ingenting", "inte mer", "nej"):
        nothing = read_answer(CHANGE_WHAT, typed, request())
        assert nothing.values == {CONFIRM: None}, typed
        assert [s.response for s in nothing.says] == ["utter_handoff_nothing_changed"]
    # Distress is never read as a choice; nor is someone else's number.
    for typed in ("hmm", "jag kan inte mer", "jag vill inte mer"):
        assert not read_answer(CHANGE_WHAT, typed, request()).understood, typed
    assert read_answer(CHANGE_WHAT, "ring 0771-524 524", request()).values[CONTACT_VALUE] is None  # asked again
    # Changing the way to reach clears it, and it is asked again.
    contact = read_answer(CHANGE_WHAT, "kontaktsätt", request({CONTACT_METHOD: "phone", CONTACT_VALUE: "070-1"}))
    assert contact.values[CONTACT_METHOD] is None and contact.values[CONTACT_VALUE] is None


def test_the_way_to_reach_is_read_from_the_message_that_asks_for_contact() -> None:
    assert h.contact_asked_for("kan nån ringa mig") == {CONTACT_METHOD: "phone"}
    assert h.contact_asked_for("sms:a mig efter lunch") == {CONTACT_METHOD: "phone", CONTACT_TIME: "afternoon"}
    assert h.contact_asked_for("mejla mig hellre") == {CONTACT_METHOD: "email"}
    assert h.contact_asked_for("ring mig på 070-174 06 12")[CONTACT_VALUE] == "070-174 06 12"
    # Not a way asked for: a call made, a way refused, two ways named, someone else who calls.
    for typed in ("jag har ringt FK sju gånger", "ring inte mig", "bara sms eller mejl",
                  "jag vill prata med ett ombud", "ring mig inte", "jag vill inte att ni ringer mig",
                  "ring mig inte, mejla mig", "mejla mig inte", "ring eller mejla mig",
                  "försäkringskassan ringer mig hela tiden", "min handläggare ringer mig inte tillbaka"):
        assert h.contact_asked_for(typed) == {}, typed


def test_the_place_and_the_way_to_reach_in_one_answer() -> None:
    falun = read_place("falun. helst sms 070-174 06 91", None, False)
    assert falun.values[PLACE] == "Falun"
    assert falun.values[CONTACT_METHOD] == "phone" and falun.values[CONTACT_VALUE] == "070-174 06 91"
    assert CONTACT_METHOD not in read_place("Jag bor i Halmstad.", None, False).values
    # Only the person's own mobile or address, with nothing but the place and words that go with it.
    for typed in ("falun 0771-524 524", "bor i falun, jag har ringt 0771-524 524", "falun kommun 023-83000",
                  "falun, hon nås på 070-174 06 91", f"ludvika. inte ring {h.PHONE_REMOVED}"):
        assert CONTACT_METHOD not in read_place(typed, None, False).values, typed
    # No office where the number could go: none is kept.
    assert receiving_office("Kiruna ring mig 070-174 06 91") is None
    assert receiving_office("stockholm, ring mig på 070-174 06 91") is None  # which part of town, first
    assert receiving_office("uppsala, sms 070-174 06 91").id == "uppsala"


def test_where_the_chat_removed_the_number_the_way_and_the_time_are_still_kept() -> None:
    removed = redact("sms 070-174 06 77 efter kl 15").text
    assert h.contact_given(removed) == {CONTACT_METHOD: "phone", CONTACT_TIME: "afternoon"}
    assert h.contact_given(redact("mejla mig på sara@exempel.se").text) == {CONTACT_METHOD: "email"}
