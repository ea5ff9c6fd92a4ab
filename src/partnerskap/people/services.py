"""Writes for people and memberships."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Party
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.people.models import (
    SINGLE_HOLDER_ROLES,
    Membership,
    Person,
    Role,
    SignInIdentity,
)


def _overlapping(
    *,
    party: Party,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    other_than: Membership | None = None,
) -> Membership | None:
    overlap = Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    if valid_to is not None:
        overlap &= Q(valid_from__lte=valid_to)
    others = Membership.objects.filter(party=party, role=role)
    if other_than is not None:
        others = others.exclude(pk=other_than.pk)
    return others.filter(overlap).select_related("person").first()


def _check_single_holder(
    *,
    party: Party,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    other_than: Membership | None = None,
) -> None:
    """A council has one chair and one deputy chair at a time (A8)."""
    if role not in SINGLE_HOLDER_ROLES:
        return
    holder = _overlapping(
        party=party, role=role, valid_from=valid_from, valid_to=valid_to, other_than=other_than
    )
    if holder is not None:
        raise DomainError(
            "people.membership.role_taken",
            _(
                "%(person)s is already %(role)s of %(party)s in that period; end that "
                "membership first."
            )
            % {"person": holder.person, "role": Role(role).label, "party": party},
        )


@transaction.atomic
def membership_create(
    *,
    person: Person,
    party: Party,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    actor: Actor,
) -> Membership:
    """Give a person a role with a party. A council has one chair and one deputy chair at a
    time: an overlapping period is refused."""
    _check_single_holder(party=party, role=role, valid_from=valid_from, valid_to=valid_to)
    membership = Membership(
        person=person, party=party, role=role, valid_from=valid_from, valid_to=valid_to
    )
    membership.full_clean()
    membership.save()
    audit.record(
        "people.membership.created",
        actor=actor,
        target=membership,
        data={"role": role, "party": party.slug, "valid_from": valid_from.isoformat()},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, valid_to: dt.date, actor: Actor) -> Membership:
    if valid_to < membership.valid_from:
        raise DomainError(
            "people.membership.ends_before_start",
            _("A membership cannot end before it starts (%(start)s).")
            % {"start": membership.valid_from.strftime("%d.%m.%Y")},
        )
    if membership.valid_to is not None and valid_to > membership.valid_to:
        # Moving the end later must not make two chairs (or deputies) at once.
        _check_single_holder(
            party=membership.party,
            role=membership.role,
            valid_from=membership.valid_from,
            valid_to=valid_to,
            other_than=membership,
        )
    membership.valid_to = valid_to
    membership.full_clean()
    membership.save(update_fields=["valid_to", "modified"])
    audit.record(
        "people.membership.ended", actor=actor, target=membership, data={"valid_to": str(valid_to)}
    )
    return membership


@transaction.atomic
def sign_in_identity_link(*, person: Person, issuer: str, subject: str) -> SignInIdentity:
    """Remember that ``subject`` at ``issuer`` is ``person`` (single sign-on matched them by a
    verified e-mail address); later sign-ins match by the subject alone."""
    if SignInIdentity.objects.filter(person=person, issuer=issuer).exists():
        raise DomainError(
            "people.identity.other_subject",
            _(
                "%(person)s is already linked to another account at this identity provider; "
                "ask an administrator to remove that link first."
            )
            % {"person": person},
        )
    identity = SignInIdentity(person=person, issuer=issuer, subject=subject)
    identity.full_clean()
    identity.save()
    audit.record(
        "people.identity.linked",
        actor=person.user,
        target=person,
        data={"issuer": issuer, "subject": subject},
    )
    return identity


@transaction.atomic
def sign_in_identity_remove(*, identity: SignInIdentity, actor: Actor) -> None:
    """Unlink a single sign-on account from its person (an operator's correction)."""
    audit.record(
        "people.identity.removed",
        actor=actor,
        target=identity.person,
        data={"issuer": identity.issuer, "subject": identity.subject},
    )
    identity.delete()
