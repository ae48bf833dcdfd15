"""The chat page in a real browser: Debian's chromium driven by Playwright, against the real stack.

Chromium is started headless with the flags that keep it off the network (no component
updates, no sync, every host name but 127.0.0.1 unresolvable). axe-core comes from the npm
registry (package-lock.json, `npm ci`) and is injected into a context that bypasses the CSP;
every other page runs under the real CSP, and a CSP violation fails the test.
Screenshots of the main states go to build/screenshots/, outside the tracked tree, so that a test
run leaves `git status` clean; OMBUDSGUIDEN_SCREENSHOTS=docs/screenshots refreshes the ones the
docs show.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, free_port
from playwright import sync_api

from bot.runtime.stack import Stack, start_stack, stop_stack
from casework import handoffs
from casework.accounts import add_account
from casework.handoffs import ContactRequest

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / os.environ.get("OMBUDSGUIDEN_SCREENSHOTS", "build/screenshots")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OFFICE = "cura-blekinge"
PASSWORD = "ett långt lösenord för webbläsartest"
# A reply waits for Rasa and the action server; the first one also loads the model's graph.
REPLY_MS = 60_000
OFFLINE_FLAGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability", "--no-first-run", "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]



@pytest.fixture(scope="module", autouse=True)
def browser_tools_installed() -> None:
    """A missing browser fails the tests instead of skipping them: skipped is not tested."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make test`, which installs it"
    assert AXE.exists(), "axe-core is missing: run `make test`, which runs `npm ci`"


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    ports = (free_port(), free_port(), free_port())
    # The share card prints only the configured public address (never the request's Host header).
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OMBUDSGUIDEN_PUBLIC_URL", f"http://127.0.0.1:{ports[2]}")
        running = start_stack(trained_model, tmp_path_factory.mktemp("browser-stack"), ports)
    yield running
    if running.process.poll() is None:
        stop_stack(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    args = OFFLINE_FLAGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, stack: Stack) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page under the real CSP; read-aloud calls are observed (not replaced) in window.spoken."""
    context = browser.new_context(base_url=f"http://127.0.0.1:{stack.web_port}", locale="sv-SE",
                                  viewport={"width": 1024, "height": 800})
    context.add_init_script("""
        window.spoken = [];
        if (window.speechSynthesis) {
          const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
          window.speechSynthesis.speak = (utterance) => { window.spoken.push(utterance.text); speak(utterance); };
        }
    """)
    opened = context.new_page()
    csp_errors: list[str] = []
    opened.on("console", lambda message: csp_errors.append(message.text)
              if "Content Security Policy" in message.text else None)
    opened.set_default_timeout(REPLY_MS)
    yield opened
    context.close()
    assert csp_errors == []


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # else the sticky crisis bar is drawn mid-page
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def bot_says(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(".meddelande.bot", has_text=text).first.wait_for()


def audit(browser, stack: Stack, path: str, storage_state: dict | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.2 AA violations on a page, after its own scripts have run."""
    context = browser.new_context(base_url=f"http://127.0.0.1:{stack.web_port}", bypass_csp=True,
                                  storage_state=storage_state)
    try:
        page = context.new_page()
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
        }""", WCAG_22_AA)
        return violations
    finally:
        context.close()


def test_a_full_conversation_by_mouse_ends_with_a_printable_checklist(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    bot_says(page, "chattbot")
    assert page.get_by_text("Inget skickas till någon utan att du säger ja.").is_visible()
    screenshot(page, "chatt-start")
    page.get_by_role("button", name="Förbered en första kontakt").click()
    bot_says(page, "Ta med")
    page.locator(".meddelande.du", has_text="Förbered en första kontakt").wait_for()
    print_link = page.get_by_role("link", name="Skriv ut listan inför första mötet")
    print_link.wait_for()
    screenshot(page, "chatt-checklista")
    print_link.click()
    page.wait_for_url(re.compile(r"/forbered"))
    assert page.get_by_role("heading", name="Inför första mötet").is_visible()
    assert "?" not in page.url or re.search(r"\?(kommun|myndighet)=[^&]+$", page.url)


def test_a_conversation_by_keyboard_only(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    bot_says(page, "chattbot")
    for _ in range(25):  # from the top of the page to the first choice, as a keyboard user goes
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Vad är personligt ombud?":
            break
    else:
        pytest.fail("the first choice cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no focus ring"
    page.keyboard.press("Enter")
    bot_says(page, "gratis och frivilligt")
    # Focus moves on to the first of the new choices, not back to the top or the text box.
    page.wait_for_function("document.activeElement.matches('.val button:not(:disabled)')")
    assert page.evaluate("""() => {
        const newest = [...document.querySelectorAll('#samtal .meddelande.bot')].filter((m) => m.querySelector('.val'));
        return document.activeElement === newest[newest.length - 1].querySelector('.val button');
    }""")
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "skriv":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the text box cannot be reached with Tab")
    page.keyboard.type("Karlskrona")
    page.keyboard.press("Enter")
    bot_says(page, "Blekinge")
    assert page.locator("#skriv").input_value() == ""
    screenshot(page, "chatt-tangentbord")


def test_an_empty_or_too_long_message_gets_a_clear_error_and_nothing_is_lost(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    bot_says(page, "chattbot")
    page.get_by_role("button", name="Skicka").click()
    assert page.get_by_role("alert").inner_text() == "Skriv något först."
    long_text = "a" * 2001
    page.locator("#skriv").fill(long_text)
    page.get_by_role("button", name="Skicka").click()
    assert "för långt" in page.get_by_role("alert").inner_text()
    assert page.locator("#skriv").input_value() == long_text


def bot_texts(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.locator(".meddelande.bot .text").all_inner_texts())


def test_share_links_preset_the_kommun_and_the_office(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/?kommun=Karlskrona")
    assert page.get_by_text("Chatten gäller Karlskrona.").is_visible()
    bot_says(page, "I Karlskrona finns")
    page.wait_for_url(re.compile(r"/$"))  # a reload continues, it does not start over

    # An office for five kommuner claims none of them: the person picks their own.
    page.goto(f"/o/{OFFICE}")
    assert page.locator(".forval", has_text="Personliga ombud Blekinge").is_visible()
    bot_says(page, "Du kom hit via Personliga ombud Blekinge")
    page.wait_for_url(re.compile(r"/$"))
    choices = page.locator("#samtal .meddelande.bot", has_text="Var bor du?").locator(".val button")
    assert choices.all_inner_texts() == ["Olofström", "Karlskrona", "Ronneby", "Karlshamn", "Sölvesborg"]
    assert "Olofström" not in bot_texts(page)
    screenshot(page, "chatt-delningslank")
    page.get_by_role("button", name="Ronneby").click()
    bot_says(page, "I Ronneby finns Personliga ombud Blekinge")
    assert "Olofström" not in bot_texts(page) and "Karlskrona" not in bot_texts(page)
    # A web address in the bot's text is a real link, made with DOM calls (no HTML).
    link = page.locator(".meddelande.bot .text a").first
    assert re.match(r"https?://", link.get_attribute("href")) and link.get_attribute("rel") == "noopener noreferrer"
    assert link.inner_text() in bot_texts(page)

    # Reloading continues the conversation (sessionStorage), and restored messages are not read out again.
    page.reload()
    bot_says(page, "I Ronneby finns")
    assert page.url.endswith("/")
    assert page.locator("#tidigare .meddelande", has_text="I Ronneby finns").count() == 1
    assert page.locator("[aria-live] .meddelande").count() == 0
    assert page.locator("#vantar").get_attribute("role") == "status"
    page.locator("#skriv").fill("vad är PO?")
    page.keyboard.press("Enter")
    bot_says(page, "gratis och frivilligt")
    new = page.locator("#samtal .meddelande", has_text="gratis och frivilligt")
    assert new.count() >= 1
    live = page.evaluate("(m) => m.closest('[aria-live]').getAttribute('aria-live')", new.first.element_handle())
    assert live == "polite"


def test_the_crisis_bar_is_visible_on_a_360_px_phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto("/")
    bot_says(page, "chattbot")
    bar = page.get_by_role("complementary", name="Akut hjälp")
    for where in ("top", "bottom"):  # the bar stays on screen when the conversation scrolls
        page.evaluate(f"window.scrollTo(0, {'0' if where == 'top' else 'document.body.scrollHeight'})")
        box = bar.bounding_box()
        assert box is not None and box["y"] >= -1 and box["y"] + box["height"] <= 640
        assert box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    for number in ("112", "90101", "1177"):
        assert bar.get_by_role("link", name=number).get_attribute("href") == f"tel:{number}"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "chatt-360px.png"))
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)") >= box["height"]
    page.set_viewport_size({"width": 320, "height": 256})  # 400 % zoom: the bar no longer follows
    assert page.evaluate("getComputedStyle(document.querySelector('.kris')).position") == "static"


FOCUS_AND_CRISIS_BAR = """() => {
    const focused = document.activeElement;
    const box = focused.getBoundingClientRect();
    const bar = document.querySelector('.kris').getBoundingClientRect();
    const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {name: focused.textContent.trim(), top: box.top, barBottom: bar.bottom, seen: focused.contains(onTop),
            first: focused === document.querySelector('#samtal .val button:not(:disabled)')};
}"""


def test_shift_tab_up_the_conversation_on_a_360_px_phone_never_hides_focus_under_the_crisis_bar(page) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.2 SC 2.4.11 Focus Not Obscured: the sticky bar is about 90 px tall at 360 px."""
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto("/")
    bot_says(page, "chattbot")
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * 640, "the conversation does not scroll"
    page.locator("#skriv").focus()  # at the bottom of the page, where a keyboard user starts going back up
    first_choice = page.locator("#samtal .val button:not(:disabled)").first
    bar_bottom = page.evaluate("document.querySelector('.kris').getBoundingClientRect().bottom")
    assert first_choice.bounding_box()["y"] < bar_bottom, "the first choice is already in view: nothing to scroll"
    stops = []
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        stops.append(page.evaluate(FOCUS_AND_CRISIS_BAR))
        if stops[-1]["first"]:
            break
    else:
        pytest.fail("the first choice cannot be reached with Shift+Tab")
    hidden = [stop["name"] for stop in stops if stop["top"] < stop["barBottom"] or not stop["seen"]]
    assert hidden == [], "focus went under the crisis bar"


def test_larger_text_and_high_contrast_toggle_and_are_remembered(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    bot_says(page, "chattbot")
    size_before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    larger = page.get_by_role("button", name="Större text")
    larger.click()
    assert larger.get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > size_before * 1.2
    page.get_by_role("button", name="Hög kontrast").click()
    page.reload()
    bot_says(page, "chattbot")
    assert page.evaluate("document.documentElement.className").split() == ["stor-text", "hog-kontrast"]
    screenshot(page, "chatt-stor-text-hog-kontrast")
    larger = page.get_by_role("button", name="Större text")
    larger.click()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == size_before


def test_read_aloud_speaks_new_bot_messages(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    bot_says(page, "chattbot")
    read_aloud = page.get_by_role("button", name="Läs upp svaren")
    if not page.evaluate("'speechSynthesis' in window"):
        assert read_aloud.is_hidden()  # degrades silently: no button that does nothing
        return
    read_aloud.click()
    assert read_aloud.get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.spoken") == []  # only messages after switching on are read
    page.get_by_role("button", name="Vad är personligt ombud?").click()
    bot_says(page, "gratis och frivilligt")
    spoken = page.evaluate("window.spoken")
    assert spoken and "gratis och frivilligt" in " ".join(spoken)


def test_delete_my_conversation_empties_it_on_the_server(page, stack: Stack) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    bot_says(page, "chattbot")
    # Slow the next reply down: while it is on its way, nothing can start over or delete.
    page.evaluate("""() => {
        const original = window.fetch;
        window.fetch = (...args) => new Promise((wait) => setTimeout(wait, 1500)).then(() => original(...args));
    }""")
    page.locator("#skriv").fill("vad är PO?")
    page.keyboard.press("Enter")
    assert page.locator("#vantar").inner_text() == "Ombudsguiden skriver …"
    assert page.get_by_role("button", name="Radera min konversation").is_disabled()
    assert page.get_by_role("button", name="Börja om").is_disabled()
    bot_says(page, "gratis och frivilligt")
    assert page.get_by_role("button", name="Radera min konversation").is_enabled()
    assert page.locator("#vantar").inner_text() == ""
    sender = page.evaluate("sessionStorage.getItem('ombudsguiden.samtal')")
    assert sender and page.evaluate("localStorage.getItem('ombudsguiden.samtal')") is None
    assert tracker_events(stack, sender)
    confirmed: list[str] = []
    page.once("dialog", lambda dialog: (confirmed.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Radera min konversation").click()
    bot_says(page, "Din konversation är raderad")
    assert "finns kvar hos kontoret" in confirmed[0]
    assert page.locator(".meddelande", has_text="vad är PO?").count() == 0
    assert page.evaluate("sessionStorage.getItem('ombudsguiden.samtal')") != sender
    assert tracker_events(stack, sender) == []


def tracker_events(stack: Stack, sender: str) -> list[dict]:
    with urllib.request.urlopen(stack.api(f"/conversations/{sender}/tracker"), timeout=30) as response:
        return [e for e in json.loads(response.read())["events"] if e["event"] in {"user", "bot"}]


def test_the_printable_checklist_renders_for_print(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/forbered?kommun=Karlskrona")
    assert page.get_by_role("heading", name="Inför första mötet").is_visible()
    assert page.get_by_role("heading", name="Ta med").is_visible()
    page.emulate_media(media="print")
    assert page.get_by_role("button", name="Skriv ut").is_hidden()
    screenshot(page, "forbered-utskrift")


@pytest.fixture(scope="module")
def logged_in_ombud(browser, stack: Stack) -> dict:  # type: ignore[no-untyped-def]
    """The storage state of an ombud logged in to the inbox, with one request waiting."""
    email = f"ombud-{secrets.token_hex(4)}@blekinge.example"
    add_account(OFFICE, email, PASSWORD)
    handoffs.create(ContactRequest(office_id=OFFICE, kommun_code="1080", summary="Jag vill ha hjälp med FK.",
                                   contact_method="phone", contact_value="070-123 45 67",
                                   contact_time="forenoon", name="Kim", flags=("children",)))
    context = browser.new_context(base_url=f"http://127.0.0.1:{stack.web_port}")
    page = context.new_page()
    page.goto("/ombud/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/ombud$"))
    state = context.storage_state()
    context.close()
    return state


def test_the_share_page_shows_the_office_link_and_a_qr_code(browser, stack: Stack, logged_in_ombud: dict) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=f"http://127.0.0.1:{stack.web_port}", storage_state=logged_in_ombud)
    page = context.new_page()
    page.goto("/ombud")
    page.get_by_role("link", name=re.compile("Dela en länk")).click()
    page.wait_for_url(re.compile(r"/ombud/dela$"))
    assert page.locator(f'a[href$="/o/{OFFICE}"]').is_visible()
    qr = page.get_by_role("img", name=re.compile("QR-kod"))
    # The picture arrives after the page; a broken one stays at width 0 and times the wait out.
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle(), timeout=10_000)
    screenshot(page, "inkorg-dela")
    context.close()


def test_axe_finds_no_wcag_22_aa_violations(browser, stack: Stack, logged_in_ombud: dict) -> None:  # type: ignore[no-untyped-def]
    request_id = max(h.id for h in handoffs.for_office(OFFICE))
    public = ["/", "/?kommun=Karlskrona", f"/o/{OFFICE}", "/forbered?kommun=Karlskrona", "/forbered?myndighet=FK",
              "/ombud/login"]
    inbox = ["/ombud", f"/ombud/request/{request_id}", "/ombud/dela"]
    found = {path: audit(browser, stack, path) for path in public}
    found |= {path: audit(browser, stack, path, logged_in_ombud) for path in inbox}
    assert {path: v for path, v in found.items() if v} == {}
