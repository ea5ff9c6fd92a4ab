"""A11: the meeting may put experts and other elected representatives who hold no role with
the parties on a temporary committee; they are registered with name and organisation only
(L10), sit for a party or as external members, and show on the public page, in the API and in
OParl."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from partnerskap.committees.models import CommitteeMembership
from partnerskap.committees.services import Member, NewMember, committee_establish
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import AgendaItem
from partnerskap.people.models import Person
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(proposal_item):
    return proposal_item(
        kind=AgendaItem.Kind.PROCEDURAL,
        outcome=AgendaItem.Outcome.PROCEDURAL,
        procedural_subject="committee",
    )


def establish(world, item, members, new_members):
    return committee_establish(
        item=item,
        name="Utvalg for klimatilpasning",
        task="Kartlegge flomfare",
        mandate="Utvalget skal …",
        starts_on=dt.date(2022, 4, 1),
        ends_on=dt.date(2022, 12, 31),
        members=members,
        new_members=new_members,
        areas=world.areas[:1],
        actor=None,
    )


def test_a11_an_external_expert_without_a_role_sits_on_the_committee(world, decision):
    expert = NewMember("Kari", "Fjellheim", "NIBIO <script>")
    councillor = NewMember("Per", "Lund", "Asker kommunestyre", party=world.council)
    committee = establish(
        world,
        decision,
        [Member(world.people["Eikeland"], world.council, "leader")],
        [expert, councillor],
    )
    seats = {m.person.family_name: m for m in committee.members.select_related("person")}
    assert seats["Fjellheim"].party is None
    assert seats["Fjellheim"].organisation == "NIBIO <script>"
    with translation.override("nb"):
        assert seats["Fjellheim"].sits_for == "eksternt"
    assert seats["Lund"].party == world.council
    person = Person.objects.get(family_name="Fjellheim")
    assert not person.memberships.exists(), "no role with the parties"
    assert (person.email, person.title) == ("", ""), "only the name is kept (L10)"


def test_a11_external_members_need_a_name_and_sit_for_the_partnerships_parties_only(
    world, decision
):
    with pytest.raises(DomainError) as exc:
        establish(world, decision, [], [NewMember("Kari", " ")])
    assert exc.value.code == "committees.member_name"
    with pytest.raises(DomainError) as exc:
        establish(world, decision, [], [NewMember("Kari", "Berg", party=PartyFactory())])
    assert exc.value.code == "committees.member_party"
    with pytest.raises(DomainError) as exc:
        establish(
            world,
            decision,
            [Member(world.people["Eikeland"], world.council, "leader")],
            [NewMember("Kari", "Berg", role="leader")],
        )
    assert exc.value.code == "committees.one_leader"
    assert not CommitteeMembership.objects.exists()
    assert not Person.objects.filter(family_name="Berg").exists()


def test_a11_the_external_member_is_shown_on_the_public_page_and_in_the_api(
    world, decision, client
):
    committee = establish(world, decision, [], [NewMember("Kari", "Fjellheim", "NIBIO")])
    slug = world.partnership.slug
    page = client.get(reverse("portal:committee", args=[slug, committee.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kari Fjellheim" in html
    assert "NIBIO" in html
    api = client.get(f"/api/v1/committees/{committee.pk}/").json()
    member = api["members"][0]
    assert member["party"] is None
    assert member["organisation"] == "NIBIO"
