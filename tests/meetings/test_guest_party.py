"""A13: either party may invite guests, each on behalf of itself: the council's secretariat
cannot invite «as Viken». Enforced in the service from the policy; the back office offers only
the user's own parties."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import GuestInvitation
from partnerskap.meetings.services.attendance import guest_invite
from partnerskap.people import policy

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


def _invite(world, meeting, party, actor):
    return guest_invite(
        meeting=meeting,
        inviting_party=party,
        guest_name="Dr. Åse «Ekspert» <b>",
        guest_role="Forsker, NTNU",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        actor=actor,
    )


def test_a13_a_secretariat_cannot_invite_a_guest_on_behalf_of_the_other_party(world):
    meeting = world.meeting()
    council_secretariat = _user("sekretariat-radet")
    with pytest.raises(DomainError) as exc:
        _invite(world, meeting, world.county, council_secretariat)
    assert exc.value.code == "meetings.guest.not_own_party"
    assert exc.value.field == "inviting_party"
    assert not GuestInvitation.objects.exists()
    assert not AuditEntry.objects.filter(action="meetings.guest.invited").exists()


def test_a13_a_secretariat_invites_on_behalf_of_its_own_party(world):
    meeting = world.meeting()
    council_secretariat = _user("sekretariat-radet")
    invitation = _invite(world, meeting, world.council, council_secretariat)
    assert invitation.inviting_party == world.council
    entry = AuditEntry.objects.get(action="meetings.guest.invited")
    assert entry.actor == council_secretariat
    assert entry.data["party"] == world.council.slug


@pytest.mark.parametrize("username", ["leder", "medlem", "saksbehandler-baerum"])
def test_a13_people_who_are_not_a_secretariat_invite_for_no_party(world, username):
    meeting = world.meeting()
    with pytest.raises(DomainError):
        _invite(world, meeting, world.council, _user(username))


def test_a13_an_administrator_may_invite_for_either_party(world):
    meeting = world.meeting()
    _invite(world, meeting, world.county, _user("admin"))
    assert GuestInvitation.objects.get().inviting_party == world.county


def test_a13_the_policy_lists_the_parties_a_user_invites_for(world):
    assert list(policy.parties_acted_for(_user("sekretariat-radet"), world.partnership)) == [
        world.council
    ]
    assert list(policy.parties_acted_for(_user("medlem"), world.partnership)) == []
    assert list(policy.parties_acted_for(_user("admin"), world.partnership)) == [
        world.council,
        world.county,
    ]
