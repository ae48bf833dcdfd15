"""One way between records and plain data (YAML, JSON columns, rows), read off the records' own fields.

`to_plain` turns a record into dicts, lists, strings and numbers; `from_plain` builds a record back
from such data, guided by the dataclass's type hints. Data files, database rows and JSON columns
all go through these two functions, so a field added to a record needs no other mapping.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union

from knowledge.records import SourceDate

T = TypeVar("T")


def field_types(cls: type) -> dict[str, Any]:
    """Each field's type, with `X | None` reduced to X (optional values are simply None)."""
    # Through a `type` parameter: mypy does not see `type[T]` as hashable, which the cache asks of its
    # arguments (python/mypy#11470).
    return _field_types(cls)


@cache
def _field_types(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: without_none(hints[f.name]) for f in dataclasses.fields(cls)}


def without_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return options[0] if len(options) == 1 else hint
    return hint


def to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, SourceDate):
            return value.iso()
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_plain(hint: Any, value: Any) -> Any:
    """`value` as the type `hint` names: records from dicts, tuples from lists, dates from text."""
    hint = without_none(hint)
    if typing.get_origin(hint) is tuple:
        (item_type, _ellipsis) = typing.get_args(hint)
        return tuple(from_plain(item_type, item) for item in value or ())
    if value is None:
        return None
    if hint is SourceDate:
        return SourceDate.parse(value)
    if hint is dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return record_from_plain(hint, value)
    return value


def record_from_plain(cls: type[T], data: typing.Mapping[str, Any]) -> T:
    """A record of type `cls` from a mapping with (at least) its fields; missing optional fields are None."""
    return cls(**{name: from_plain(hint, data.get(name)) for name, hint in field_types(cls).items()})
