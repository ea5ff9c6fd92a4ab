"""Writes for people and memberships: a person's few personal details (L10), their roles with
a party for a period, and the order in which a party's substitutes are called in (L7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Party
from partnerskap.core import audit, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.people.models import (
    SINGLE_HOLDER_ROLES,
    Language,
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


def substitutes_current(*, party: Party, on: dt.date | None = None) -> QuerySet[Membership]:
    """The party's substitutes not ended before ``on`` (today), in the order they are called
    in: by their order, then those without one by start date."""
    day = on or time.today()
    return (
        Membership.objects.filter(party=party, role=Role.SUBSTITUTE)
        .exclude(valid_to__lt=day)
        .select_related("person")
        .order_by(F("substitute_order").asc(nulls_last=True), "valid_from", "pk")
    )


def _make_room(*, party: Party, at: int | None, on: dt.date) -> int:
    """The order for a new substitute: ``at`` (the ones from there move one down), or last."""
    current = substitutes_current(party=party, on=on)
    if at is None:
        return max((m.substitute_order or 0 for m in current), default=0) + 1
    if at < 1:
        raise DomainError(
            "people.substitute.order",
            _("The order among the substitutes starts at 1."),
            field="substitute_order",
        )
    current.filter(substitute_order__gte=at).update(substitute_order=F("substitute_order") + 1)
    return at


@transaction.atomic
def membership_create(
    *,
    person: Person,
    party: Party,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    substitute_order: int | None = None,
    actor: Actor,
) -> Membership:
    """Give a person a role with a party. A council has one chair and one deputy chair at a
    time: an overlapping period is refused. A substitute takes its place in the party's order
    (``substitute_order``, 1 first; the ones from there move one down), or comes last."""
    _check_single_holder(party=party, role=role, valid_from=valid_from, valid_to=valid_to)
    if role != Role.SUBSTITUTE and substitute_order is not None:
        raise DomainError(
            "people.substitute.order_for_other_role",
            _("Only substitutes have an order; leave the order empty for this role."),
            field="substitute_order",
        )
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(
            "people.membership.ends_before_start",
            _("A membership cannot end before it starts (%(start)s).")
            % {"start": valid_from.strftime("%d.%m.%Y")},
            field="valid_to",
        )
    order = None
    if role == Role.SUBSTITUTE:
        order = _make_room(party=party, at=substitute_order, on=valid_from)
    membership = Membership(
        person=person,
        party=party,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        substitute_order=order,
    )
    membership.full_clean()
    membership.save()
    data: dict[str, object] = {
        "role": role,
        "party": party.slug,
        "valid_from": valid_from.isoformat(),
    }
    if order is not None:
        data["substitute_order"] = order
    audit.record("people.membership.created", actor=actor, target=membership, data=data)
    return membership


@transaction.atomic
def substitute_order_set(
    *, party: Party, order: Sequence[Membership], on: dt.date | None = None, actor: Actor
) -> list[Membership]:
    """Set the order in which the party's current substitutes are called in (L7): ``order``
    names each of them once, first called in first."""
    current = list(substitutes_current(party=party, on=on).select_for_update())
    wanted = [m.pk for m in order]
    if sorted(wanted) != sorted(m.pk for m in current) or len(set(wanted)) != len(wanted):
        raise DomainError(
            "people.substitute.order_incomplete",
            _(
                "Name each of the party's current substitutes once; the list has changed "
                "since the page was loaded, so reload it and try again."
            ),
            field="order",
        )
    by_pk = {m.pk: m for m in current}
    ordered = [by_pk[pk] for pk in wanted]
    for position, membership in enumerate(ordered, start=1):
        if membership.substitute_order != position:
            membership.substitute_order = position
            membership.save(update_fields=["substitute_order", "modified"])
    audit.record(
        "people.substitute_order.set",
        actor=actor,
        target=party,
        data={"order": [m.person_id for m in ordered]},
    )
    return ordered


def _clean_person_fields(
    *, given_name: str, family_name: str, email: str, title: str
) -> dict[str, str]:
    fields = {
        "given_name": " ".join(given_name.split()),
        "family_name": " ".join(family_name.split()),
        "email": email.strip(),
        "title": " ".join(title.split()),
    }
    if not fields["given_name"] or not fields["family_name"]:
        raise DomainError(
            "people.person.name_required",
            _("Give both the given name and the family name."),
            field="given_name" if not fields["given_name"] else "family_name",
        )
    return fields


@transaction.atomic
def person_create(
    *, given_name: str, family_name: str, email: str = "", title: str = "", actor: Actor
) -> Person:
    """Register a person with only what the work needs (L10): name, work e-mail, title."""
    person = Person(
        **_clean_person_fields(
            given_name=given_name, family_name=family_name, email=email, title=title
        )
    )
    person.full_clean()
    person.save()
    audit.record("people.person.created", actor=actor, target=person)
    return person


@transaction.atomic
def person_register(
    *,
    given_name: str,
    family_name: str,
    email: str = "",
    title: str = "",
    party: Party,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    substitute_order: int | None = None,
    actor: Actor,
) -> Person:
    """Register a person together with their first role with a party (one step, so nobody is
    registered without a reason to be)."""
    person = person_create(
        given_name=given_name, family_name=family_name, email=email, title=title, actor=actor
    )
    membership_create(
        person=person,
        party=party,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        substitute_order=substitute_order,
        actor=actor,
    )
    return person


@transaction.atomic
def person_update(
    *, person: Person, given_name: str, family_name: str, email: str, title: str, actor: Actor
) -> Person:
    """Correct a person's name, work e-mail or title; the audit names the changed fields (not
    the old values: they are personal data that erasure must be able to remove)."""
    fields = _clean_person_fields(
        given_name=given_name, family_name=family_name, email=email, title=title
    )
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, fields[name])
    person.full_clean()
    person.save(update_fields=[*changed, "modified"])
    audit.record("people.person.updated", actor=actor, target=person, data={"fields": changed})
    return person


@transaction.atomic
def person_language_set(*, person: Person, language: str, actor: Actor) -> Person:
    """A person's own language: the back office's language for them and the language of the
    e-mails they receive."""
    if language not in Language.values:
        raise DomainError(
            "people.person.unknown_language",
            _("Choose bokmål, nynorsk or English."),
        )
    if person.language == language:
        return person
    person.language = language
    person.full_clean()
    person.save(update_fields=["language", "modified"])
    audit.record(
        "people.person.language_set", actor=actor, target=person, data={"language": language}
    )
    return person


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
