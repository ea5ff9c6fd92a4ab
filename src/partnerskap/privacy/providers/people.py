"""People, their roles and committee seats."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.committees.models import CommitteeMembership
from partnerskap.core import time
from partnerskap.people.models import Person
from partnerskap.privacy.providers.base import (
    current_roles,
    day_text,
    party_scope,
    persons_gone,
)
from partnerskap.privacy.registry import Context, Provider, Row, Subject


class PersonProvider(Provider):
    key = "people.person"
    title = gettext_lazy("Person and contact details")
    kind = "contact_details"
    columns = (
        ("name", gettext_lazy("Name")),
        ("email", gettext_lazy("E-mail")),
        ("title", gettext_lazy("Title")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        person = subject.person
        if person is None:
            return []
        name = f"{person.given_name} {person.family_name}"
        return [{"name": name, "email": person.email, "title": person.title}]

    def refusal(self, subject: Subject) -> str:
        person = subject.person
        if person is None or not current_roles(person, on=time.today()).exists():
            return ""
        return _(
            "%(person)s still holds a role in a partnership, and the work needs the contact "
            "details while the role lasts. End the role first; then erase."
        ) % {"person": person}

    def erase(self, subject: Subject, *, context: Context) -> int:
        person = subject.person
        if person is None:
            return 0
        # Read from the database, not the object: the caller's copy may be stale.
        held = Person.objects.filter(pk=person.pk).exclude(email="")
        return held.update(email="", modified=context.now)

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None:
            return ""
        return _(
            "The name and title stay: they are in approved minutes and in the public record "
            "of who held which role."
        )

    def sweep(self, *, context: Context) -> int:
        cutoff = context.cutoff(self.kind)
        if cutoff is None:
            return 0
        gone = persons_gone(cutoff).exclude(email="")
        return Person.objects.filter(pk__in=gone.values("pk")).update(
            email="", modified=context.now
        )


class MembershipProvider(Provider):
    key = "people.membership"
    title = gettext_lazy("Roles")
    kind = "roles"
    columns = (
        ("party", gettext_lazy("Party")),
        ("role", gettext_lazy("Role")),
        ("valid_from", gettext_lazy("From")),
        ("valid_to", gettext_lazy("To")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        if subject.person is None:
            return []
        rows = (
            subject.person.memberships.filter(party_scope(subject))
            .distinct()
            .select_related("party")
            .order_by("valid_from", "pk")
        )
        return [
            {
                "party": m.party.name,
                "role": str(m.get_role_display()),
                "valid_from": day_text(m.valid_from),
                "valid_to": day_text(m.valid_to),
            }
            for m in rows
        ]

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None:
            return ""
        return _("Roles are the public record of who sat in the meetings and stay.")


class CommitteeProvider(Provider):
    key = "committees.member"
    title = gettext_lazy("Temporary committees")
    kind = "roles"
    columns = (
        ("committee", gettext_lazy("Committee")),
        ("party", gettext_lazy("Party")),
        ("organisation", gettext_lazy("Organisation")),
        ("role", gettext_lazy("Role")),
    )

    def _rows(self, subject: Subject) -> QuerySet[CommitteeMembership]:
        rows = CommitteeMembership.objects.filter(person=subject.person)
        if subject.partnership_ids is not None:
            rows = rows.filter(committee__partnership__in=subject.partnership_ids)
        return rows.select_related("committee", "party").order_by("committee__starts_on", "pk")

    def collect(self, subject: Subject) -> list[Row]:
        if subject.person is None:
            return []
        return [
            {
                "committee": m.committee.name,
                "party": m.party.name if m.party is not None else _("external member"),
                "organisation": m.organisation,
                "role": m.get_role_display(),
            }
            for m in self._rows(subject)
        ]

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None or not self._rows(subject).exists():
            return ""
        return _("A committee's composition is decided by the meeting and stays.")
