"""The knowledge tables. Every row carries where it comes from and when it was checked.

Lists (aliases, requirements, priority groups …) are JSON columns: they are read whole and
never queried inside, so a join table would add work without adding meaning. Coverage of
kommuner is a real table, because "which offices serve kommun X" is the question asked.
"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class KommunRow(Base):
    __tablename__ = "kommuner"

    code = Column(String(4), primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    lan_code = Column(String(2), nullable=False)
    lan = Column(String(100), nullable=False)
    aliases = Column(JSON, nullable=False)
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)


class PlaceRow(Base):
    __tablename__ = "places"

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(200), nullable=False)
    kind = Column(String(20), nullable=False)
    kommun_code = Column(String(4), ForeignKey("kommuner.code"), nullable=False, index=True)
    area = Column(String(200))
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)


class OfficeRow(Base):
    __tablename__ = "offices"

    id = Column(String(100), primary_key=True)
    name = Column(String(300), nullable=False)
    lan = Column(String(100), nullable=False)
    areas = Column(JSON, nullable=False)
    target = Column(Text)
    operator_type = Column(String(30), nullable=False)
    operator_name = Column(String(300))
    phone = Column(String(60))
    phone_kind = Column(String(10))
    email = Column(String(200))
    web = Column(Text)
    hours = Column(Text)
    age_min = Column(Integer)
    age_max = Column(Integer)
    requirements = Column(JSON, nullable=False)
    priority_groups = Column(JSON, nullable=False)
    queue_text = Column(Text)
    queue_as_of = Column(Date)
    queue_source = Column(Text)
    active = Column(Boolean, nullable=False)
    status_note = Column(Text)
    confidence = Column(String(10), nullable=False)
    source = Column(Text, nullable=False)
    extra_sources = Column(JSON, nullable=False)
    verified = Column(Date, nullable=False)


class OfficeKommunRow(Base):
    __tablename__ = "office_kommuner"

    office_id = Column(String(100), ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True)
    kommun_code = Column(String(4), ForeignKey("kommuner.code"), primary_key=True, index=True)
    position = Column(Integer, nullable=False)


class NoPoReportRow(Base):
    __tablename__ = "no_po_reports"

    kommun_code = Column(String(4), ForeignKey("kommuner.code"), primary_key=True)
    says = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)


class AuthorityRow(Base):
    __tablename__ = "authorities"

    key = Column(String(60), primary_key=True)
    name = Column(String(200), nullable=False)
    aliases = Column(JSON, nullable=False)
    decides = Column(Text, nullable=False)
    benefits = Column(JSON, nullable=False)
    phone = Column(String(60))
    phone_note = Column(Text)
    web = Column(Text)
    documents_to_bring = Column(JSON, nullable=False)
    common_problems = Column(JSON, nullable=False)
    next_step = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    extra_sources = Column(JSON, nullable=False)
    verified = Column(Date, nullable=False)


class DeadlineRow(Base):
    __tablename__ = "deadlines"

    authority_key = Column(String(60), ForeignKey("authorities.key", ondelete="CASCADE"), primary_key=True)
    key = Column(String(60), primary_key=True)
    position = Column(Integer, nullable=False)
    text = Column(Text, nullable=False)
    period = Column(String(100), nullable=False)
    basis = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)


class ChecklistRow(Base):
    __tablename__ = "checklists"

    key = Column(String(60), primary_key=True)
    title = Column(String(200), nullable=False)
    bring = Column(JSON, nullable=False)
    say = Column(JSON, nullable=False)
    ask = Column(JSON, nullable=False)
    write_down = Column(JSON, nullable=False)
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)


class FactRow(Base):
    __tablename__ = "facts"

    key = Column(String(120), primary_key=True)
    topic = Column(String(60), nullable=False, index=True)
    title = Column(String(200), nullable=False)
    text = Column(Text, nullable=False)
    phone = Column(String(40))
    url = Column(String(500))
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)


class DataVersion(Base):
    """Fingerprint of the data files the tables were last built from."""

    __tablename__ = "data_version"

    name = Column(String(60), primary_key=True)
    fingerprint = Column(String(64), nullable=False)


class ObstacleNoteRow(Base):
    """An anonymous note of an obstacle someone met (systembrist), kept for the office's ledningsgrupp.

    Only what the counts need: which authority, what kind of obstacle, the reason for contact,
    and the day. No text, no time of day and no link to the conversation, so a note cannot be
    traced back to a person. The loader never touches this table.
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

    The office id is not a foreign key: the offices table is rebuilt from the data files,
    and a request must outlive such a reload.
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
