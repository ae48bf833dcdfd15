"""A plain answer to a form question is never taken for a crisis message the classifier alone suspected,
and no crisis message the bot was trained on would count as one."""
from __future__ import annotations

from builders import crisis_training_examples

from bot.logic.crisis.form_answers import answers_the_form, is_plain_answer, readers


def test_no_crisis_training_message_reads_as_a_plain_answer_to_any_question() -> None:
    examples = crisis_training_examples()
    assert len(examples) > 500
    plain = [(asked, text) for text in examples for asked in readers() if is_plain_answer(asked, text)]
    assert plain == []


def test_the_answers_people_give_are_plain() -> None:
    assert is_plain_answer("screen_age", "Jag är 51 år.")
    assert is_plain_answer("screen_age", "24")
    assert is_plain_answer("screen_age", "runt 50 år")
    assert is_plain_answer("screen_age", "fyller 18 i maj")
    assert is_plain_answer("screen_age", "bruh. 24") and is_plain_answer("screen_hard", "ja lol")
    assert is_plain_answer("screen_hard", "ibland")
    assert is_plain_answer("handoff_place", "jag bor i Kungsbacka")
    assert is_plain_answer("handoff_contact_value", "sms 070-174 06 77")
    assert is_plain_answer("handoff_confirm", "ja skicka")
    assert is_plain_answer("handoff_ombud_wish", "spelar ingen roll")
    assert is_plain_answer("handoff_ombud_wish", "helst en kvinna")
    assert is_plain_answer("handoff_contact_time", "förmiddag")
    assert is_plain_answer("handoff_share_transcript", "nej")


def test_how_long_is_answered_in_years_months_or_the_year_it_began_never_in_days_or_for_ever() -> None:
    for text in ("sen 2017 ungefär", "i flera år", "ett halvår", "typ fyra år", "nej", "ett par år",
                 # "Länge" answers "Har det varat länge?"; a duration may come in parts, each one a duration.
                 "Jättelänge", "väldigt länge.", "Många år. Sen 2012 typ", "jätte länge, typ sju år"):
        assert is_plain_answer("screen_long_term", text), text
    for text in ("fem dagar till", "för alltid nu", "sen i morse", "har inte sovit på tre nätter",
                 "bara några månader kvar", "ett år till sen slut", "flera år, snart över", "ja, fast snart slut",
                 "har en månad", "har ett halvår tror jag", "länge. alldeles för länge", "länge, två år kvar",
                 "i tio år. nu är det slut", "länge 🗡️", "tre år 😵", "så länge.", "länge, länge, länge",
                 "nej, ja", "nej. länge"):
        assert not is_plain_answer("screen_long_term", text), text


def test_long_or_unreadable_or_free_answers_are_not_plain() -> None:
    assert not is_plain_answer("screen_age", "har tagit 30 alvedon")
    assert not is_plain_answer("screen_age", "typ 20 i magen")
    # An age with more said after it is not only an age.
    assert is_plain_answer("screen_age", "e 17") and is_plain_answer("screen_age", "jag e 17 faktiskt")
    for text in ("51 år gammal", "jag fyller 18 i maj", "e en tjej på 16", "45 bast"):
        assert is_plain_answer("screen_age", text), text
    assert not is_plain_answer("screen_age", "jag är 14, han slår mig")
    # Words that add nothing never make a longer message short enough to pass.
    assert not is_plain_answer("screen_hard", "ja asså, inget spelar roll lol")
    assert not is_plain_answer("screen_hard", "ja det är svårt, allt känns mörkt och tungt nu")
    assert not is_plain_answer("handoff_place", "jag skär mig")
    assert not is_plain_answer("handoff_name", "Kim")
    assert not is_plain_answer("handoff_contact_time", "ingen orkar med mig")
    assert not is_plain_answer("handoff_ombud_wish", "ingen bryr sig")
    assert not is_plain_answer(None, "ja")


def test_an_answer_read_as_another_topic_answers_the_form_unless_it_asks_something() -> None:
    assert answers_the_form("screen_hard", "typ ja, hyran och maten går inte ihop för mig")
    assert answers_the_form("screen_age", "ja 63 år")
    # "ja" is often "jag" typed short, and a no may start another matter: without a comma, the first word is not
    # taken for the answer ("ja har en fråga om fk", "nej jag har inga pengar till mat").
    assert not answers_the_form("screen_coordinated", "ja har fått ett brev som jag inte fattar")
    # A yes or no with a question after it is the question, with or without its question mark.
    for text, asked in (("ja vad kostar det egentligen", "screen_hard"),
                        ("ja. kan nån från er ringa upp mig på fredag", "screen_coordinated"),
                        ("nej, vad menas med samordnade", "screen_coordinated"),
                        ("ja men vem läser den", "handoff_share_transcript")):
        assert not answers_the_form(asked, text), text
