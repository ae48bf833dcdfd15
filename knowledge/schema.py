"""The knowledge tables. Every row carries where it comes from and when it was checked."""
from __future__ import annotations

from sqlalchemy import Column, Date, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Fact(Base):
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
