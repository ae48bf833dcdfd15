"""Records for tests that need one that is not in the shipped data."""
from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.records import Office, SourceDate


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
