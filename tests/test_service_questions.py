"""Questions about the chat service get the answer about that part of the service, from the action."""
from __future__ import annotations

from builders import tracker_for
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.service import ActionAnswerAboutService
from bot.logic.lone_yes import SOMEONE_CAN_HELP
from bot.logic.service import (
    GENERAL,
    LARGER_TEXT,
    OFFER_A_REQUEST,
    PRIVACY,
    READ_ALOUD,
    REQUEST,
    SHARE,
    service_topics,
    wishes_for_help,
)


def responses(text: str, selected: str | None = None, confidence: float = 0.0) -> list[str]:
    dispatcher = CollectingDispatcher()
    pick = {"intent_response_key": f"faq/{selected}", "confidence": confidence}
    extra = {"response_selector": {"faq": {"response": pick, "ranking": [pick]}}} if selected else None
    ActionAnswerAboutService().run(dispatcher, tracker_for(text, "ask_capabilities", {}, extra=extra), {})
    return [str(m.get("text") or m.get("response")) for m in dispatcher.messages]


def test_each_part_of_the_service_is_recognised() -> None:
    assert service_topics("kan ni lasa upp svaren for min mamma") == [READ_ALOUD]
    assert service_topics("ser så dåligt, går texten att förstora") == [LARGER_TEXT]
    assert service_topics("har ni en qr kod jag kan sätta upp på kontoret") == [SHARE]
    assert service_topics("sparar ni det jag skriver?") == [PRIVACY]
    assert service_topics("vad kan du hjälpa mig med") == [GENERAL]


def test_two_questions_in_one_message_get_both_answers_then_the_menu() -> None:
    assert responses("kan du läsa upp texten, och kan den bli större?") == [
        "utter_service_read_aloud", "utter_service_larger_text", "utter_menu"]


def test_asking_whether_a_request_can_be_sent_from_here_gets_yes_and_the_way_to_send_one() -> None:
    assert service_topics("går det att göra en kontaktförfrågan via den här sidan") == [REQUEST]
    dispatcher = CollectingDispatcher()
    asked = "går det att få ett ombud att ringa upp mig via den här chatten?"
    ActionAnswerAboutService().run(dispatcher, tracker_for(asked, "ask_capabilities", {}), {})
    assert [m.get("response") or m.get("text") for m in dispatcher.messages] == ["utter_handoff_intro",
                                                                                 OFFER_A_REQUEST]
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/ask_human"
    # A request named in a question about what is kept asks about keeping it; one already sent is no new one.
    assert service_topics("hur länge sparas förfrågan hos er") == [PRIVACY]
    assert service_topics("kan jag ändra i förfrågan jag skickade igår") == [GENERAL]


def test_a_general_question_gets_what_the_bot_does() -> None:
    assert responses("vad gör du") == ["utter_capabilities", "utter_menu"]


def test_an_ombud_asking_for_a_direct_link_gets_the_answer_about_sharing() -> None:
    text = ("Hej, jag arbetar som personligt ombud i Fyrbodal. Går det att få en direktlänk till guiden som "
            "redan är inställd på Trollhättan, så jag kan skicka den")
    assert responses(text)[0] == "utter_service_share"


def test_a_question_that_does_not_speak_to_the_bot_is_the_question_the_selector_is_sure_of() -> None:
    answered = responses("är det ofta väntetid innan man får träffa nån", "po_queue", 0.97)
    assert "utter_capabilities" not in answered and any("vänta" in said for said in answered), answered
    # Spoken to the bot, or the selector unsure: what the bot does.
    assert responses("vad kan du göra för mig", "af_decides", 0.95)[0] == "utter_capabilities"
    assert responses("måste man betala för att använda", "po_cost", 0.97)[0] == "utter_capabilities"
    assert responses("är det ofta väntetid innan man får träffa nån", "po_queue", 0.6)[0] == "utter_capabilities"


def test_asking_what_else_there_is_gets_what_the_kommun_may_give() -> None:
    answered = responses("finns det nåt annat stöd för min bror då")
    assert "boendestöd" in " ".join(answered) and "utter_capabilities" not in answered
    # Another way of doing one thing is not what else there is.
    assert "boendestöd" not in " ".join(responses("får jag mejla dom istället?"))
    # Put to the bot, it is what the bot does.
    assert responses("kan du visa mig nåt annat istället")[0] == "utter_capabilities"


def test_only_needing_someone_to_help_gets_a_way_to_an_ombud_not_what_the_bot_is() -> None:
    assert responses("jag behöver nog nån som kan hjälpa mig med allt") == [SOMEONE_CAN_HELP]
    # Put to the bot, or with an authority named, it is still a question about the service or that authority.
    assert responses("vilka saker kan du hjälpa en med här") == ["utter_capabilities", "utter_menu"]
    assert not wishes_for_help("jag behöver stöd med blanketten till försäkringskassan om sjukpenning")


def test_asking_who_sees_what_is_written_here_is_about_what_is_kept() -> None:
    for text in ("hamnar det här i nån journal hos soc", "ser polisen vad jag skriver här inne"):
        assert service_topics(text) == [PRIVACY], text
