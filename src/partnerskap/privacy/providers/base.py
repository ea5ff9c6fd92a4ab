"""Shared by the built-in providers: what erased data reads afterwards, and formatting."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from partnerskap.core import time
from partnerskap.people.models import Membership, Person
from partnerskap.privacy.registry import Subject

#: What an erased absence reason reads afterwards (the absence itself is in the minutes).
ERASED_REASON = "[slettet]"
#: What an erased address in the mail log reads afterwards (the row stays, so that a retried
#: job never sends the same message twice).
ERASED_ADDRESS = "slettet@personvern.invalid"
#: The start of a guest's pseudonym; the invitation's id follows, so guests stay apart.
GUEST_PSEUDONYM = "Anonymisert gjest"
#: The start of a closed login's user name after erasure.
ERASED_LOGIN = "slettet-"


def when_text(moment: dt.datetime | None) -> str:
    return time.local(moment).isoformat(timespec="minutes") if moment else ""


def day_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def meetings_in(subject: Subject) -> Q:
    """Rows of a meeting (``meeting__…``) in the subject's partnerships; all when unscoped."""
    if subject.partnership_ids is None:
        return Q()
    return Q(meeting__partnership__in=subject.partnership_ids)


def party_scope(subject: Subject) -> Q:
    """Parties of the partnerships in scope, with their member municipalities."""
    if subject.partnership_ids is None:
        return Q()
    ids = subject.partnership_ids
    return Q(party__partnerships__in=ids) | Q(party__council__partnerships__in=ids)


def current_roles(person: Person, *, on: dt.date) -> QuerySet[Membership]:
    return person.memberships.filter(valid_from__lte=on).exclude(valid_to__lt=on)


def persons_gone(cutoff: dt.datetime) -> QuerySet[Person]:
    """People who held roles and whose last role ended before ``cutoff`` (none is open-ended
    or ends later): the retention periods of their contact and sign-in data run from then."""
    later = Membership.objects.filter(person=OuterRef("pk")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=cutoff.date())
    )
    return Person.objects.filter(memberships__isnull=False).exclude(Exists(later)).distinct()
