"""A ceased party's open follow-ups handed over to its successor's bodies (A1): a recorded,
audited step, shown on the portal; what was decided stays with the ceased party's bodies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from partnerskap.agreements.models import Party
from partnerskap.core.errors import ConflictError
from partnerskap.core.models import AuditEntry
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import (
    follow_up_hand_over,
    followup_record,
    handovers_planned,
    party_cease_with_handover,
    proposal_create,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = FollowUp.Status
END = dt.date(2023, 12, 31)
NEXT = dt.date(2024, 1, 1)


@pytest.fixture
def viken(world):
    """The demo's Viken as it stood before it ceased (the bare demo records the end)."""
    Party.objects.filter(pk=world.county.pk).update(valid_to=None, successor=None)
    world.county.refresh_from_db()
    return world.county


def _propose(proposal_item, bodies, *names, sent_on=dt.date(2023, 3, 20)):
    return proposal_create(
        item=proposal_item(when=dt.datetime(2023, 3, 14, 10, tzinfo=dt.UTC)),
        title="Felles «sak»",
        text="Forslag",
        bodies=[bodies[n] for n in names],
        sent_on=sent_on,
        actor=None,
    )


def test_a1_open_follow_ups_are_handed_over_recorded_and_audited(
    world, viken, bodies, proposal_item
):
    akershus = Party.objects.get(slug="akershus-fylkeskommune")
    open_one = _propose(proposal_item, bodies, "viken-fylkesting", "radet-representantskap")
    decided = _propose(proposal_item, bodies, "viken-fylkesutvalg")
    answered = decided.follow_ups.get()
    followup_record(
        follow_up=answered,
        status=Status.ADOPTED,
        on=dt.date(2023, 5, 2),
        decision_text="Vedtatt",
        actor=None,
    )
    planned = handovers_planned(party=viken, on=NEXT)
    assert [(h.follow_up.elected_body.slug, h.to_body) for h in planned] == [
        ("viken-fylkesting", None)  # no successor yet: the preview names no body
    ]
    user = UserFactory()
    taken = party_cease_with_handover(party=viken, valid_to=END, successor=akershus, actor=user)

    old = open_one.follow_ups.get(elected_body__slug="viken-fylkesting")
    assert old.status == Status.HANDED_OVER
    event = old.events.latest("id")
    assert (event.status, event.on, event.recorded_by) == (Status.HANDED_OVER, NEXT, user)
    (new,) = taken
    assert new.elected_body.slug == "akershus-fylkesting"
    assert (new.taken_over_from, new.taken_over_on) == (old, NEXT)
    assert (new.status, new.expected_by) == (Status.SENT, old.expected_by)
    assert open_one.follow_ups.get(elected_body__slug="radet-representantskap").status == "sent"
    # History stays: the decision of Viken's body is not touched.
    answered.refresh_from_db()
    assert (answered.status, answered.elected_body.slug) == (Status.ADOPTED, "viken-fylkesutvalg")
    entry = AuditEntry.objects.filter(action="followup.handed_over").get()
    assert entry.actor == user
    assert entry.data == {"to": "akershus-fylkesting", "on": "2024-01-01", "new": new.pk}
    assert AuditEntry.objects.filter(action="agreements.party.ceased").latest("id").actor == user
    with pytest.raises(ConflictError):
        follow_up_hand_over(follow_up=old, to_body=new.elected_body, on=NEXT, actor=None)


def test_a1_the_handover_is_shown_publicly(world, viken, bodies, proposal_item, client):
    akershus = Party.objects.get(slug="akershus-fylkeskommune")
    proposal = _propose(proposal_item, bodies, "viken-fylkesting", "radet-representantskap")
    party_cease_with_handover(party=viken, valid_to=END, successor=akershus, actor=None)
    url = reverse("portal:proposal", args=[world.partnership.slug, proposal.pk])
    with translation.override("nb"):
        page = client.get(url).content.decode()
    assert "Overtatt av Akershus fylkesting fra 1.1.2024" in page
    assert "Overtatt fra Viken fylkesting 1.1.2024" in page


def test_a1_successor_body_answers_an_amendment_handed_over(world, viken, bodies, proposal_item):
    """A body that took over a follow-up that must adopt an amendment answers for it."""
    akershus = Party.objects.get(slug="akershus-fylkeskommune")
    proposal = _propose(proposal_item, bodies, "viken-fylkesting")
    FollowUp.objects.filter(proposal=proposal).update(required_for_adoption=True)
    (new,) = party_cease_with_handover(party=viken, valid_to=END, successor=akershus, actor=None)
    assert new.required_for_adoption
