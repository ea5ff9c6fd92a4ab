"""An operator's writes in the admin go through the services, with the operator as the actor:
the rules hold (a broken one is a readable message on the form, nothing saved) and the audit
log names who did it. What has no service is read-only, or audited by the admin itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from partnerskap.agreements.models import (
    Agreement,
    AgreementPart,
    AgreementVersion,
    CooperationArea,
    Party,
    Signature,
)
from partnerskap.core.models import AuditEntry
from partnerskap.people.models import Membership, Person, Role
from tests.factories import AgreementVersionFactory, PartyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(bare_demo) -> Client:
    """The demo's operator, ``admin``."""
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def council() -> Party:
    return Party.objects.get(slug="asker-og-baerum-rad")


def _membership(person: Person, party: Party, role: str, start: str, end: str = "") -> dict:
    return {
        "person": person.pk,
        "party": party.pk,
        "role": role,
        "valid_from": start,
        "valid_to": end,
    }


def _errors(response) -> str:
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "errornote" in page or "errorlist" in page
    return page


def test_an_operator_adds_a_membership_through_the_service_and_it_is_audited(operator, council):
    person = PersonFactory()
    response = operator.post(
        reverse("admin:people_membership_add"),
        _membership(person, council, Role.MEMBER, "2024-01-01"),
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    entry = AuditEntry.objects.get(action="people.membership.created", target_id=membership.pk)
    assert entry.actor.username == "admin"


def test_a8_an_overlapping_chair_is_refused_on_the_admin_form(operator, council):
    chair = Membership.objects.get(party=council, role=Role.CHAIR)
    before = Membership.objects.count()
    audited = AuditEntry.objects.count()
    response = operator.post(
        reverse("admin:people_membership_add"),
        _membership(PersonFactory(), council, Role.CHAIR, "2022-06-01", "2022-12-31"),
    )
    page = _errors(response)
    assert "already" in page or "allerede" in page
    assert str(chair.person.family_name) in page
    assert Membership.objects.count() == before
    assert AuditEntry.objects.count() == audited


def test_an_operator_ends_a_membership_through_the_service(operator, council):
    membership = Membership.objects.filter(party=council, role=Role.MEMBER).first()
    url = reverse("admin:people_membership_change", args=[membership.pk])
    response = operator.post(url, {"valid_to": "2024-06-30"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == dt.date(2024, 6, 30)
    entry = AuditEntry.objects.get(action="people.membership.ended", target_id=membership.pk)
    assert entry.actor.username == "admin"


def test_only_the_end_of_a_membership_changes_in_the_admin(operator, council):
    """Person, party, role and start are fixed: a post that tries to move the membership to
    another party or role changes nothing but the end."""
    membership = Membership.objects.filter(party=council, role=Role.MEMBER).first()
    other = PartyFactory()
    url = reverse("admin:people_membership_change", args=[membership.pk])
    operator.post(
        url,
        {**_membership(PersonFactory(), other, Role.SECRETARIAT, "2019-01-01"), "valid_to": ""},
    )
    membership.refresh_from_db()
    assert (membership.party, membership.role) == (council, Role.MEMBER)


def test_an_ended_membership_is_not_reopened_in_the_admin(operator):
    ended = Membership.objects.get(person__user__username="sekretariat-viken")
    url = reverse("admin:people_membership_change", args=[ended.pk])
    page = _errors(operator.post(url, {"valid_to": ""}))
    assert "new membership" in page or "nytt medlemskap" in page
    ended.refresh_from_db()
    assert ended.valid_to == dt.date(2023, 12, 31)


def test_a8_moving_a_chairs_end_into_the_next_chairs_period_is_refused(operator, council):
    current = Membership.objects.get(party=council, role=Role.CHAIR)
    earlier = Membership.objects.create(
        person=PersonFactory(),
        party=council,
        role=Role.CHAIR,
        valid_from=dt.date(2016, 1, 1),
        valid_to=dt.date(2019, 12, 31),
    )
    url = reverse("admin:people_membership_change", args=[earlier.pk])
    data = _membership(earlier.person, council, Role.CHAIR, "2016-01-01", "2021-06-30")
    page = _errors(operator.post(url, data))
    assert str(current.person.family_name) in page
    earlier.refresh_from_db()
    assert earlier.valid_to == dt.date(2019, 12, 31)
    assert current.valid_from <= dt.date(2021, 6, 30)


def _signature(version: AgreementVersion, party: Party) -> dict:
    return {
        "version": version.pk,
        "party": party.pk,
        "signatory_name": "Kari Nordmann",
        "signatory_role": "Ordfører",
        "place": "Sandvika",
        "signed_on": "2024-05-01",
    }


def test_a17_an_operator_records_a_signature_through_the_service(operator, council):
    part = Agreement.objects.get().special_part
    version = AgreementVersionFactory(part=part, number=part.versions.count() + 1)
    response = operator.post(
        reverse("admin:agreements_signature_add"), _signature(version, council)
    )
    assert response.status_code == 302
    signature = Signature.objects.get(version=version, party=council)
    entry = AuditEntry.objects.get(action="agreements.signature.recorded", target_id=signature.pk)
    assert entry.actor.username == "admin"


def test_a17_a_signature_for_a_party_outside_the_agreement_is_refused_in_the_admin(operator):
    version = Agreement.objects.get().special_part.versions.get(number=1)
    stranger = PartyFactory()
    page = _errors(
        operator.post(reverse("admin:agreements_signature_add"), _signature(version, stranger))
    )
    assert "not a party" in page or "ikke part" in page
    assert not Signature.objects.filter(party=stranger).exists()


def test_a17_a_second_signature_by_the_same_party_is_refused_in_the_admin(operator, council):
    version = Agreement.objects.get().special_part.versions.get(number=1)
    before = version.signatures.count()
    _errors(operator.post(reverse("admin:agreements_signature_add"), _signature(version, council)))
    assert version.signatures.count() == before


def test_a_recorded_signature_cannot_be_changed_or_deleted_in_the_admin(operator):
    signature = Signature.objects.first()
    change = reverse("admin:agreements_signature_change", args=[signature.pk])
    delete = reverse("admin:agreements_signature_delete", args=[signature.pk])
    assert operator.post(change, {"place": "Et annet sted"}).status_code == 403
    assert operator.post(delete, {"post": "yes"}).status_code == 403
    signature.refresh_from_db()
    assert signature.place != "Et annet sted"


def test_a3_a_special_parts_versions_and_areas_are_read_only_in_the_admin(operator):
    version = Agreement.objects.get().special_part.versions.get(number=1)
    area = CooperationArea.objects.first()
    for url in (
        reverse("admin:agreements_agreementversion_change", args=[version.pk]),
        reverse("admin:agreements_cooperationarea_change", args=[area.pk]),
    ):
        assert operator.get(url).status_code == 200, url
        assert operator.post(url, {"title": "Endret", "name": "Endret"}).status_code == 403, url
    assert operator.get(reverse("admin:agreements_cooperationarea_add")).status_code == 403
    area.refresh_from_db()
    version.refresh_from_db()
    assert "Endret" not in (area.name, version.title)


def test_a14_a_general_part_is_registered_in_the_admin_and_audited(operator):
    part = AgreementPart.objects.create(kind=AgreementPart.Kind.GENERAL, title="Generell del")
    add = reverse("admin:agreements_agreementversion_add")
    choices = operator.get(add).context["adminform"].form.fields["part"].queryset
    # a special part's versions come from the import: only general parts are offered (the
    # demo's own general parts among them)
    assert part in choices
    assert {c.kind for c in choices} == {AgreementPart.Kind.GENERAL}
    response = operator.post(
        add,
        {
            "part": part.pk,
            "number": "1",
            "title": "Generell del 2020",
            "in_force_from": "2020-01-01",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-position": "1",
            "sections-0-level": "2",
            "sections-0-slug": "formal",
            "sections-0-heading": "Formål",
            "sections-0-body": "Partene samarbeider.",
            "adoptions-TOTAL_FORMS": "0",
            "adoptions-INITIAL_FORMS": "0",
            "signatures-TOTAL_FORMS": "0",
            "signatures-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    version = part.versions.get()
    assert version.sections.get().heading == "Formål"
    assert AuditEntry.objects.filter(
        action="admin.agreements.agreementversion.added", target_id=version.pk
    ).exists()
    assert AuditEntry.objects.filter(action="admin.agreements.agreementsection.added").exists()


def test_reference_data_changed_in_the_admin_is_audited(operator, council):
    url = reverse("admin:agreements_party_change", args=[council.pk])
    form = operator.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "name": council.name,
            "short_name": "Rådet",
            "alternative_names": "[]",
            "elected_bodies-TOTAL_FORMS": "0",
            "elected_bodies-INITIAL_FORMS": "0",
        }
    )
    response = operator.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    council.refresh_from_db()
    assert council.short_name == "Rådet"
    entry = AuditEntry.objects.get(action="admin.agreements.party.changed")
    assert entry.actor.username == "admin"
    assert "short_name" in entry.data["fields"]
