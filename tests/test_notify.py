"""The e-mail to an office about a new request, through a real SMTP server on localhost."""
from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from conftest import free_port
from sqlalchemy import update
from sqlalchemy.engine import Engine

from casework import handoffs
from casework.handoffs import ContactRequest
from casework.notify import notify_office
from knowledge.loader import ensure_loaded
from knowledge.queries import office
from knowledge.records import Office
from knowledge.tables import TABLES
from storage.engine import engine_for, session_scope

OFFICE, OFFICE_WITHOUT_EMAIL = "cura-blekinge", "norra-dalarna"
OFFICE_EMAIL = "po@blekinge.example"
SUMMARY = "Jag har fått avslag på sjukpenning och mår dåligt."


class Mailbox:
    """Keeps every mail the test SMTP server receives."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, _server: SMTP, _session: SmtpSession, envelope: Envelope) -> str:
        mail = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        self.mails.append((list(envelope.rcpt_tos), mail))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A knowledge base where one office has an e-mail address (none of the shipped ones has)."""
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('notify') / 'ombudsguiden.db'}")
    ensure_loaded(engine)
    with session_scope(engine) as session:
        offices = TABLES[Office]
        session.execute(update(offices).where(offices.c.id == OFFICE).values(email=OFFICE_EMAIL))
    return engine


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    mailbox, port = Mailbox(), free_port()
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_PORT", str(port))
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_FROM", "ombudsguiden@example.se")
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_STARTTLS", "false")
    monkeypatch.setenv("OMBUDSGUIDEN_INBOX_URL", "https://ombudsguiden.example/ombud")
    yield mailbox
    server.stop()


def address_of(office_id: str, engine: Engine) -> str | None:
    """The office's e-mail address as the knowledge base gives it to the action that notifies."""
    found = office(office_id, engine)
    assert found is not None
    return found.email


def new_request(engine: Engine) -> str:
    return handoffs.create(ContactRequest(
        office_id=OFFICE, kommun_code="1082", summary=SUMMARY, contact_method="phone",
        contact_value="070-123 45 67", contact_time="any", name="Kim", transcript="Du: Jag mår dåligt.",
    ), engine)


def test_the_office_gets_the_reference_and_nothing_about_the_person(engine: Engine, mailbox: Mailbox) -> None:
    reference = new_request(engine)

    assert notify_office(reference, OFFICE, address_of(OFFICE, engine)) is True

    [(recipients, mail)] = mailbox.mails
    assert recipients == [OFFICE_EMAIL]
    assert mail["Subject"] == "Ny kontaktförfrågan i Ombudsguiden"
    body = mail.get_content()
    assert reference in body and "https://ombudsguiden.example/ombud" in body
    for private in (SUMMARY, "sjukpenning", "Kim", "070-123 45 67", "mår dåligt"):
        assert private not in body


def test_no_mail_without_an_office_address_or_a_mail_server(engine: Engine, mailbox: Mailbox,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert notify_office("AAAA-BBBB", OFFICE_WITHOUT_EMAIL, address_of(OFFICE_WITHOUT_EMAIL, engine)) is False
    monkeypatch.delenv("OMBUDSGUIDEN_SMTP_HOST")
    assert notify_office("AAAA-BBBB", OFFICE, address_of(OFFICE, engine)) is False
    assert mailbox.mails == []


def test_a_mail_server_that_does_not_answer_is_logged_not_raised(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_PORT", str(free_port()))  # nobody listens there
    monkeypatch.setenv("OMBUDSGUIDEN_SMTP_FROM", "ombudsguiden@example.se")

    assert notify_office("AAAA-BBBB", OFFICE, OFFICE_EMAIL) is False
    assert "could not send the notification of request AAAA-BBBB" in caplog.text
