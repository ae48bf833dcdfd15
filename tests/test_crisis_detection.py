"""The keyword net must catch words of crisis however they are typed, and leave grief and debt alone."""
import pytest

from bot.logic.crisis import CRISIS_LINE_KEYS, crisis_reply, mentions_crisis


@pytest.mark.parametrize(
    "message",
    [
        "Jag vill ta livet av mig",
        "jag vill ta livet av mej",
        "JAG VILL DÖ",
        "jag vill do",
        "jag orkar inte leva längre",
        "har självmordstankar hela tiden",
        "sjalvmordstankar",
        "jag har skadat mig själv igen",
        "jag skär mig",
        "jag har tagit en massa tabletter",
        "min son pratar om att ta livet av sig",
        "min mamma säger att hon vill dö",
        "han slår mig och jag är rädd",
        "min sambo hotar att döda mig",
        "det är akut fara här",
        "hej, jag undrar om FK men jag vill inte leva mer",
        "I want to kill myself",
        "suicidtankar",
        "jag har skrivit avskedsbrev",
        "jag ser ingen utväg",
        "jag vill inte vakna imorgon",
        "jag är rädd att jag ska göra mig illa",
        "jag ska avsluta allt",
        "nu får det vara slut",
        "hejdå för alltid",
        "jag säger hejdå till alla nu",
        "det vore bättre om jag var död",
        "han hotar att döda",
        "min pappa slår mig",
        "mamma slår mig",
        "min bror hotar mig",
    ],
)
def test_words_of_crisis_are_caught(message: str) -> None:
    assert mentions_crisis(message)


@pytest.mark.parametrize(
    "message",
    [
        "min mamma dog i fjol",
        "min pappa gick bort och jag sörjer",
        "jag har stora skulder hos Kronofogden",
        "räkningarna blir bara fler",
        "jag fick avslag på sjukpenning",
        "jag vill leva ett bättre liv",
        "vad är personligt ombud?",
        "skadan på bilen är stor",
        "jag glömmer att ta mina mediciner",
        "jag orkar inte städa",
        "jag vill avsluta mitt ärende",
        "jag skadade mig i knät",
        "jag tar för många mediciner, kan PO hjälpa",
        "hoppa ut och handla",
        "hej då, vi hörs",
        "",
    ],
)
def test_grief_debt_and_everyday_words_do_not_trigger(message: str) -> None:
    assert not mentions_crisis(message)


def test_first_crisis_message_carries_both_emergency_and_suicide_line() -> None:
    texts = [f"text for {key}" for key in CRISIS_LINE_KEYS]
    reply = crisis_reply(texts)
    assert "crisis.emergency" in reply[0] and "crisis.suicide_line" in reply[0]
    assert all(any(key in message for message in reply) for key in CRISIS_LINE_KEYS)
