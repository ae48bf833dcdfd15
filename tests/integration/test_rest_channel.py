"""The real stack, started by the same supervisor as `make run`, on free ports, over HTTP.

Covers: greeting, the PO question, crisis first and mid-conversation, the non-looping
fallback, clean stops on SIGTERM and Ctrl-C (SIGINT), a restart that keeps the
conversation, and a dying process taking the others down with it.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import signal
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from conftest import SOURCE_AGE, free_port

from bot.runtime.stack import Stack, http, port_is_open, start_stack, stop_stack
from casework import handoffs
from casework.accounts import add_account
from casework.obstacles import count_notes


@pytest.fixture(scope="module")
def work_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="module")
def ports() -> tuple[int, int, int]:
    return free_port(), free_port(), free_port()


@pytest.fixture(scope="module")
def stack(trained_model: Path, work_dir: Path, ports: tuple[int, int, int]) -> Iterator[Stack]:
    running = start_stack(trained_model, work_dir, ports)
    yield running
    if running.process.poll() is None:
        stop_stack(running)


def joined(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_greeting_says_it_is_a_chatbot_and_offers_buttons(stack: Stack) -> None:
    reply = stack.replies(uuid.uuid4().hex, "hej")
    assert "chattbot" in joined(reply)
    buttons = [b["title"] for m in reply for b in m.get("buttons", [])]
    assert "Vad är personligt ombud?" in buttons


def test_po_question_is_answered_from_the_knowledge_base(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "vad är ett personligt ombud?"))
    assert "gratis och frivilligt" in reply
    assert "Källor:" in reply and SOURCE_AGE.search(reply)


def test_crisis_gets_112_in_the_first_message_and_90101_in_the_reply(stack: Stack) -> None:
    reply = stack.replies(uuid.uuid4().hex, "jag vill inte leva längre")
    assert "112" in reply[0]["text"] and "90101" in joined(reply)


def test_crisis_wins_mid_conversation(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "hej")
    stack.replies(sender, "vad är PO")
    reply = stack.replies(sender, "min son pratar om att ta livet av sig")
    assert "112" in reply[0]["text"] and "90101" in joined(reply)


def test_two_misunderstandings_offer_a_human_instead_of_looping(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    first = stack.replies(sender, "blorp fnurg")
    second = stack.replies(sender, "qwerty zxcv")
    assert "annat sätt" in joined(first) or "Menar du" in joined(first)
    assert joined(first) != joined(second)
    assert "En människa kan hjälpa dig bättre" in joined(second) and "växel" in joined(second)
    buttons = [b for m in second for b in m.get("buttons") or []]
    assert {"title": "Prata med ett ombud", "payload": "/ask_human"} in buttons


def test_starting_over_inside_the_contact_request_leaves_it(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag vill prata med en människa")
    restarted = stack.replies(sender, "börja om")
    assert "börjar vi om" in joined(restarted)
    assert "Hej" in joined(stack.replies(sender, "hej"))


def test_another_topic_inside_the_screener_leaves_it_and_is_answered(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "kan jag få personligt ombud?")
    replies = stack.replies(sender, "tack för hjälpen")
    assert "lämnar frågorna" in joined(replies) and "Varsågod" in joined(replies)


def test_office_for_a_stadsdel_with_queue_date_and_source(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "jag bor i Rinkeby, finns det personligt ombud?"))
    assert "Järva" in reply
    assert "Uppgiften om kö är från december 2024." in reply
    assert "Källa" in reply and SOURCE_AGE.search(reply)


def test_a_misspelt_place_is_confirmed_with_buttons_and_then_answered(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    question = stack.replies(sender, "Göttebory")
    buttons = {b["title"]: b["payload"] for m in question for b in m.get("buttons", [])}
    assert "Menar du Göteborg?" in joined(question) and "Ja, Göteborg" in buttons
    answer = joined(stack.replies(sender, buttons["Ja, Göteborg"]))
    assert "I Göteborg finns" in answer
    # The same question answered by typing: a yes chooses the place.
    typed = uuid.uuid4().hex
    stack.replies(typed, "Göttebory")
    assert "I Göteborg finns" in joined(stack.replies(typed, "ja"))
    # One slip from a single name: answered for that place at once, saying which place it took.
    slip = joined(stack.replies(uuid.uuid4().hex, "finns det ombud i göteborgg"))
    assert "Jag tror att du menar Göteborg." in slip and "I Göteborg finns" in slip


def test_a_kommun_without_a_known_office_gets_an_honest_answer(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "finns det personligt ombud på Gotland?"))
    assert reply.startswith("Jag känner inte till något personligt ombud i Gotland.")
    assert "Länsstyrelsen" in reply
    assert "I Gotland finns" not in reply


def test_authority_answer_gives_deadline_phone_and_rights(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "jag fick avslag från försäkringskassan, vad gör jag?"))
    assert "2 månader" in reply and "0771-524 524" in reply
    assert "Det här har du alltid rätt till:" in reply and "32 § förvaltningslagen" in reply


def test_the_fk_af_gap_is_recognised(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "FK säger att jag kan jobba men AF säger att jag är för sjuk"))
    assert "SIP" in reply and "nätverksmöte" in reply


def test_no_money_today_points_to_socialtjansten_now(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "jag har inga pengar till mat idag"))
    assert "socialjour" in reply.lower()


def test_english_gets_calm_english_choices_and_english_crisis_words_get_112(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    answers = stack.replies(sender, "hello, do you speak english?")
    assert "I answer best in Swedish" in joined(answers) and "112" not in joined(answers)
    choices = [b for a in answers for b in a.get("buttons") or []]
    assert "Does it cost anything?" in [b["title"] for b in choices]
    # A choice is answered in English.
    cost = next(b["payload"] for b in choices if b["title"] == "Does it cost anything?")
    assert "It is free" in joined(stack.replies(sender, cost))
    assert "You are welcome." in joined(stack.replies(uuid.uuid4().hex, "Kiitos!"))
    crisis = joined(stack.replies(uuid.uuid4().hex, "i want to kill myself tonight"))
    assert "112" in crisis


def test_a_relative_learns_the_persons_own_wish_rule(stack: Stack) -> None:
    reply = joined(stack.replies(uuid.uuid4().hex, "kan jag söka personligt ombud åt min bror?"))
    assert "personen måste vilja" in reply and "anhörigstöd" in reply


def test_office_then_checklist_with_that_offices_name(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bor i Farsta")
    reply = joined(stack.replies(sender, "vad ska jag säga när jag ringer?"))
    assert "Ta med:" in reply and "Fråga:" in reply and "Söderort" in reply
    tracker = http(stack.api(f"/conversations/{sender}/tracker"))
    assert "Skriv upp:" in tracker["slots"]["checklist"]


def test_from_unsure_to_outcome_office_and_checklist_in_eight_turns(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    turns = ["jag vet inte om jag kan få hjälp", "jag är 34", "ja", "ja", "FK, soc och psykiatrin", "nej",
             "jag bor i Rinkeby"]
    replies = [joined(stack.replies(sender, text)) for text in turns]
    assert "Hur gammal är du?" in replies[0]
    outcome = replies[-1]
    assert "Du verkar höra till dem som personligt ombud är till för." in outcome
    assert "Det här är inget beslut." in outcome
    assert "Järva" in outcome and "Uppgiften om kö är från december 2024." in outcome
    checklist = joined(stack.replies(sender, "/prepare_contact"))
    assert "Ta med:" in checklist and "Järva" in checklist
    assert len(turns) + 1 <= 8


def test_crisis_wins_inside_the_screener_and_the_screener_waits(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "kan jag få personligt ombud?")
    reply = stack.replies(sender, "jag vill inte leva längre")
    assert "112" in reply[0]["text"] and "90101" in joined(reply)
    # The bot stays with the person: the screener is not resumed on its own (issue 11).
    assert "Hur gammal är du?" not in joined(reply)


def test_a_word_asked_inside_the_screener_is_explained_and_the_screener_goes_on(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "kan jag få personligt ombud?")
    stack.replies(sender, "jag är 40")
    reply = joined(stack.replies(sender, "vad är SIP?"))
    assert "SIP betyder samordnad individuell plan" in reply
    assert reply.rstrip().endswith("Gör psykisk ohälsa att vardagen är svår för dig?")
    assert "Har det varat länge?" in joined(stack.replies(sender, "ja"))


def test_changing_ones_mind_asks_the_question_again_and_gives_a_new_outcome(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "kan jag få personligt ombud?")
    assert "Personligt ombud är för vuxna." in joined(stack.replies(sender, "16"))
    again = joined(stack.replies(sender, "jag skrev fel ålder"))
    assert "Vi tar den frågan igen." in again and "Hur gammal är du?" in again
    assert "Gör psykisk ohälsa" in joined(stack.replies(sender, "36"))
    assert "Hur gammal är du?" in joined(stack.replies(sender, "vänta, jag svarade fel"))


def test_an_age_typed_after_who_can_have_an_ombud_starts_the_screener_with_it(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "vem kan få ombud?")
    reply = joined(stack.replies(sender, "58"))
    assert "förstod inte" not in reply and "Gör psykisk ohälsa" in reply and "Hur gammal" not in reply


def test_a_bare_number_answers_the_age_question_whatever_the_model_reads_into_it(stack: Stack) -> None:
    # "31" was read as goodbye and ended the screener; "45" as another language and left it.
    for age in ("31", "45", "27"):
        sender = uuid.uuid4().hex
        assert "Hur gammal är du?" in joined(stack.replies(sender, "kan jag få personligt ombud?"))
        reply = joined(stack.replies(sender, age))
        assert "Gör psykisk ohälsa" in reply and "Hej då" not in reply, (age, reply)


def test_the_screener_can_be_stopped(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "kan jag få personligt ombud?")
    stopped = joined(stack.replies(sender, "jag vill inte svara på fler frågor"))
    assert "vi slutar med frågorna" in stopped
    assert "Hitta personligt ombud" in str(stack.replies(sender, "hej"))


def test_an_obstacle_is_noted_anonymously_only_after_a_yes(stack: Stack) -> None:
    today = dt.date.today()
    before = count_notes(today, today).total
    heard = joined(stack.replies(uuid.uuid4().hex, "Försäkringskassan har tappat bort min ansökan"))
    assert "Får jag skriva upp hindret utan ditt namn?" in heard
    assert count_notes(today, today).total == before

    sender = uuid.uuid4().hex
    stack.replies(sender, "jag har ringt AF i tre timmar och ingen svarar")
    assert "Det är uppskrivet" in joined(stack.replies(sender, "ja"))
    counts = count_notes(today, today)
    assert counts.total == before + 1
    assert counts.by_authority["arbetsformedlingen"]["unreachable"] >= 1

    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bollas mellan psykiatrin och vårdcentralen")
    assert "Inget är uppskrivet." in joined(stack.replies(sender, "nej"))
    assert count_notes(today, today).total == before + 1


def ombud_account(office_id: str) -> tuple[str, str]:
    """An inbox account for the office, made the way `ombudsguiden user add` makes one."""
    password = secrets.token_urlsafe(16)
    return add_account(office_id, f"{secrets.token_hex(4)}@{office_id}.example", password).email, password


def test_a_contact_request_from_the_conversation_is_stored_for_the_right_office(stack: Stack) -> None:
    soderort, jarva = ombud_account("stockholm-soderort"), ombud_account("stockholm-jarva")
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bor i Farsta")
    intro = joined(stack.replies(sender, "jag vill prata med ett ombud"))
    assert "Personligt ombud Söderort" in intro and "tystnadsplikt" in intro
    assert "Hur vill du att ombudet når dig?" in intro
    stack.replies(sender, "telefon")
    whole = joined(stack.replies(sender, "070-123 45 67"))
    assert "Kommun: Stockholm (Farsta)." in whole and "Vill du skicka den?" in whole
    # Adding more is a choice, each question can be skipped, and the request is shown again.
    assert "Vad vill du ändra?" in joined(stack.replies(sender, "ändra"))
    answers = ["lägg till mer", "förmiddag", "hoppa över", "spelar ingen roll", "barn hemma", "nej"]
    replies = [joined(stack.replies(sender, text)) for text in answers]
    assert "Telefon, 070-123 45 67" in replies[-1] and "Barn hemma" in replies[-1]
    assert "Vill du skicka den?" in replies[-1]
    before = {h.reference for h in handoffs.for_office("stockholm-soderort")}
    sent = joined(stack.replies(sender, "ja"))
    reference = re.search(r"Din kod är ([A-Z0-9]{4}-[A-Z0-9]{4})", sent)
    assert reference, sent
    stored = {h.reference: h for h in handoffs.for_office("stockholm-soderort")}
    assert set(stored) - before == {reference.group(1)}
    assert stored[reference.group(1)].request.contact_value == "070-123 45 67"
    assert stored[reference.group(1)].request.flags == ("children",)
    assert all(h.reference != reference.group(1) for h in handoffs.for_office("stockholm-jarva"))

    assert reference.group(1) in inbox_page(stack, *soderort)
    assert reference.group(1) not in inbox_page(stack, *jarva)

    withdrawn = joined(stack.replies(sender, f"ta bort {reference.group(1)}"))
    assert "är borttagen" in withdrawn
    assert reference.group(1) not in {h.reference for h in handoffs.for_office("stockholm-soderort")}
    assert reference.group(1) not in inbox_page(stack, *soderort)


def inbox_page(stack: Stack, email: str, password: str) -> str:
    """The inbox as that ombud sees it after logging in over HTTP with a browser's cookie jar."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    base = f"http://127.0.0.1:{stack.web_port}/ombud"
    login_page = opener.open(f"{base}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page)
    assert token, login_page
    form = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email, "password": password})
    page = opener.open(f"{base}/login", data=form.encode(), timeout=30).read().decode()
    assert "Logga ut" in page, page
    return page


def test_a_typed_personnummer_never_reaches_the_tracker_store(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "mitt personnummer är 850312-1231, kan jag få hjälp?")
    tracker = http(stack.api(f"/conversations/{sender}/tracker"))
    said = " ".join(event.get("text") or "" for event in tracker["events"])
    assert "850312-1231" not in said and "[personnummer borttaget]" in said
    assert "850312-1231" not in json.dumps(tracker)


def test_where_nobody_could_read_a_request_the_bot_says_so_and_asks_nothing(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bor i Arjeplog")
    reply = joined(stack.replies(sender, "jag vill prata med ett ombud"))
    assert "Jag känner inte till något personligt ombud där." in reply
    assert "Hur vill du att ombudet når dig?" not in reply and "Vilken kommun" not in reply


def test_cancelling_a_contact_request_stores_nothing(stack: Stack) -> None:
    ombud_account("uppsala")
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bor i Uppsala")
    before = len(handoffs.for_office("uppsala"))
    stack.replies(sender, "kan ett ombud ringa mig?")
    assert "Inget skickades till ombuden." in joined(stack.replies(sender, "avbryt"))
    assert len(handoffs.for_office("uppsala")) == before


def test_a_call_asked_for_needs_only_the_number_and_one_yes(stack: Stack) -> None:
    ombud_account("uppsala")
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bor i Uppsala")
    asked = joined(stack.replies(sender, "kan ett ombud ringa mig?"))
    assert "Skriv ditt telefonnummer." in asked and "Hur vill du att ombudet når dig?" not in asked
    whole = joined(stack.replies(sender, "070-123 45 67, efter kl 15 helst"))
    assert "Telefon, 070-123 45 67" in whole and "Eftermiddag" in whole and "Vill du skicka den?" in whole
    sent = joined(stack.replies(sender, "ja skicka"))
    reference = re.search(r"Din kod är ([A-Z0-9]{4}-[A-Z0-9]{4})", sent)
    assert reference, sent
    stored = {h.reference: h for h in handoffs.for_office("uppsala")}[reference.group(1)]
    assert stored.request.contact_value == "070-123 45 67" and stored.request.contact_time == "afternoon"


def test_an_own_number_that_starts_a_request_is_kept_where_an_office_reads_requests(stack: Stack) -> None:
    ombud_account("uppsala")
    sender = uuid.uuid4().hex
    stack.replies(sender, "jag bor i Uppsala")
    start = joined(stack.replies(sender, "sms 070-123 45 67 efter kl 15"))
    assert "Telefon, 070-123 45 67" in start and "Vill du skicka den?" in start
    assert "Inget skickades till ombuden." in joined(stack.replies(sender, "nej"))


def test_a_number_that_starts_a_request_before_a_place_is_known_is_removed_but_the_way_is_kept(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    start = joined(stack.replies(sender, "sms 070-123 45 67 efter kl 15"))
    assert "Jag tog bort det du skrev om hur du nås." in start and "Vilken kommun" in start
    tracker = http(stack.api(f"/conversations/{sender}/tracker"))
    assert "070-123 45 67" not in json.dumps(tracker)
    assert tracker["slots"]["handoff_contact_method"] == "phone"
    assert "Inget skickades till ombuden." in joined(stack.replies(sender, "avbryt"))


def test_a_number_given_with_the_place_is_kept_and_the_request_shown_at_once(stack: Stack) -> None:
    ombud_account("uppsala")
    sender = uuid.uuid4().hex
    assert "Vilken kommun" in joined(stack.replies(sender, "jag vill att ett ombud hör av sig"))
    whole = joined(stack.replies(sender, "uppsala. helst sms 070-123 45 67"))
    assert "Förfrågan går bara till" in whole and "Telefon, 070-123 45 67" in whole and "Vill du skicka den?" in whole
    assert "Inget skickades till ombuden." in joined(stack.replies(sender, "nej"))


def test_an_office_answer_names_the_office_and_its_number_in_its_first_message(stack: Stack) -> None:
    first = stack.replies(uuid.uuid4().hex, "ombud i örebro?")[0]["text"]
    assert "Örebro" in first and "019-21 10 00" in first


def test_hoppa_over_in_the_screener_skips_that_question_and_the_screener_goes_on(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    assert "Hur gammal är du?" in joined(stack.replies(sender, "kan jag få personligt ombud?"))
    reply = joined(stack.replies(sender, "hoppa över"))
    assert "Gör psykisk ohälsa att vardagen är svår för dig?" in reply
    assert "vi slutar med frågorna" not in reply


def test_a_no_where_the_contact_request_asks_the_place_sends_nothing_and_says_so(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    assert "kommun" in joined(stack.replies(sender, "jag vill att ett ombud ringer mig"))
    assert "Inget skickades" in joined(stack.replies(sender, "nej förresten, jag pratar med honom först"))


def test_someone_who_says_they_are_16_hears_where_young_people_get_help_and_no_request_is_started(
        stack: Stack) -> None:
    sender = uuid.uuid4().hex
    reply = joined(stack.replies(sender, "tja e 16 går det att få ett ombud"))
    # Read as the screener or as the question about age, the answer names where young people get help.
    assert "BUP" in reply
    assert "Hur gammal är du?" not in reply, "the age was already said"
    reply = joined(stack.replies(sender, "kan nåt ombud ringa upp mig"))
    assert "ingen förfrågan" in reply and "116 111" in reply
    assert "kommun" not in reply.split("ingen förfrågan")[1], "nothing more is asked"


def test_web_server_health(stack: Stack) -> None:
    assert http(f"http://127.0.0.1:{stack.web_port}/health") == {"status": "ok"}


def listening_addresses(port: int) -> set[str]:
    """The local addresses some process listens on at `port`, read from the kernel's socket tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address if len(address) == width else "?")
    return found


LOOPBACK_V4 = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it


def test_every_process_listens_on_loopback_only(stack: Stack) -> None:
    for port in (stack.rasa_port, stack.actions_port, stack.web_port):
        assert listening_addresses(port) == {LOOPBACK_V4}, port


def test_rasas_api_needs_the_token(stack: Stack) -> None:
    assert http(stack.api("/status"))["model_id"]
    for path in ("/status", "/conversations/someone/tracker"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            http(stack.url(path))
        assert refused.value.code == 401


def all_stopped(stack: Stack, ports: tuple[int, int, int]) -> bool:
    pids = [stack.child_pid(name) for name in ("actions", "rasa", "web")]
    return not any(port_is_open(port) for port in ports) and not any(Path(f"/proc/{pid}").exists() for pid in pids)


def test_sigterm_stops_every_process_and_a_restart_keeps_the_conversation(
    stack: Stack, trained_model: Path, work_dir: Path, ports: tuple[int, int, int]
) -> None:
    sender = uuid.uuid4().hex
    stack.replies(sender, "vad är personligt ombud")

    assert stop_stack(stack, signal.SIGTERM) == 0
    assert all_stopped(stack, ports)

    restarted = start_stack(trained_model, work_dir, ports)
    try:
        tracker = http(restarted.api(f"/conversations/{sender}/tracker"))
        said = [event.get("text") for event in tracker["events"] if event.get("event") == "user"]
        assert "vad är personligt ombud" in said
        assert "chattbot" in joined(restarted.replies(sender, "hej"))
    finally:
        # Ctrl-C in a terminal sends SIGINT.
        assert stop_stack(restarted, signal.SIGINT) == 0
    assert all_stopped(restarted, ports)


def command_lines(stack: Stack) -> list[str]:
    pids = [stack.process.pid, *(stack.child_pid(name) for name in ("actions", "rasa", "web"))]
    return [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() for pid in pids]


def test_when_one_process_dies_the_others_are_stopped(trained_model: Path, work_dir: Path) -> None:
    # Started as `make run` starts it, without a token: the stack makes one of its own.
    ports = (free_port(), free_port(), free_port())
    running = start_stack(trained_model, work_dir, ports, give_token=False)
    assert all("--auth-token" not in line and "token" not in line.lower() for line in command_lines(running))
    with pytest.raises(urllib.error.HTTPError) as refused:
        http(running.url("/status"))
    assert refused.value.code == 401
    # The web server has the token: the chat reaches Rasa's tracker to show the conversation again.
    sender = uuid.uuid4().hex
    chat = f"http://127.0.0.1:{running.web_port}/api"
    assert http(f"{chat}/chat", {"sender": sender, "text": "hej"})["messages"]
    shown = urllib.request.Request(f"{chat}/conversation", headers={"X-Samtal": sender})
    with urllib.request.urlopen(shown, timeout=30) as response:
        assert any(m["from"] == "user" for m in json.loads(response.read())["messages"])
    os.kill(running.child_pid("web"), signal.SIGKILL)
    assert running.process.wait(timeout=60) == 1
    assert all_stopped(running, ports)
    assert "avslutades" in running.log.read_text(errors="replace")

