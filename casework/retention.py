"""Deletes old conversations from Rasa's SQL tracker store.

Rasa keeps every event of every conversation in one table, `events` (sender_id, timestamp in
Unix seconds, …). A conversation goes whole, and only when its newest event is older than the
cutoff: one that is still going on is never cut in half.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import column, delete, func, inspect, or_, select, table
from sqlalchemy.engine import Engine, make_url

from casework import handoffs
from storage.engine import engine_for

EVENTS = table("events", column("sender_id"), column("timestamp"), column("data"))


@dataclass(frozen=True)
class PurgedConversations:
    conversations: int
    events: int


def purge_conversations(tracker_url: str, older_than_days: int,
                        moment: dt.datetime | None = None) -> PurgedConversations:
    """Deletes every conversation whose newest event is more than `older_than_days` old."""
    url = make_url(tracker_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return PurgedConversations(0, 0)  # Rasa has not run here yet; do not create an empty file
    engine = engine_for(tracker_url)
    if not inspect(engine).has_table("events"):
        return PurgedConversations(0, 0)
    cutoff = (moment or dt.datetime.now(dt.UTC)).timestamp() - older_than_days * 24 * 60 * 60
    stale = (select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
             .having(func.max(EVENTS.c.timestamp) < cutoff))
    with engine.begin() as connection:
        conversations = connection.scalar(select(func.count()).select_from(stale.subquery()))
        events = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(stale))).rowcount
    return PurgedConversations(conversations=int(conversations), events=events)


class TrackerStoreMissing(LookupError):
    """The tracker store (or its `events` table) is not there: nothing could be deleted."""


def delete_conversation(tracker_url: str, sender_id: str) -> int:
    """Deletes every event of one conversation, at the person's own request. Returns how many.

    Rasa reads the tracker from this table at the start of each message, so the next message
    (or GET /conversations/<id>/tracker) finds an empty conversation. A missing store raises
    TrackerStoreMissing: if the web server and Rasa disagree on the store, "deleted" would be a lie.
    """
    url = make_url(tracker_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise TrackerStoreMissing("no tracker store file")
    engine = engine_for(tracker_url)
    try:
        if not inspect(engine).has_table("events"):
            raise TrackerStoreMissing("no events table")
        with engine.begin() as connection:
            return connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender_id)).rowcount
    finally:
        # The engine is the process's shared one for this URL (engine_for); dispose closes its idle
        # connections, so no connection to the tracker store stays open between deletions.
        engine.dispose()


def conversations_mentioning(tracker_url: str, references: set[str]) -> set[str]:
    """The conversations whose stored events (slots, the bot's replies, typed text) hold one of the codes.

    A code is eight random characters, so it names the request's own conversation and any in which
    someone typed it, and nothing else. Raises TrackerStoreMissing when there is no store to search.
    """
    codes = {handoffs.normalise_reference(reference) for reference in references}
    if not codes:
        return set()
    engine = _existing_store(tracker_url)
    written = [form.lower() for code in codes for form in (code, handoffs.format_reference(code))]
    with engine.connect() as connection:
        return set(connection.scalars(select(EVENTS.c.sender_id).distinct().where(
            or_(*(func.lower(EVENTS.c.data).contains(form, autoescape=True) for form in written)))))


def forget_withdrawn_request(tracker_url: str, sender_id: str, references: set[str]) -> int:
    """After a request is withdrawn: deletes the conversation it was withdrawn in and every conversation
    that holds its code (the one it was made in), so that what the person wrote is gone with it.
    Returns how many conversations were deleted; raises TrackerStoreMissing when there is no store."""
    senders = {sender_id} | conversations_mentioning(tracker_url, references)
    for sender in senders:
        delete_conversation(tracker_url, sender)
    return len(senders)


def _existing_store(tracker_url: str) -> Engine:
    url = make_url(tracker_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise TrackerStoreMissing("no tracker store file")
    engine = engine_for(tracker_url)
    if not inspect(engine).has_table("events"):
        raise TrackerStoreMissing("no events table")
    return engine


def apply_retention(tracker_url: str, closed_after_days: int = handoffs.DEFAULT_CLOSED_RETENTION_DAYS,
                    any_after_days: int = handoffs.DEFAULT_ANY_RETENTION_DAYS,
                    audit_after_days: int = handoffs.DEFAULT_AUDIT_RETENTION_DAYS,
                    ) -> tuple[handoffs.Purged, PurgedConversations]:
    """Everything the chat promises to forget: contact requests and audit rows, and conversations
    kept no longer than the longest a request is kept. One place, for the command and the web server."""
    requests = handoffs.purge(closed_after_days=closed_after_days, any_after_days=any_after_days,
                              audit_after_days=audit_after_days)
    return requests, purge_conversations(tracker_url, older_than_days=any_after_days)
