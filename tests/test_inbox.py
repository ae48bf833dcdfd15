"""The ombud inbox over real HTTP, with real accounts and requests in the test database."""
from __future__ import annotations

import asyncio
import re
import secrets
import threading
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.web import inbox as inbox_module
from bot.web import throttle as throttle_module
from bot.web.app import create_app
from bot.web.sessions import COOKIE_NAME
from bot.web.throttle import (
    FIRST_WAIT_SECONDS,
    FREE_FAILURES_PER_ACCOUNT,
    FREE_FAILURES_PER_ACCOUNT_AND_CLIENT,
    FREE_FAILURES_PER_CLIENT,
    LONGEST_WAIT_PER_ACCOUNT_SECONDS,
    LONGEST_WAIT_SECONDS,
    WINDOW_SECONDS,
    LoginThrottle,
)
from casework import handoffs
from casework.accounts import add_account, authenticate
from casework.handoffs import DENIED, OPENED, Account, ContactRequest
from casework.schema import AuditRow
from storage.engine import get_engine, session_scope

OFFICE_A, OFFICE_B = "cura-blekinge", "norra-dalarna"
PASSWORD = "ett långt lösenord för test"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def ombud() -> dict[str, Account]:
    """One ombud per office, made the way `ombudsguiden user add` makes them."""
    tag = secrets.token_hex(4)
    return {office: add_account(office, f"ombud-{tag}@{office}.example", PASSWORD) for office in (OFFICE_A, OFFICE_B)}


@pytest.fixture(autouse=True)
def plain_http_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server speaks http, and a browser never sends a Secure cookie over http."""
    monkeypatch.setenv("OMBUDSGUIDEN_COOKIE_SECURE", "false")


def new_request(office_id: str, summary: str = "Jag behöver hjälp med Försäkringskassan.",
                transcript: str | None = None, name: str | None = "Kim") -> tuple[int, str]:
    reference = handoffs.create(ContactRequest(
        office_id=office_id, kommun_code="1082", summary=summary, contact_method="phone",
        contact_value="070-123 45 67", contact_time="forenoon", name=name, flags=("children", "losing_home"),
        transcript=transcript,
    ))
    handoff_id = next(h.id for h in handoffs.for_office(office_id) if h.reference == reference)
    return handoff_id, reference


def served(test: Callable[[TestClient], Awaitable[None]]) -> None:
    async def run() -> None:
        async with TestClient(TestServer(create_app())) as client:
            await test(client)
    asyncio.run(run())


async def token(client: TestClient, path: str) -> str:
    page = await (await client.get(path)).text()
    found = CSRF.search(page)
    assert found, page
    return found.group(1)


async def log_in(client: TestClient, email: str, password: str = PASSWORD) -> ClientResponse:
    form = {"csrf_token": await token(client, "/ombud/login"), "email": email, "password": password}
    return await client.post("/ombud/login", data=form, allow_redirects=False)


async def act(client: TestClient, handoff_id: int, action: str, **fields: str) -> ClientResponse:
    form = {"csrf_token": await token(client, f"/ombud/request/{handoff_id}"), **fields}
    return await client.post(f"/ombud/request/{handoff_id}/{action}", data=form, allow_redirects=False)


def audit_actions(reference: str | None = None, account_id: int | None = None) -> list[str]:
    query = select(AuditRow.action).order_by(AuditRow.id)
    if reference is not None:
        query = query.where(AuditRow.handoff_reference == handoffs.normalise_reference(reference))
    if account_id is not None:
        query = query.where(AuditRow.account_id == account_id)
    with session_scope(get_engine()) as session:
        return list(session.scalars(query))


def test_pages_need_a_login() -> None:
    async def test(client: TestClient) -> None:
        for path in ("/ombud", "/ombud/request/1"):
            response = await client.get(path, allow_redirects=False)
            assert response.status == 303 and response.headers["Location"] == "/ombud/login"
    served(test)


def test_an_ombud_sees_the_requests_of_their_own_office_only(ombud: dict[str, Account]) -> None:
    _, reference_a = new_request(OFFICE_A, summary="Förfrågan till kontor A.")
    _, reference_b = new_request(OFFICE_B, summary="Förfrågan till kontor B.")

    async def test(client: TestClient) -> None:
        response = await log_in(client, ombud[OFFICE_A].email)
        assert response.status == 303 and response.headers["Location"] == "/ombud"
        page = await (await client.get("/ombud")).text()
        assert reference_a in page and reference_b not in page
        assert "Barn hemma, Risk att förlora bostaden" in page
        assert "Personliga ombud Blekinge" in page
        # No word of what a person wrote in the list: reading it means opening it, which is audited.
        assert "Förfrågan till kontor" not in page and "070-123 45 67" not in page and "Kim" not in page
    served(test)
    assert OPENED not in audit_actions(reference_a)


def test_the_list_can_show_one_status(ombud: dict[str, Account]) -> None:
    claimed_id, claimed = new_request(OFFICE_A)
    handoffs.change(ombud[OFFICE_A], claimed_id, handoffs.CLAIM)
    _, fresh = new_request(OFFICE_A)

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_A].email)
        page = await (await client.get("/ombud?status=claimed")).text()
        assert claimed in page and fresh not in page
        row = re.search(rf"<tr>\s*<th[^>]*><a [^>]*>{claimed}</a>.*?</tr>", page, re.S)
        assert row and f"<td>{ombud[OFFICE_A].email}</td>" in row.group(0)  # who took it
        everything = await (await client.get("/ombud")).text()
        assert claimed in everything and fresh in everything
    served(test)


def test_another_office_gets_403_for_a_request_and_cannot_change_it(ombud: dict[str, Account]) -> None:
    handoff_id, _ = new_request(OFFICE_A, summary="Bara kontor A får läsa det här.")

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_B].email)
        opened = await client.get(f"/ombud/request/{handoff_id}")
        assert opened.status == 403
        assert "Bara kontor A" not in await opened.text()
        missing = await client.get("/ombud/request/999999999")
        assert missing.status == 403  # the same answer, so ids cannot be probed
        form = {"csrf_token": await token(client, "/ombud")}
        claimed = await client.post(f"/ombud/request/{handoff_id}/claim", data=form, allow_redirects=False)
        assert claimed.status == 403
    served(test)
    assert handoffs.get(OFFICE_A, handoff_id).status == handoffs.NEW  # type: ignore[union-attr]
    # Both refusals are in the audit log with the request's code, and nothing else happened to it.
    reference = handoffs.get(OFFICE_A, handoff_id).reference  # type: ignore[union-attr]
    assert audit_actions(reference) == [DENIED, DENIED]
    assert audit_actions(reference, ombud[OFFICE_B].id) == [DENIED, DENIED]


def test_a_form_without_the_right_csrf_token_is_refused(ombud: dict[str, Account]) -> None:
    handoff_id, _ = new_request(OFFICE_A)

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_A].email)
        without = await client.post(f"/ombud/request/{handoff_id}/claim", allow_redirects=False)
        wrong = await client.post(f"/ombud/request/{handoff_id}/close", data={"csrf_token": "gissning"},
                                  allow_redirects=False)
        assert without.status == 403 and wrong.status == 403
        assert "Formuläret kunde inte skickas" in await wrong.text()
    served(test)
    assert handoffs.get(OFFICE_A, handoff_id).status == handoffs.NEW  # type: ignore[union-attr]

    async def login_without_token(client: TestClient) -> None:
        data = {"email": ombud[OFFICE_A].email, "password": PASSWORD}
        assert (await client.post("/ombud/login", data=data, allow_redirects=False)).status == 403
    served(login_without_token)


def test_html_in_a_request_is_shown_as_text(ombud: dict[str, Account]) -> None:
    handoff_id, _ = new_request(OFFICE_A, summary="<script>alert(1)</script>", name="<b>Kim</b>")

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_A].email)
        assert "alert(1)" not in await (await client.get("/ombud")).text()
        page = await (await client.get(f"/ombud/request/{handoff_id}")).text()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
        assert "&lt;b&gt;Kim&lt;/b&gt;" in page
    served(test)


def test_the_conversation_is_shown_only_when_the_person_shared_it(ombud: dict[str, Account]) -> None:
    private_id, _ = new_request(OFFICE_A)
    shared_id, _ = new_request(OFFICE_A, transcript="Du: Jag har fått avslag.\nBoten: Då kan du begära omprövning.")

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_A].email)
        private = await (await client.get(f"/ombud/request/{private_id}")).text()
        shared = await (await client.get(f"/ombud/request/{shared_id}")).text()
        assert "Personen valde att inte dela samtalet." in private
        assert "Jag har fått avslag." in shared and "Personen valde att inte dela" not in shared
    served(test)


def test_claim_note_contacted_and_close_change_the_request_and_are_audited(ombud: dict[str, Account]) -> None:
    handoff_id, reference = new_request(OFFICE_A)
    me = ombud[OFFICE_A]

    async def test(client: TestClient) -> None:
        await log_in(client, me.email)
        steps = [("claim", {}, "Tagen"), ("note", {"text": "Ringde, inget svar. Provar i morgon."}, "Tagen"),
                 ("contacted", {}, "Kontaktad"), ("close", {}, "Avslutad")]
        for action, fields, status_label in steps:
            response = await act(client, handoff_id, action, **fields)
            assert response.status == 303 and response.headers["Location"] == f"/ombud/request/{handoff_id}"
            page = await (await client.get(f"/ombud/request/{handoff_id}")).text()
            assert f"<dt>Status</dt><dd>{status_label}</dd>" in page
        assert "Ringde, inget svar. Provar i morgon." in page
        assert f"<dt>Tagen av</dt><dd>{me.email}</dd>" in page
        empty_note = await act(client, handoff_id, "note", text="   ")
        assert empty_note.status == 400
    served(test)
    stored = handoffs.get(OFFICE_A, handoff_id)
    assert stored is not None and stored.status == handoffs.CLOSED and stored.claimed_by == me.email
    assert [n.text for n in stored.notes] == ["Ringde, inget svar. Provar i morgon."]
    changes = [action for action in audit_actions(reference, me.id) if action != "open"]
    assert changes == ["claim", "note", "contacted", "close"]
    assert "open" in audit_actions(reference, me.id)


def test_a_change_the_status_does_not_allow_answers_409_and_changes_nothing(ombud: dict[str, Account]) -> None:
    handoff_id, reference = new_request(OFFICE_A)
    me = ombud[OFFICE_A]

    async def test(client: TestClient) -> None:
        await log_in(client, me.email)
        too_early = await act(client, handoff_id, "contacted")  # not taken yet
        assert too_early.status == 409
        text = await too_early.text()
        assert "Det går inte att markera som kontaktad förfrågan" in text and "den är ny" in text
        assert (await act(client, handoff_id, "close")).status == 303
        page = await (await client.get(f"/ombud/request/{handoff_id}")).text()
        assert "/claim" not in page and "/contacted" not in page and "/close" not in page  # no buttons left
        reopened = await act(client, handoff_id, "claim")  # a crafted form cannot reopen it
        assert reopened.status == 409 and "Det går inte att ta förfrågan" in await reopened.text()
        assert (await act(client, handoff_id, "note", text="Avslutad efter samtal.")).status == 303
    served(test)
    stored = handoffs.get(OFFICE_A, handoff_id)
    assert stored is not None and stored.status == handoffs.CLOSED and stored.claimed_by is None
    assert [action for action in audit_actions(reference) if action != OPENED] == ["close", "note"]


def test_a_request_taken_by_a_colleague_cannot_be_taken_over(ombud: dict[str, Account]) -> None:
    colleague = add_account(OFFICE_A, f"kollega-{secrets.token_hex(4)}@example.se", PASSWORD)
    handoff_id, _ = new_request(OFFICE_A)
    assert handoffs.change(colleague, handoff_id, handoffs.CLAIM) is handoffs.ChangeResult.DONE

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_A].email)
        taken = await act(client, handoff_id, "claim")
        assert taken.status == 409 and f"den är tagen av {colleague.email}" in await taken.text()
    served(test)
    assert handoffs.get(OFFICE_A, handoff_id).claimed_by == colleague.email  # type: ignore[union-attr]


def test_a_note_has_a_length_limit(ombud: dict[str, Account]) -> None:
    handoff_id, _ = new_request(OFFICE_A)

    async def test(client: TestClient) -> None:
        await log_in(client, ombud[OFFICE_A].email)
        too_long = await act(client, handoff_id, "note", text="x" * (handoffs.NOTE_MAX_LENGTH + 1))
        assert too_long.status == 400
        assert f"högst {handoffs.NOTE_MAX_LENGTH} tecken" in await too_long.text()
        assert (await act(client, handoff_id, "note", text="x" * handoffs.NOTE_MAX_LENGTH)).status == 303
    served(test)
    stored = handoffs.get(OFFICE_A, handoff_id)
    assert stored is not None and [len(n.text) for n in stored.notes] == [handoffs.NOTE_MAX_LENGTH]


def failed_logins() -> list[tuple[int | None, str | None, str | None]]:
    """(account id, address tried, client address) of every failed login in the audit log."""
    with session_scope(get_engine()) as session:
        return [tuple(row) for row in session.execute(
            select(AuditRow.account_id, AuditRow.attempted_email, AuditRow.client_address)
            .where(AuditRow.action == "login_failed").order_by(AuditRow.id))]


def test_repeated_failed_logins_wait_and_are_audited_with_the_account_and_address(ombud: dict[str, Account]) -> None:
    failed_before = len(failed_logins())

    async def test(client: TestClient) -> None:
        for _ in range(FREE_FAILURES_PER_ACCOUNT_AND_CLIENT):
            response = await log_in(client, ombud[OFFICE_B].email, "fel lösenord igen")
            assert response.status == 200
            assert "Fel e-postadress eller lösenord." in await response.text()
        blocked = await log_in(client, ombud[OFFICE_B].email)  # even the right password waits now
        assert blocked.status == 429
        assert "För många misslyckade försök. Vänta 2 sekunder och försök igen." in await blocked.text()
        assert blocked.headers["Retry-After"] == str(int(FIRST_WAIT_SECONDS))
        assert (await client.get("/ombud", allow_redirects=False)).status == 303
        await log_in(client, "finns-inte@example.se", "fel lösenord igen")
        await log_in(client, "mitt hemliga lösenord", "fel lösenord igen")  # a password typed as the address
    served(test)
    audited = failed_logins()[failed_before:]
    assert audited[:FREE_FAILURES_PER_ACCOUNT_AND_CLIENT] == [
        (ombud[OFFICE_B].id, ombud[OFFICE_B].email, "127.0.0.1")] * FREE_FAILURES_PER_ACCOUNT_AND_CLIENT
    # A refused attempt is not checked, so not audited; an unknown address is, but never a password.
    assert audited[FREE_FAILURES_PER_ACCOUNT_AND_CLIENT:] == [(None, "finns-inte@example.se", "127.0.0.1"),
                                                              (None, None, "127.0.0.1")]


def test_one_client_guessing_many_addresses_is_stopped_too(ombud: dict[str, Account]) -> None:
    async def test(client: TestClient) -> None:
        for attempt in range(FREE_FAILURES_PER_CLIENT):
            await log_in(client, f"gissning-{attempt}@example.se", "fel lösenord igen")
        assert (await log_in(client, ombud[OFFICE_A].email)).status == 429
    served(test)


def test_wrong_passwords_sent_at_once_get_no_more_checks_than_the_limit(
        ombud: dict[str, Account], monkeypatch: pytest.MonkeyPatch) -> None:
    checks, lock = [0], threading.Lock()

    def counted(email: str, password: str, client: str | None = None) -> Account | None:
        with lock:
            checks[0] += 1
        return authenticate(email, password, client=client)

    monkeypatch.setattr(inbox_module, "authenticate", counted)
    allowed = FREE_FAILURES_PER_ACCOUNT_AND_CLIENT
    attempts = 4 * allowed

    async def test(client: TestClient) -> None:
        form = {"csrf_token": await token(client, "/ombud/login"), "email": ombud[OFFICE_A].email,
                "password": "fel lösenord igen"}
        answers = await asyncio.gather(*(client.post("/ombud/login", data=form, allow_redirects=False)
                                         for _ in range(attempts)))
        statuses = sorted(answer.status for answer in answers)
        assert statuses == [200] * allowed + [429] * (attempts - allowed)
    served(test)
    assert checks[0] == allowed


def _proxied_login(client: TestClient, email: str, forwarded_for: str,
                   password: str = "fel lösenord igen") -> Awaitable[ClientResponse]:
    async def attempt() -> ClientResponse:
        form = {"csrf_token": await token(client, "/ombud/login"), "email": email, "password": password}
        return await client.post("/ombud/login", data=form, allow_redirects=False,
                                 headers={"X-Forwarded-For": forwarded_for})
    return attempt()


@pytest.mark.parametrize("trusted", [False, True])
def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_client(
        trusted: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle_module, "FREE_FAILURES_PER_CLIENT", 2)
    if trusted:
        monkeypatch.setenv("OMBUDSGUIDEN_TRUSTED_PROXY", "true")
    else:
        monkeypatch.delenv("OMBUDSGUIDEN_TRUSTED_PROXY", raising=False)

    async def test(client: TestClient) -> None:
        for attempt in range(2):
            guess = await _proxied_login(client, f"gissning-{attempt}@example.se", "203.0.113.5")
            assert guess.status == 200
        # Everything reaches the server from the proxy, 127.0.0.1. Only a trusted proxy's header tells
        # one person from another; otherwise the header could be made up to escape the limit.
        someone_else = await _proxied_login(client, "ombud@example.se", "198.51.100.7")
        assert someone_else.status == (200 if trusted else 429)
        # The proxy appends the address it saw; what the client put in front of it does not count.
        spoofed = await _proxied_login(client, "ombud2@example.se", "198.51.100.99, 203.0.113.5")
        assert spoofed.status == 429
    served(test)


def test_someone_failing_on_purpose_elsewhere_cannot_keep_an_ombud_out(
        ombud: dict[str, Account], monkeypatch: pytest.MonkeyPatch) -> None:
    """Five failures used to lock the account for a quarter of an hour, from wherever they came."""
    monkeypatch.setenv("OMBUDSGUIDEN_TRUSTED_PROXY", "true")
    victim = ombud[OFFICE_A].email

    async def test(client: TestClient) -> None:
        answers = [(await _proxied_login(client, victim, "203.0.113.66")).status
                   for _ in range(FREE_FAILURES_PER_ACCOUNT_AND_CLIENT + 3)]
        assert answers.count(200) == FREE_FAILURES_PER_ACCOUNT_AND_CLIENT and answers.count(429) == 3
        at_the_office = await _proxied_login(client, victim, "198.51.100.20", password=PASSWORD)
        assert at_the_office.status == 303 and at_the_office.headers["Location"] == "/ombud"
    served(test)


def test_the_wait_doubles_with_each_failure_up_to_a_ceiling() -> None:
    moment = [0.0]
    throttle = LoginThrottle(clock=lambda: moment[0])

    def fail_when_allowed() -> float:
        """Waits as long as asked, fails once, and returns how long the wait was."""
        wait = throttle.wait_seconds("anna@example.se", "10.0.0.1")
        moment[0] += wait
        assert throttle.begin("anna@example.se", "10.0.0.1") is not None
        return wait

    waits = [fail_when_allowed() for _ in range(FREE_FAILURES_PER_ACCOUNT_AND_CLIENT + 4)]
    assert waits[:FREE_FAILURES_PER_ACCOUNT_AND_CLIENT] == [0.0] * FREE_FAILURES_PER_ACCOUNT_AND_CLIENT
    assert waits[FREE_FAILURES_PER_ACCOUNT_AND_CLIENT:] == [FIRST_WAIT_SECONDS * 2 ** n for n in range(4)]
    for _ in range(20):
        fail_when_allowed()
    assert throttle.wait_seconds("anna@example.se", "10.0.0.1") <= LONGEST_WAIT_SECONDS


def test_failures_spread_over_many_addresses_slow_an_account_by_at_most_a_minute() -> None:
    moment = [0.0]
    throttle = LoginThrottle(clock=lambda: moment[0])
    for attacker in range(FREE_FAILURES_PER_ACCOUNT * 3):
        moment[0] += throttle.wait_seconds("anna@example.se", f"203.0.113.{attacker}")
        assert throttle.begin("anna@example.se", f"203.0.113.{attacker}") is not None
    assert 0 < throttle.wait_seconds("anna@example.se", "198.51.100.20") <= LONGEST_WAIT_PER_ACCOUNT_SECONDS


def test_a_right_password_does_not_count_as_a_failed_attempt() -> None:
    throttle = LoginThrottle(clock=lambda: 0.0)
    for _ in range(FREE_FAILURES_PER_ACCOUNT_AND_CLIENT - 1):
        assert throttle.begin("anna@example.se", "10.0.0.1") is not None  # wrong passwords: never taken back
    attempt = throttle.begin("anna@example.se", "10.0.0.1")
    assert attempt is not None and throttle.blocked("anna@example.se", "10.0.0.1")  # counted while checked
    throttle.succeeded(attempt)
    assert not throttle.blocked("anna@example.se", "10.0.0.1")
    assert throttle.begin("anna@example.se", "10.0.0.1") is not None
    assert throttle.begin("anna@example.se", "10.0.0.1") is None


def test_failed_logins_are_forgotten_after_the_window() -> None:
    moment = [0.0]
    throttle = LoginThrottle(clock=lambda: moment[0])
    for _ in range(FREE_FAILURES_PER_ACCOUNT_AND_CLIENT):
        throttle.begin("anna@example.se", "10.0.0.1")
    assert throttle.blocked("anna@example.se", "10.0.0.1")
    assert not throttle.blocked("anna@example.se", "10.0.0.2")  # the ombud at another address still gets in
    assert not throttle.blocked("bo@example.se", "10.0.0.1")
    moment[0] = WINDOW_SECONDS + 1
    assert not throttle.blocked("anna@example.se", "10.0.0.1")


def test_the_throttle_remembers_a_bounded_number_of_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle_module, "MAX_TRACKED_KEYS", 50)
    throttle = LoginThrottle(clock=lambda: 0.0)
    for guess in range(500):
        throttle.begin(f"gissning-{guess}@example.se", f"2001:db8:{guess:x}::1")
    assert len(throttle._failures) <= 50


def test_logout_ends_the_session_even_for_a_copied_cookie(ombud: dict[str, Account]) -> None:
    me = ombud[OFFICE_A]

    async def test(client: TestClient) -> None:
        await log_in(client, me.email)
        session_cookie = client.session.cookie_jar.filter_cookies(client.make_url("/ombud"))[COOKIE_NAME].value
        response = await client.post("/ombud/logout", data={"csrf_token": await token(client, "/ombud")},
                                     allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/ombud/login"
        assert (await client.get("/ombud", allow_redirects=False)).status == 303
        client.session.cookie_jar.clear()
        copied = await client.get("/ombud", headers={"Cookie": f"{COOKIE_NAME}={session_cookie}"},
                                  allow_redirects=False)
        assert copied.status == 303 and copied.headers["Location"] == "/ombud/login"
        again = await log_in(client, me.email)  # and a new login works at once
        assert again.status == 303 and (await client.get("/ombud")).status == 200
    served(test)
    assert audit_actions(account_id=me.id)[-3:] == ["login", "logout", "login"]


class _Page(HTMLParser):
    """What a page offers to assistive technology: labelled fields, scripts and inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.fields: list[str | None] = []
        self.scripts_or_styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])  # type: ignore[arg-type]
        if tag in ("input", "textarea", "select") and attributes.get("type") != "hidden":
            self.fields.append(attributes.get("id"))
        if tag in ("script", "style") or "style" in attributes:
            self.scripts_or_styles += 1


def test_pages_are_swedish_labelled_script_free_and_send_the_security_headers(ombud: dict[str, Account]) -> None:
    handoff_id, _ = new_request(OFFICE_A)

    async def test(client: TestClient) -> None:
        login_page = await client.get("/ombud/login")
        set_cookie = login_page.headers["Set-Cookie"]
        assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Path=/ombud" in set_cookie
        pages = [login_page]
        await log_in(client, ombud[OFFICE_A].email)
        pages += [await client.get("/ombud"), await client.get(f"/ombud/request/{handoff_id}"),
                  await client.get("/ombud/request/999999999")]
        for response in pages:
            html = await response.text()
            assert '<html lang="sv">' in html and 'href="#innehall"' in html and '<main id="innehall"' in html
            assert "<h1>" in html
            page = _Page()
            page.feed(html)
            assert all(field in page.labels for field in page.fields), page.fields
            assert page.scripts_or_styles == 0
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Cache-Control"] == "no-store"
        redirect = await client.get("/ombud/login", allow_redirects=False)
        assert redirect.status == 303 and "Content-Security-Policy" in redirect.headers
        stylesheet = await client.get("/ombud/inbox.css")
        assert stylesheet.status == 200 and stylesheet.content_type == "text/css"
    served(test)


def test_the_session_cookie_is_secure_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMBUDSGUIDEN_COOKIE_SECURE")

    async def test(client: TestClient) -> None:
        assert "Secure" in (await client.get("/ombud/login")).headers["Set-Cookie"]
    served(test)
