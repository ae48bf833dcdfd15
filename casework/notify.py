"""A short e-mail to an office that a contact request waits in the inbox.

The mail holds the reference and nothing else: e-mail is not a safe place for what a person
told the bot, so the summary, the contact details and any health data stay in the inbox.
Sent only when OMBUDSGUIDEN_SMTP_HOST and OMBUDSGUIDEN_SMTP_FROM are set, and only to the
office's address that the caller takes from the knowledge base.

The action server sends it, right after it stores the request; the inbox (bot/web) only reads.
"""
from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from storage.settings import flag

logger = logging.getLogger(__name__)

# The reply does not wait for the mail (it is sent from a background thread); the timeout keeps a
# hanging mail server from holding that thread for long.
SMTP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None
    password: str | None
    starttls: bool
    inbox_url: str | None

    @classmethod
    def from_environment(cls) -> SmtpSettings | None:
        """None when no mail server is configured: then no office is notified."""
        host, sender = os.environ.get("OMBUDSGUIDEN_SMTP_HOST"), os.environ.get("OMBUDSGUIDEN_SMTP_FROM")
        if not host or not sender:
            return None
        return cls(
            host=host, port=int(os.environ.get("OMBUDSGUIDEN_SMTP_PORT", "587")), sender=sender,
            user=os.environ.get("OMBUDSGUIDEN_SMTP_USER") or None,
            password=os.environ.get("OMBUDSGUIDEN_SMTP_PASSWORD") or None,
            # On by default, so that a password never crosses the network in clear text by mistake.
            starttls=flag("OMBUDSGUIDEN_SMTP_STARTTLS", default=True),
            inbox_url=os.environ.get("OMBUDSGUIDEN_INBOX_URL") or None,
        )


def _notification(handoff_reference: str, sender: str, recipient: str, inbox_url: str | None) -> EmailMessage:
    where = f"Logga in i inkorgen för att läsa den: {inbox_url}" if inbox_url else "Logga in i inkorgen."
    message = EmailMessage()
    message["Subject"] = "Ny kontaktförfrågan i Ombudsguiden"
    message["From"] = sender
    message["To"] = recipient
    message.set_content(
        "Hej!\n\n"
        "En ny kontaktförfrågan väntar i Ombudsguidens inkorg.\n"
        f"Referens: {handoff_reference}\n\n"
        f"{where}\n\n"
        "Av hänsyn till personen står inget mer om förfrågan i det här mejlet.\n\n"
        "Ombudsguiden\n"
    )
    return message


def _send(settings: SmtpSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)


def notify_office(handoff_reference: str, office_id: str, office_email: str | None) -> bool:
    """Tells the office at `office_email` that request `handoff_reference` is waiting. True if a mail was sent.

    Never raises: the request is already stored, and a mail that fails must not turn into an
    error for the person who asked for help. Failures are logged instead.
    """
    try:
        settings = SmtpSettings.from_environment()
        if settings is None:
            return False
        if not office_email:
            logger.info("office %s has no e-mail address; request %s not announced", office_id, handoff_reference)
            return False
        _send(settings, _notification(handoff_reference, settings.sender, office_email, settings.inbox_url))
    except Exception:  # noqa: BLE001 - see the docstring: the caller must never see an error
        logger.exception("could not send the notification of request %s to office %s", handoff_reference, office_id)
        return False
    return True
