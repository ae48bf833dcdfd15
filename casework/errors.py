"""The operational store's own error, so that callers need not know which database library it uses."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError


class StoreUnavailable(Exception):
    """The store could not be read or written (database down, locked, full, unreadable file …).

    Its text is only the kind of the error underneath (for example "OperationalError"), never the
    statement or its values, so it can be logged: those values can be what a person wrote.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@contextmanager
def store_errors() -> Iterator[None]:
    """Turns a database error inside the block, or in the function it decorates, into StoreUnavailable."""
    try:
        yield
    except SQLAlchemyError as error:
        raise StoreUnavailable(type(error).__name__) from error
