"""Reads for personal data (L10): whom the requester may ask about, as ``Subject``s, and the
retention periods by kind."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet

from partnerskap.meetings.models import GuestInvitation
from partnerskap.people import policy
from partnerskap.people.models import Person
from partnerskap.people.policy import AnyUser
from partnerskap.privacy.models import RetentionPeriod
from partnerskap.privacy.providers import GUEST_PSEUDONYM
from partnerskap.privacy.registry import Subject


def retention_periods() -> dict[str, RetentionPeriod]:
    return {p.kind: p for p in RetentionPeriod.objects.all()}


def persons_manageable(*, user: AnyUser) -> QuerySet[Person]:
    return policy.persons_personal_data_manageable(user).order_by("family_name", "given_name")


@dataclass(frozen=True)
class Guest:
    """A guest as the list shows one: the name in one partnership, and the first invitation
    (its id names the guest in the URL)."""

    name: str
    partnership: str
    invitation_id: int
    invitations: int


def guests_manageable(*, user: AnyUser) -> list[Guest]:
    """Guests invited to meetings of the partnerships the user manages, by name (pseudonymised
    guests are left out: nothing personal is held about them any more)."""
    scope = policy.personal_data_scope(user)
    rows = GuestInvitation.objects.exclude(guest_name__startswith=GUEST_PSEUDONYM)
    if scope is not None:
        rows = rows.filter(meeting__partnership__in=scope)
    grouped = (
        rows.values("guest_name", "meeting__partnership__name", "meeting__partnership")
        .annotate(first=Min("pk"), count=Count("pk"))
        .order_by("guest_name", "meeting__partnership__name")
    )
    return [
        Guest(g["guest_name"], g["meeting__partnership__name"], g["first"], g["count"])
        for g in grouped
    ]


def _emails(person: Person) -> frozenset[str]:
    found = {person.email} if person.email else set()
    if person.user is not None and person.user.email:
        found.add(person.user.email)
    return frozenset(e.lower() for e in found)


def subject_for_person(*, user: AnyUser, person: Person) -> Subject:
    return Subject(
        person=person, partnership_ids=policy.personal_data_scope(user), emails=_emails(person)
    )


def guest_invitation_manageable(*, user: AnyUser, pk: int) -> GuestInvitation | None:
    scope = policy.personal_data_scope(user)
    rows = GuestInvitation.objects.select_related("meeting")
    if scope is not None:
        rows = rows.filter(meeting__partnership__in=scope)
    return rows.filter(pk=pk).first()


def subject_for_guest(*, user: AnyUser, invitation: GuestInvitation) -> Subject:
    """The guest of ``invitation``: every invitation with that name in its partnership."""
    return Subject(
        guest_name=invitation.guest_name,
        guest_partnership_id=invitation.meeting.partnership_id,
        partnership_ids=policy.personal_data_scope(user),
    )
