"""Authority answers: decides, next step, deadline, phone and the three rights, all from the knowledge base."""
from __future__ import annotations

import pytest

from bot.logic.authorities import (
    RIGHTS_KEYS,
    ask_which_authority,
    authority_answer,
    is_gap,
    mentions_acute_need,
)
from knowledge.queries import authorities_mentioned, authority, facts_by_keys


@pytest.mark.parametrize(
    ("text", "key"),
    [("jag fick avslag från FK", "forsakringskassan"), ("soc säger nej", "ekonomiskt_bistand"),
     ("ett brev från kronofogden", "kronofogden"), ("af har stängt av mig", "arbetsformedlingen"),
     ("kan jag få god man?", "overformyndare_god_man"), ("men arbets förmedlingen?", "arbetsformedlingen"),
     ("försäkrings kassan vill ha intyg", "forsakringskassan")],
)
def test_the_named_authority_is_recognised(text: str, key: str) -> None:
    assert [a.key for a in authorities_mentioned(text)][:1] == [key]


def test_no_authority_in_an_unrelated_sentence() -> None:
    assert authorities_mentioned("jag vill veta mer om personligt ombud") == []
    # Two short words never make a name by chance.
    assert authorities_mentioned("jag sa a f till honom, so c") == []


def test_fk_and_af_together_is_the_gap() -> None:
    assert is_gap(authorities_mentioned("FK säger att jag kan jobba men AF säger att jag är för sjuk"))
    assert not is_gap(authorities_mentioned("FK säger nej"))


@pytest.mark.parametrize("text", ["jag har inga pengar till mat", "jag har inte ätit", "pengarna är slut",
                                  "jag har inte råd med mat idag"])
def test_acute_need_is_recognised(text: str) -> None:
    assert mentions_acute_need(text)


def test_a_question_about_appeals_is_not_taken_for_acute_need() -> None:
    assert not mentions_acute_need("hur överklagar jag soc:s beslut om försörjningsstöd")


def test_fk_answer_has_decides_next_step_deadline_phone_and_rights() -> None:
    fk = authority("FK")
    assert fk is not None
    rights = facts_by_keys(list(RIGHTS_KEYS))
    says = authority_answer(fk, rights)
    texts = [s.text for s in says if s.text]
    assert texts[0] == fk.decides and fk.next_step in texts
    assert any("2 månader" in t for t in texts)
    phone = next(s for s in says if s.response == "utter_authority_phone")
    assert fk.phone and phone.values["phone"] == fk.phone
    assert all(r.text in texts for r in rights)
    assert any(t.startswith("Källor:") for t in texts)


def test_an_authority_without_a_national_number_says_so() -> None:
    social_services = authority("soc")
    assert social_services is not None and social_services.phone is None
    says = authority_answer(social_services, facts_by_keys(list(RIGHTS_KEYS)))
    assert "utter_authority_local" in [s.response for s in says]
    assert any("3 veckor" in (s.text or "") for s in says)


def test_without_an_authority_the_bot_asks_with_buttons() -> None:
    buttons = ask_which_authority()[0].buttons
    assert [b.title for b in buttons][:2] == ["Försäkringskassan", "Arbetsförmedlingen"]
    assert buttons[0].payload == '/ask_authority{"authority": "forsakringskassan"}'
