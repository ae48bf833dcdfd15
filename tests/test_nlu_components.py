"""The custom NLU components force intents only where they should."""
from __future__ import annotations

import yaml
from builders import NLU_DATA, training_examples
from conftest import PROJECT_ROOT
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.logic.authority_number import number_asked
from bot.logic.questions import asks_to_make_the_contact, wants_to_be_contacted
from bot.logic.service import SERVICE_INTENT, asks_to_share_the_service
from bot.logic.several_questions import up_to_the_first_question
from bot.logic.small_talk import KEPT_FOR_A_BARE_NUMBER, asks_if_bot, misread_bare_number, misread_small_talk
from bot.nlu.contact_details import ContactDetailsIntent
from bot.nlu.crisis_detector import CrisisDetector
from bot.nlu.place_names import PlaceNameIntent
from bot.nlu.service_question import ServiceQuestionIntent
from bot.nlu.small_talk_check import SmallTalkCheck


def training_intents() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {intent if isinstance(intent, str) else next(iter(intent)) for intent in domain["intents"]}


def training_retrieval_intents() -> set[str]:
    """The questions the selector learns, as intents of the NLU data ("faq/po_cost")."""
    return {block["intent"] for path in sorted(NLU_DATA.glob("*.yml"))
            for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []
            if "/" in str(block.get("intent") or "")}


def classified(component: object, text: str, intent: str = "goodbye") -> str:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    component.process([message])  # type: ignore[attr-defined]
    return message.get(INTENT)["name"]


def test_a_message_that_is_only_a_place_is_inform_place() -> None:
    places = PlaceNameIntent(frozenset({"lulea", "vara", "hisingen"}), None, None)  # type: ignore[arg-type]
    assert classified(places, "Luleå") == "inform_place"
    assert classified(places, "jag bor i Luleå") == "inform_place"
    assert classified(places, "hisingen") == "inform_place"
    assert classified(places, "jag vill vara med") == "goodbye"
    assert classified(places, "hej då") == "goodbye"


def read_with_a_sure_question(places: PlaceNameIntent, text: str, question: str) -> str:
    """The intent after the place rule, for a message read as faq with the selector sure (0.97) of `question`."""
    message = Message(data={TEXT: text, INTENT: {"name": "faq", "confidence": 0.8},
                            "response_selector": {"faq": {"response": {"intent_response_key": f"faq/{question}",
                                                                       "confidence": 0.97}}}})
    places.process([message])
    return str(message.get(INTENT)["name"])


def test_a_short_question_about_ombud_that_names_a_place_is_find_office() -> None:
    places = PlaceNameIntent(frozenset({"umea", "karlstad", "vasteras"}), None, None)  # type: ignore[arg-type]
    assert classified(places, "ombud i umeå?", "faq") == "find_office"
    assert classified(places, "karlstad har dom PO eller", "nlu_fallback") == "find_office"
    # A confident other intent stands, and so does a message without ombud or without a place.
    assert classified(places, "kan jag få ombud i Umeå, jag är 30", "check_eligibility") == "check_eligibility"
    assert classified(places, "vad kostar ett ombud", "faq") == "faq"
    assert classified(places, "försäkringskassan i umeå", "faq") == "faq"
    # A question the selector is sure of is answered as asked, not with the office.
    assert read_with_a_sure_question(places, "kostar det nåt att ha ombud i umeå", "po_cost") == "faq"
    # Asking whether there is an ombud there asks for the office, whatever else the sentence says.
    assert read_with_a_sure_question(places, "finns personliga ombud i Västerås som går med till FK",
                                     "po_help_with") == "find_office"
    assert read_with_a_sure_question(places, "det finns ett ombud i västerås men kostar det nåt", "po_cost") == "faq"
    words = PlaceNameIntent(frozenset({"vara", "boden"}), None, None)  # type: ignore[arg-type]
    assert classified(words, "kan ett ombud vara med på mötet?", "faq") == "faq"
    assert classified(words, "finns det ombud i vara", "faq") == "find_office"
    assert classified(words, "ombud i boden?", "faq") == "find_office"


def crisis_level(text: str, crisis_confidence: float = 0.0) -> tuple[str, str | None]:
    message = Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.9},
                            INTENT_RANKING_KEY: [{"name": "greet", "confidence": 1 - crisis_confidence},
                                                 {"name": "crisis", "confidence": crisis_confidence}]})
    CrisisDetector().process([message])
    level = next((e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "crisis_level"), None)
    return message.get(INTENT)["name"], level


def test_the_crisis_detector_wins_over_every_classifier_and_says_how_sure_it_is() -> None:
    assert crisis_level("jag vill ta livet av mig") == ("crisis", "crisis")
    assert crisis_level("orkar inte mer") == ("crisis", "check_in")
    assert crisis_level("min mamma dog i fjol") == ("greet", None)


def test_the_classifiers_crisis_confidence_counts_low() -> None:
    assert crisis_level("jag vet inte vad jag ska göra", crisis_confidence=0.3) == ("crisis", "check_in")
    assert crisis_level("jag vet inte vad jag ska göra", crisis_confidence=0.05) == ("greet", None)


def with_question(text: str, intent: str, question_confidence: float) -> str:
    selector = {"faq": {"response": {"confidence": question_confidence, "intent_response_key": "faq/po_records"}}}
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.8}, "response_selector": selector})
    SmallTalkCheck().process([message])
    return message.get(INTENT)["name"]


def test_are_you_a_bot_needs_words_that_speak_to_the_bot() -> None:
    for text in ("är du en robot?", "sitter det nån där och läser", "vem är det som svarar egentligen",
                 "is this a real human"):
        assert with_question(text, "bot_challenge", 0.95) == "bot_challenge", text
    # Said to no one: the question the selector is sure of, or else a guess with choices.
    assert with_question("brukar de anteckna vad man säger?", "bot_challenge", 0.95) == "faq"
    assert with_question("och hur länge har jag på mig då?", "bot_challenge", 0.6) == "nlu_fallback"


def test_asked_outright_whether_a_person_answers_the_bot_says_what_it_is_whatever_the_model_read() -> None:
    for text, read_as in (("Sitter det en dator och svarar mig?", "faq"),
                          ("är det en maskin jag skriver till", "nlu_fallback"),
                          ("hallå, e du nån sorts AI?", "greet"),
                          ("am I chatting with a machine?", "other_language")):
        assert with_question(text, read_as, 0.95) == "bot_challenge", text
    # A person met elsewhere, or someone who feels like a machine, is not asking about the bot; nor is a fact doubted.
    for text in ("pratar jag med en människa när jag ringer kassan?", "är det en person på soc som läser mitt brev",
                 "jag känner mig som en robot", "är det ombudet som ringer upp", "är det på riktigt gratis?",
                 "är det automatiskt?"):
        assert with_question(text, "faq", 0.95) == "faq", text
    # Another question, a yes or a no beside it keeps the model's reading: an answer to the check-in must not be lost.
    for text, read_as in (("är du en dator? ja jag är hemma", "affirm"), ("är du en dator? vad kostar ombud?", "faq"),
                          ("are you human? no wait", "deny")):
        assert with_question(text, read_as, 0.95) == read_as, text
    # A remark beside it may answer something (the check-in, a form): the model's reading stands.
    assert with_question("du svarar så himla fort. är du en dator?", "faq", 0.95) == "faq"
    assert with_question("hallå! är du en dator?", "greet", 0.95) == "bot_challenge"


def test_the_models_reading_of_a_message_read_as_the_outright_question_is_kept() -> None:
    # After a check-in a yes must stay a yes: the supportive mode reads the model's own reading.
    selector = {"faq": {"response": {"confidence": 0.2, "intent_response_key": "faq/po_records"}}}
    message = Message(data={TEXT: "är du en maskin?", INTENT: {"name": "affirm", "confidence": 0.8},
                            "response_selector": selector})
    SmallTalkCheck().process([message])
    assert message.get(INTENT)["name"] == "bot_challenge" and message.get("misread_small_talk") == "affirm"


def test_no_message_that_only_names_people_or_machines_is_taken_for_asking_whether_a_person_answers() -> None:
    written = yaml.safe_load((PROJECT_ROOT / "tests" / "data" / "not_asking_if_bot.yaml").read_text(encoding="utf-8"))
    assert len(written["messages"]) >= 60
    assert [text for text in written["messages"] if asks_if_bot(text)] == []


def test_no_training_example_of_another_intent_asks_whether_a_person_answers() -> None:
    for intent in sorted(training_intents() - {"bot_challenge"}):
        assert [text for text in training_examples(intent) if asks_if_bot(text)] == [], intent


def test_a_long_message_without_any_yes_is_not_a_yes() -> None:
    assert with_question("ja, min syster säger att det går bra att ni ringer", "affirm", 0.1) == "affirm"
    assert with_question("låter bra", "affirm", 0.1) == "affirm"
    assert with_question("så de kan alltså bara strunta i mig och inget händer sen", "affirm", 0.95) == "faq"
    assert with_question("så de kan alltså bara strunta i mig och inget händer sen", "affirm", 0.5) == "nlu_fallback"
    # A no is read again only when a question follows it (below).
    assert with_question("så de kan alltså bara strunta i mig och inget händer sen", "deny", 0.95) == "deny"


def test_no_training_example_of_a_bot_question_or_a_yes_is_taken_for_a_misread() -> None:
    for intent in ("bot_challenge", "affirm"):
        examples = training_examples(intent)
        assert len(examples) > 50, intent
        assert [text for text in examples if misread_small_talk(text, intent)] == [], intent


def test_a_greeting_followed_by_a_question_the_selector_is_sure_of_asks_that_question() -> None:
    assert with_question("hej hej, vad kostar det att ha ombud", "greet", 0.99) == "faq"
    assert with_question("God kväll! Finns det någon kö till ombuden?", "greet", 0.95) == "faq"
    # Unsure which question: the greeting and the menu meet it well enough.
    assert with_question("hej hej, vad kostar det att ha ombud", "greet", 0.6) == "greet"
    # A greeting with an introduction or a feeling is a greeting.
    for text in ("hej, jag heter Anna och bor i Malmö", "hej igen", "hej. mår skit men har en fråga",
                 "hej, kan inte sova", "hej, ska bara säga tack", "igen vad kostar det"):
        assert with_question(text, "greet", 0.95) == "greet", text


def test_a_no_or_an_okay_followed_by_a_question_the_selector_is_sure_of_asks_that_question() -> None:
    assert with_question("okej. vad kostar det då", "deny", 0.97) == "faq"
    assert with_question("nä men behöver man remiss?", "deny", 0.95) == "faq"
    assert with_question("strunt i det. vad har kassan för nummer", "deny", 0.95) == "faq"
    # Unsure which question, or no question after the no: the no stands (it may answer the bot's yes/no question).
    assert with_question("okej. vad kostar det då", "deny", 0.6) == "deny"
    for text in ("nej tack", "nej det behövs inte", "nä, inte nu", "ok nej", "nej, kan jag inte", "nä ska jag inte",
                 "nej vad synd", "tack, vad skönt"):
        assert with_question(text, "deny", 0.95) == "deny", text
    assert [text for text in training_examples("deny") if misread_small_talk(text, "deny")] == []


def test_no_training_example_of_a_greeting_is_taken_for_a_question() -> None:
    examples = training_examples("greet")
    assert len(examples) > 50
    assert [text for text in examples if misread_small_talk(text, "greet")] == []


def test_swedish_read_as_another_language_is_swedish_not_understood() -> None:
    assert with_question("okej. och brevet då?", "other_language", 0.4) == "nlu_fallback"
    assert with_question("haha ok sorry. vad kostar ombud", "other_language", 0.95) == "faq"
    for text in ("Mahadsanid, ma caawin kartaa?", "help me please", "Kiitos paljon", "necesito un abogado",
                 "en ymmärrä ruotsia kunnolla", "sono stanco e non capisco la lettera", "kan ik hulp krijgen",
                 "min mama nema novca", "Min alîkarî hewce ye"):
        assert with_question(text, "other_language", 0.95) == "other_language", text


def test_no_training_example_of_another_language_is_taken_for_swedish() -> None:
    examples = training_examples("other_language")
    assert len(examples) > 50
    assert [text for text in examples if misread_small_talk(text, "other_language")] == []


def test_a_bare_number_is_never_a_farewell_a_greeting_or_another_language() -> None:
    # "31" to "Hur gammal är du?" was read as goodbye and ended the screener; "45" as another language left it;
    # "22 år" read as changing an answer, "65 år" as a place.
    for text, intent in (("31", "goodbye"), ("45", "other_language"), (" 31 år.", "thank"), ("27", "greet"),
                         ("22 år", "change_answer"), ("65 år", "inform_place"), ("19", "nonsense")):
        assert with_question(text, intent, 0.95) == "nlu_fallback", (text, intent)
    # Crisis and a question about a line keep their reading; so do longer numbers and words.
    assert with_question("31", "crisis", 0.95) == "crisis"
    assert with_question("112", "ask_crisis_line", 0.95) == "ask_crisis_line"
    assert with_question("1177", "faq", 0.95) == "faq"
    assert with_question("hej då, 31 år är jag", "goodbye", 0.95) == "goodbye"


def test_no_training_example_but_crisis_and_lines_is_a_bare_number() -> None:
    for intent in sorted(training_intents() - KEPT_FOR_A_BARE_NUMBER):
        assert [text for text in training_examples(intent) if misread_bare_number(text, intent)] == [], intent


def test_an_ombud_asking_for_a_link_to_the_guide_asks_about_the_service() -> None:
    for text in ("Hej, jag arbetar som personligt ombud i Fyrbodal. Går det att få en direktlänk till guiden som "
                 "redan är inställd på Trollhättan, så jag kan skicka den",
                 "Jag är ombud i Söderort och vill tipsa klienter om guiden. Kan jag få en länk som öppnar direkt?",
                 "finns det en qr-kod till chatten",
                 "Jag jobbar på Försäkringskassan och vill tipsa klienter om guiden",
                 # "länken" alone is this service's, where no authority is named.
                 "jobbar som ombud i kalmar, får jag dela länken med mina klienter?",
                 "kan man skicka den här länken till en klient"):
        assert classified(ServiceQuestionIntent(), text, "find_office") == SERVICE_INTENT, text
    # A link to something else, a blankett, or a client who is helped is not about this service.
    for text in ("har ni en länk till kommunens hemsida", "var hittar jag blanketten från fk",
                 "om jag vill tipsa en klient, hur tar klienten kontakt med PO?",
                 "Min handläggare tipsade om guiden, vad gör ett ombud?",
                 "Finns det en länk till e-tjänsten för bostadsbidrag?",
                 "Var hittar jag länken till chatten hos Försäkringskassan?",
                 "kan jag dela chatten med mitt ombud", "kan jag dela länken till försäkringskassan",
                 "får jag dela länken till ansökan", "den här länken funkar inte"):
        assert classified(ServiceQuestionIntent(), text, "faq") == "faq", text


def test_no_training_example_of_another_intent_asks_to_share_the_service() -> None:
    for intent in sorted(training_intents() - {SERVICE_INTENT}):
        assert [text for text in training_examples(intent) if asks_to_share_the_service(text)] == [], intent


def read_for_contact(text: str, intent: str) -> tuple[str, str | None]:
    """The intent and the question picked after the contact rule, for a message the model read as `intent` with
    the question selector unsure of how to appeal to Försäkringskassan."""
    selector = {"faq": {"response": {"confidence": 0.4, "intent_response_key": "faq/fk_appeal"},
                        "ranking": [{"intent_response_key": "faq/fk_appeal", "confidence": 0.4}]}}
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.7}, "response_selector": selector})
    ContactDetailsIntent().process([message])
    picked = message.get("response_selector")["faq"]["response"]["intent_response_key"]
    return message.get(INTENT)["name"], picked


def test_asking_for_an_authoritys_number_asks_that_question_whatever_the_model_read() -> None:
    for text, key in (("kfm tfn tack", "kfm_phone"), ("vilket nr har dom på försäkrings kassan", "fk_phone"),
                      ("hur ringer jag arbetsförmedlingen, hittar inget på sidan", "af_phone"),
                      ("ge mig numret till kfm, vill ringa och fråga om brevet", "kfm_phone"),
                      ("ge mig FK:s telnr", "fk_phone"), ("skicka kronofogdens nummer är du snäll", "kfm_phone"),
                      ("kan jag få nr till arbets förmedlingen", "af_phone"),
                      ("fk har vilket telefonnummer?", "fk_phone")):
        for intent in ("find_office", "report_obstacle", "faq"):
            assert read_for_contact(text, intent) == ("faq", f"faq/{key}"), (text, intent)
    # A number already called, one's own number, another question asked first, an authority without a national
    # number, and words of crisis: the model's reading stands.
    for text in ("har ringt numret till fk tio gånger och ingen svarar", "kan jag ge kronofogden mitt nummer",
                 "kan man överklaga fk och vilket nummer ringer jag då", "soc:s nummer, vilket är det",
                 "vilket nummer ringer man till ombudet", "vem ringer man för att klaga på försäkringskassan",
                 "vad är numret till jo? fk gjorde fel", "kronofogden har sålt min gamla telefon",
                 "vilket nummer står på brevet från fk?", "fk har gamla numret till mig"):
        assert read_for_contact(text, "report_obstacle") == ("report_obstacle", "faq/fk_appeal"), text
    assert read_for_contact("numret till fk, orkar inte leva", "crisis") == ("crisis", "faq/fk_appeal")


def test_saying_one_wants_to_be_contacted_asks_for_a_human_whatever_the_model_read() -> None:
    for text in ("hej! har tänkt på saken och vill nog att nåt ombud ringer mig när det passar",
                 "vill helst bli kontaktad, orkar inte ringa själv",
                 "min dotter vill att ett ombud hör av sig till henne",
                 "jag vill personligt ombud kontakta mig på sms", "skulle vilja att nåt ombud ringde min mamma",
                 "går det att bli uppringd av ombudet? bor i Boden"):
        for intent in ("greet", "faq", "relative_help"):
            assert read_for_contact(text, intent)[0] == "ask_human", (text, intent)
    for text in ("vill att ni hör av er snarast", "önskar bli uppringd, helst efter lunch", "vil att ni ringer mej",
                 "vill att nåt ombud tar kontakt med min bror", "har sökt om hjälp och vill att nån ringer mig"):
        assert read_for_contact(text, "faq")[0] == "ask_human", text
    # Someone else to be called, the writer to call, a denial, the ombud writing a letter, a question how or whether,
    # a wish reported from before or someone else's: the model's reading stands.
    for text in ("vill ni att jag ringer upp senare?", "jag vill inte att någon från soc ringer mig",
                 "hon vill att ombudet skriver överklagandet", "vill att ombudet följer med till läkaren",
                 "vill att ni ringer arbetsförmedlingen åt mig", "vill att ombudet kontaktar min hyresvärd",
                 "går det att bli uppringd av kassan istället", "hur gör man om man vill bli kontaktad",
                 "vet inte alls om jag vill bli uppringd", "skrev förra veckan att jag ville att nån ringer mig",
                 "läkaren vill att ni ringer henne", "kan man bli kontaktad på sms?",
                 "vill bli uppringda av kassan i stället"):
        assert read_for_contact(text, "faq")[0] == "faq", text


def test_no_training_example_of_another_intent_says_it_wants_to_be_contacted() -> None:
    # "han håller med, han vill att ombudet ringer" answers the contact request's question whether the person agrees:
    # the request goes on either way, and the form reads the answer from the words.
    for intent in sorted(training_intents() - {"ask_human", "affirm"}):
        assert [text for text in training_examples(intent) if wants_to_be_contacted(text)] == [], intent


def test_no_training_example_of_another_question_or_intent_asks_for_an_authoritys_number() -> None:
    asking = {f"faq/{key}" for key in ("fk_phone", "af_phone", "kfm_phone")}
    for intent in sorted(training_intents() | training_retrieval_intents()):
        if intent in asking or intent == "crisis":
            continue
        found = [text for text in training_examples(intent) if number_asked(up_to_the_first_question(text))]
        assert found == [], intent


def test_the_nlu_rules_and_the_answers_share_one_bar_for_a_sure_question_and_its_intent() -> None:
    from bot.logic.questions import QUESTION_INTENT, SURE_QUESTION
    from bot.nlu import intents

    assert (intents.SURE_QUESTION, intents.QUESTION_INTENT) == (SURE_QUESTION, QUESTION_INTENT)


def test_the_crisis_detector_reads_only_whole_messages_and_has_the_last_word() -> None:
    # The first question of a message is read as a message of its own between the reader and the step that
    # takes it out again; no rule and no crisis reading may see it, and the crisis detector decides last.
    names = [step["name"].rsplit(".", 1)[-1]
             for step in yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]]
    assert names[0] == "FirstQuestionReader"
    assert names.index("FirstQuestionFirst") == names.index("QuestionSelector") + 1
    assert names.index("FirstQuestionFirst") < names.index("FallbackClassifier")
    assert names[-1] == "CrisisDetector"


def test_a_message_that_only_says_the_person_did_not_follow_is_a_misunderstanding() -> None:
    # Before the term action could say "Det ordet kan jag inte förklara", or a question answer be given.
    for text in ("va?", "hä", "fattar inte", "vadå?", "hur menar du?", "hänger inte med", "förstår ej"):
        assert with_question(text, "faq", 0.97) == "nlu_fallback", text
        assert with_question(text, "ask_term", 0.2) == "nlu_fallback", text
    assert with_question("va?", "crisis", 0.2) == "crisis"
    assert with_question("vad betyder sgi", "ask_term", 0.2) == "ask_term"
    assert with_question("vad kostar det?", "faq", 0.97) == "faq"


def test_no_training_example_of_a_question_or_term_only_says_the_person_did_not_follow() -> None:
    from bot.logic.terms import bewildered

    for intent in ("faq", "ask_term", "ask_capabilities", "crisis"):
        assert [text for text in training_examples(intent) if bewildered(text)] == [], intent


def read_as_asking_for_a_human(text: str, question: str) -> str:
    """The intent after the contact rule, for a message read as ask_human with the selector's pick `question`."""
    message = Message(data={TEXT: text, INTENT: {"name": "ask_human", "confidence": 0.7},
                            "response_selector": {"faq": {"response": {"intent_response_key": f"faq/{question}",
                                                                       "confidence": 0.5}}}})
    ContactDetailsIntent().process([message])
    return str(message.get(INTENT)["name"])


def test_asking_whether_one_may_call_oneself_is_a_question_not_a_wish_to_be_called() -> None:
    for text in ("Ska jag själv ringa kontoret?", "får jag ringa åt honom?", "kan man sms:a po i stället",
                 "får jag mejla dom direkt"):
        assert read_as_asking_for_a_human(text, "po_contact") == "faq", text
        assert read_as_asking_for_a_human(text, "po_relative") == "faq", text
    # Asking to be called or for someone to talk to, or a pick about something else, stays a request.
    for text in ("ni får gärna ringa upp mig", "nåt ombud får gärna ringa mig", "får jag ringa till nån människa",
                 "finns det någon jag kan ringa"):
        assert read_as_asking_for_a_human(text, "po_contact") == "ask_human", text
    assert read_as_asking_for_a_human("ska jag själv ringa kontoret?", "po_cost") == "ask_human"
    # A number of one's own still asks to be contacted.
    assert classified(ContactDetailsIntent(), "sms 070-555 12 34", "faq") == "ask_human"


def test_no_training_example_of_a_request_to_be_contacted_asks_whether_one_may_call() -> None:
    assert [text for text in training_examples("ask_human") if asks_to_make_the_contact(text)] == []


def test_thanks_with_a_question_after_it_is_that_question_and_thanks_alone_stays_thanks() -> None:
    assert with_question("tack så mycket! får man ta med en vän till första träffen?", "thank", 0.95) == "faq"
    # Unsure which question: a guess with choices, not "Varsågod".
    assert with_question("tack. och hur ansöker jag om det där bostadstillägget", "thank", 0.4) == "nlu_fallback"
    # Only the number asked: a question whichever the selector picked, the answer before says whose number it is.
    assert with_question("tackar, kan jag få bara numret?", "thank", 0.3) == "faq"
    for courtesy in ("tack ska ni ha", "tack snälla, vad snällt av er", "tack för numret, det sparar jag",
                     "tack, nu förstår jag bättre", "tusen tusen tack till er!"):
        assert with_question(courtesy, "thank", 0.95) == "thank", courtesy


def test_no_training_example_of_thanks_is_taken_for_a_question() -> None:
    examples = training_examples("thank")
    assert len(examples) > 30
    assert [text for text in examples if misread_small_talk(text, "thank")] == []


def test_thanks_with_a_kind_word_after_it_is_thanks_and_thanks_asking_for_a_lines_number_asks_about_the_line() -> None:
    for courtesy in ("tack vad lättad jag blir", "tack, hur som helst", "tack, vad fint av dig"):
        assert with_question(courtesy, "thank", 0.95) == "thank", courtesy
    assert with_question("tackar! vilket telefonnummer har hjälplinjen", "thank", 0.95) == "ask_crisis_line"
