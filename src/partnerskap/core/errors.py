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
