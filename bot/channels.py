"""Rasa's REST channel, with any personnummer taken out of a message before Rasa sees or stores it."""
from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from bot.logic.handoff import redact_personnummer


class RedactingRestInput(RestInput):
    """The same URL and replies as the REST channel (`/webhooks/rest/webhook`).

    The bot never asks for a personnummer. If someone types one anyway, it is replaced here,
    so it reaches neither the tracker store nor a contact request (GDPR: collect the minimum).
    """

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        message = super()._extract_message(req)
        return redact_personnummer(message)[0] if message else message
