"""The casework tables. Changed only by a new Alembic revision in casework/migrations."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base

# Apart from the knowledge tables' metadata, so that rebuilding knowledge never reaches these.
# Any: SQLAlchemy 1.4 gives mypy no types (the class is made at run time).
Base: Any = declarative_base()


class ObstacleNoteRow(Base):
    """An anonymous note of an obstacle someone met (systembrist), kept for the office's ledningsgrupp.

    Only what the counts need: which authority, what kind of obstacle, the reason for contact,
    and the day. No text, no time of day and no link to the conversation, so a note cannot be
    traced back to a person.
    """

    __tablename__ = "obstacle_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    noted_on = Column(Date, nullable=False, index=True)
    authority = Column(String(60), nullable=False)
    obstacle = Column(String(40), nullable=False)
    contact_reason = Column(String(40), nullable=False)


class OmbudAccountRow(Base):
    """An ombud who may read one office's contact requests. Made with `ombudsguiden user add`."""

    __tablename__ = "ombud_accounts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    email = Column(String(200), nullable=False, unique=True)
    office_id = Column(String(100), nullable=False, index=True)
    password_hash = Column(String(200), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False)


class HandoffRow(Base):
    """A contact request the person approved, for one office. Deleted on withdrawal and by purge.

    The office id is not a foreign key: the offices come from the knowledge files, which change,
    and a request must outlive such a change.
    """

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(20), nullable=False, unique=True)
    office_id = Column(String(100), nullable=False, index=True)
    kommun_code = Column(String(4))
    summary = Column(Text, nullable=False)
    contact_method = Column(String(10), nullable=False)
    contact_value = Column(String(200))
    contact_time = Column(String(10), nullable=False)
    name = Column(String(100))
    ombud_wish = Column(String(10))
    flags = Column(JSON, nullable=False)
    on_behalf = Column(Boolean, nullable=False)
    transcript = Column(Text)
    status = Column(String(10), nullable=False, index=True)
    claimed_by = Column(Integer, ForeignKey("ombud_accounts.id", ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)
    closed_at = Column(DateTime(timezone=True))


class HandoffNoteRow(Base):
    __tablename__ = "handoff_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True)
    account_id = Column(Integer, ForeignKey("ombud_accounts.id", ondelete="SET NULL"))
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)


class AuditRow(Base):
    """Who did what in the inbox, and when. Kept when a request is deleted, without its content."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    account_id = Column(Integer, ForeignKey("ombud_accounts.id", ondelete="SET NULL"))
    action = Column(String(30), nullable=False)
    handoff_reference = Column(String(20))
    # For a failed login: the e-mail address that was tried and where the attempt came from.
    attempted_email = Column(String(200))
    client_address = Column(String(64))
