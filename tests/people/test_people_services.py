"""People, roles and the substitutes' order through the services (L7, L10, A8): each write
validated, in one transaction, and audited."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.services import (
    membership_create,
    person_create,
    person_register,
    person_update,
    substitute_order_set,
    substitutes_current,
)
from tests.factories import PartyFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
START = dt.date(2024, 1, 1)


def substitute(party, *, order=None, person=None) -> Membership:
    return membership_create(
        person=person or PersonFactory(),
        party=party,
        role=Role.SUBSTITUTE,
        valid_from=START,
        substitute_order=order,
        actor=None,
    )


def test_l10_a_person_is_registered_with_only_name_email_and_title_and_audited():
    actor = UserFactory()
    person = person_create(
        given_name="  Åse  Marie ",
        family_name="Øvrebø <b>",
        email=" ase@example.invalid ",
        title="Rådgiver",
        actor=actor,
    )
    assert (person.given_name, person.family_name, person.email) == (
        "Åse Marie",
        "Øvrebø <b>",
        "ase@example.invalid",
    )
    entry = AuditEntry.objects.get(action="people.person.created")
    assert entry.actor == actor
    assert entry.target_id == str(person.pk)


def test_a_person_needs_both_names():
    with pytest.raises(DomainError) as exc:
        person_create(given_name=" ", family_name="Berg", actor=None)
    assert exc.value.field == "given_name"
    assert not Person.objects.exists()


def test_person_update_records_which_fields_changed_but_not_the_old_values():
    person = PersonFactory(title="Rådgiver")
    person_update(
        person=person,
        given_name=person.given_name,
        family_name=person.family_name,
        email="ny@example.invalid",
        title="Seniorrådgiver",
        actor=None,
    )
    person.refresh_from_db()
    assert person.title == "Seniorrådgiver"
    entry = AuditEntry.objects.get(action="people.person.updated")
    assert entry.data == {"fields": ["email", "title"]}
    assert "Rådgiver" not in str(entry.data)


def test_person_register_gives_the_first_role_in_the_same_transaction():
    party = PartyFactory()
    chair = membership_create(
        person=PersonFactory(), party=party, role=Role.CHAIR, valid_from=START, actor=None
    )
    with pytest.raises(DomainError):
        person_register(
            given_name="Kari",
            family_name="Nordmann",
            party=party,
            role=Role.CHAIR,
            valid_from=START,
            actor=None,
        )
    assert not Person.objects.filter(family_name="Nordmann").exists(), "rolled back"
    assert chair.person.memberships.count() == 1


def test_l7_a_new_substitute_comes_last_or_takes_the_place_given():
    party = PartyFactory()
    first, second = substitute(party), substitute(party)
    assert (first.substitute_order, second.substitute_order) == (1, 2)
    newcomer = substitute(party, order=2)
    order = [m.pk for m in substitutes_current(party=party, on=START)]
    assert order == [first.pk, newcomer.pk, second.pk]
    second.refresh_from_db()
    assert second.substitute_order == 3
    entry = AuditEntry.objects.filter(action="people.membership.created").order_by("pk").last()
    assert entry is not None
    assert entry.data["substitute_order"] == 2


def test_l7_only_substitutes_have_an_order():
    with pytest.raises(DomainError) as exc:
        membership_create(
            person=PersonFactory(),
            party=PartyFactory(),
            role=Role.MEMBER,
            valid_from=START,
            substitute_order=1,
            actor=None,
        )
    assert exc.value.field == "substitute_order"


def test_l7_the_substitutes_order_is_set_and_audited():
    party = PartyFactory()
    a, b, c = substitute(party), substitute(party), substitute(party)
    substitute_order_set(party=party, order=[c, a, b], on=START, actor=None)
    assert [m.pk for m in substitutes_current(party=party, on=START)] == [c.pk, a.pk, b.pk]
    entry = AuditEntry.objects.get(action="people.substitute_order.set")
    assert entry.target_id == str(party.pk)
    assert entry.data == {"order": [c.person_id, a.person_id, b.person_id]}


def test_l7_an_order_that_leaves_out_a_substitute_is_refused():
    party = PartyFactory()
    a, b = substitute(party), substitute(party)
    with pytest.raises(DomainError) as exc:
        substitute_order_set(party=party, order=[b], on=START, actor=None)
    assert exc.value.code == "people.substitute.order_incomplete"
    with pytest.raises(DomainError):
        substitute_order_set(party=party, order=[b, b], on=START, actor=None)
    a.refresh_from_db()
    assert a.substitute_order == 1


def test_a8_the_single_chair_rule_still_holds_for_new_people():
    party = PartyFactory()
    person_register(
        given_name="Kari",
        family_name="Leder",
        party=party,
        role=Role.CHAIR,
        valid_from=START,
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        person_register(
            given_name="Ola",
            family_name="Leder",
            party=party,
            role=Role.CHAIR,
            valid_from=START,
            actor=None,
        )
    assert exc.value.code == "people.membership.role_taken"
