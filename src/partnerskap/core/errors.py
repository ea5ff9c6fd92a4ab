"""Domain errors: a broken rule raises one, with a stable code and a translatable message.

Interfaces map them once: to form errors in the back office, to HTTP 400/409 problem details
in the APIs, and to ``CommandError`` in management commands.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the agreement or the law was broken; ``message`` says what to do instead."""

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {str(self.message)!r})"


class ConflictError(DomainError):
    """The action conflicts with the object's current state (maps to HTTP 409)."""


#: Seconds a client should wait before it asks again while the database is unreachable.
RETRY_AFTER = 30


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database cannot be reached or cannot take the write now
    (down, restarting, locked): an unhandled one is answered 503 with ``Retry-After``."""
    from django.db import InterfaceError, OperationalError  # noqa: PLC0415

    return isinstance(exc, OperationalError | InterfaceError)
