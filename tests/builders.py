"""Records for tests that need one that is not in the shipped data."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from knowledge.records import Office, SourceDate

if TYPE_CHECKING:
    from rasa_sdk import Tracker


def make_office(**changes: Any) -> Office:
    """An active office in Stockholm with no contact details, unless `changes` says otherwise."""
    base: dict[str, Any] = dict(
        id="test", name="Personligt ombud Test", lan="Testlän", kommun_codes=("0180",), areas=(), target=None,
        operator_type="kommun", operator_name="Testkommun", phone=None, phone_kind=None, phone_owner=None, email=None,
        web=None, hours=None, age_min=18, age_max=None, requirements=(), priority_groups=(), queue=None, active=True,
        status_note=None, confidence="high", source="https://example.se/po", source_date=SourceDate(2019, 3),
        extra_sources=(), verified=dt.date(2026, 11, 24),
    )
    return Office(**{**base, **changes})


def tracker_for(text: str = "", intent: str = "greet", slots: dict[str, Any] | None = None,
                events: list[dict[str, Any]] | None = None, entities: list[dict[str, Any]] | None = None,
                active_loop: str | None = None, confidence: float = 1.0,
                extra: dict[str, Any] | None = None) -> "Tracker":
    """A rasa-sdk Tracker whose latest message is `text`, understood as `intent`."""
    from rasa_sdk import Tracker

    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
              "intent_ranking": [{"name": intent, "confidence": confidence}], **(extra or {})}
    return Tracker.from_dict({"sender_id": "test", "slots": slots or {}, "latest_message": latest,
                              "events": events or [], "paused": False, "followup_action": None,
                              "active_loop": {"name": active_loop} if active_loop else {},
                              "latest_action_name": "action_listen"})


def user_event(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}
