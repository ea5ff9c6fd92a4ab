"""The registry of «what is held» about a data subject (L10).

Each app that keeps personal data registers a ``Provider`` (in its own module, imported from
its ``AppConfig.ready()``); the export, the erasure and the retention sweep ask every provider
in registration order and know nothing of the apps' models. A provider:

- ``collect(subject)``: the rows it holds about the subject, as plain JSON values, with
  ``columns`` naming each row's keys for the readable page;
- ``erase(subject, context=...)``: erase or pseudonymise what may go on request; returns how
  many rows it changed (0 when there is nothing left to do: a second erasure is a no-op);
- ``kept(subject, context=...)``: why what remains after an erasure stays (the public record,
  the archive duty), or ``""``;
- ``refusal(subject)``: a reason (in the user's words) why no erasure may be made now, or ``""``;
- ``sweep(context=...)``: apply its retention period (``kind``) to everyone; returns the count.

A future app (public e-mail subscriptions, say) adds a ``RetentionPeriod`` row for its kind in
a data migration, writes a ``Provider`` subclass and calls ``register(MyProvider())`` from its
``ready()``; docs/privacy.md shows an example.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.utils.functional import Promise

if TYPE_CHECKING:
    from partnerskap.core.audit import Actor
    from partnerskap.people.models import Person
    from partnerskap.privacy.models import RetentionPeriod

Row = dict[str, Any]


@dataclass(frozen=True)
class Subject:
    """Whom a request is about: a person (member, substitute, case officer, secretariat…) or a
    guest known only by name in one partnership's invitations (A13 keeps no person record for
    guests). ``partnership_ids`` limits partnership-bound rows to those the requester manages
    (``None``: all of them, for operators)."""

    person: Person | None = None
    guest_name: str = ""
    guest_partnership_id: int | None = None
    partnership_ids: frozenset[int] | None = None
    #: The e-mail addresses the subject is known by, read once when the subject is made (an
    #: erasure clears the person's address before the mail log is pseudonymised).
    emails: frozenset[str] = frozenset()

    @property
    def user(self) -> User | None:
        return self.person.user if self.person is not None else None

    @property
    def label(self) -> str:
        return str(self.person) if self.person is not None else self.guest_name

    def in_scope(self, partnership_id: int | None) -> bool:
        return self.partnership_ids is None or partnership_id in self.partnership_ids


@dataclass
class Context:
    """What an erasure or a sweep runs with: the time, who asks, and the periods by kind."""

    now: dt.datetime
    actor: Actor
    periods: dict[str, RetentionPeriod] = field(default_factory=dict)

    def cutoff(self, kind: str) -> dt.datetime | None:
        """Data of ``kind`` from before this moment is past its period; ``None`` when the kind
        is kept for good (or has no period)."""
        period = self.periods.get(kind)
        if period is None or period.months is None or period.action == "keep":
            return None
        return months_before(self.now, period.months)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` moved back by whole calendar months (the 31st becomes the month's last day)."""
    year, month = divmod(moment.month - 1 - months, 12)
    year += moment.year
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


class Provider:
    """Base of every provider; see the module docstring. Subclasses set ``key``, ``title``,
    ``kind`` and ``columns`` and override what they hold."""

    key: str = ""
    title: str | Promise = ""
    #: The ``RetentionPeriod.kind`` that governs this data.
    kind: str = ""
    #: (row key, label) pairs, in the order the readable page shows them.
    columns: tuple[tuple[str, str | Promise], ...] = ()

    def collect(self, subject: Subject) -> list[Row]:
        return []

    def erase(self, subject: Subject, *, context: Context) -> int:
        return 0

    def kept(self, subject: Subject, *, context: Context) -> str:
        return ""

    def refusal(self, subject: Subject) -> str:
        return ""

    def sweep(self, *, context: Context) -> int:
        return 0


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Add ``provider`` (once per key; registering a key again replaces it, as a reload does)."""
    if not provider.key:
        msg = "A privacy provider needs a key."
        raise ValueError(msg)
    _providers[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    """Every registered provider, in registration order."""
    return list(_providers.values())
