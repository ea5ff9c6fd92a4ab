"""The chain of agreement periods in public (A18): the portal's partnership page says which
period it continues and which continues it, lists the proposals carried over into it, and
never links to a draft; the REST API gives the same links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerskap.agreements.models import ElectedBody, Partnership
from partnerskap.followup.services import proposal_create
from partnerskap.followup.services.renewal import RenewalPlan, partnership_renewal
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewed(world):
    bodies = {b.slug: b for b in ElectedBody.objects.all()}
    meeting = world.meeting(oslo(2022, 3, 15))
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL)
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="Foreslås", actor=None)
    carried = proposal_create(
        item=item,
        title="Felles kyststi",
        text="x",
        bodies=[bodies["asker-kommunestyre"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    plan = RenewalPlan(
        name="Asker og Bærum – Akershus 2025–2028",
        slug="asker-baerum-akershus-2025-2028",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2028, 12, 31),
        proposals_carried=frozenset({carried.pk}),
    )
    return partnership_renewal(partnership=world.partnership, plan=plan, actor=None)


def test_a18_the_portal_shows_the_chain_both_ways_and_the_carried_over_proposals(
    client, world, renewed
):
    old = client.get(reverse("portal:partnership", args=[world.partnership.slug]))
    old_html = old.content.decode()
    assert reverse("portal:partnership", args=[renewed.slug]) in old_html
    assert renewed.name in old_html
    new_html = client.get(reverse("portal:partnership", args=[renewed.slug])).content.decode()
    assert reverse("portal:partnership", args=[world.partnership.slug]) in new_html
    proposal = renewed.carried_over_proposals.get()
    assert reverse("portal:proposal", args=[world.partnership.slug, proposal.pk]) in new_html
    assert "Felles kyststi" in new_html
    assert (
        client.get(
            reverse("portal:proposal", args=[world.partnership.slug, proposal.pk])
        ).status_code
        == 200
    )


def test_a18_a_draft_renewal_is_not_linked_in_public(client, world, renewed):
    Partnership.objects.filter(pk=renewed.pk).update(status=Partnership.Status.DRAFT)
    html = client.get(reverse("portal:partnership", args=[world.partnership.slug])).content.decode()
    assert renewed.slug not in html
    body = client.get(f"/api/v1/partnerships/{world.partnership.pk}/").json()
    assert body["successor"] is None


def test_a18_the_api_links_predecessor_and_successor(client, world, renewed):
    old = client.get(f"/api/v1/partnerships/{world.partnership.pk}/").json()
    new = client.get(f"/api/v1/partnerships/{renewed.pk}/").json()
    assert (old["predecessor"], old["successor"]) == (None, renewed.pk)
    assert (new["predecessor"], new["successor"]) == (world.partnership.pk, None)


def test_a18_a_carried_over_proposal_awaits_under_the_renewal_not_twice(client, world, renewed):
    """Carried over, the open proposal is counted and listed as awaiting under the renewed
    partnership, and no longer under the one it was made in, which still lists it as history;
    its page answers under both, naming where it was made and where it went."""
    from partnerskap.portal.selectors import highlights_of

    proposal = renewed.carried_over_proposals.get()
    renewed_highlights = highlights_of(slug=renewed.slug)
    assert renewed_highlights is not None
    assert renewed_highlights["awaiting"] == 1
    old_highlights = highlights_of(slug=world.partnership.slug)
    assert old_highlights is not None
    assert old_highlights["awaiting"] == 0

    def listed(slug: str, query: str = "") -> str:
        return client.get(reverse("portal:proposals", args=[slug]) + query).content.decode()

    new_url = reverse("portal:proposal", args=[renewed.slug, proposal.pk])
    assert new_url in listed(renewed.slug)
    assert new_url in listed(renewed.slug, "?status=venter")
    old_url = reverse("portal:proposal", args=[world.partnership.slug, proposal.pk])
    assert old_url in listed(world.partnership.slug), "history keeps it"
    assert old_url not in listed(world.partnership.slug, "?status=venter")
    page = client.get(new_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("portal:partnership", args=[world.partnership.slug]) in html
    item_url = reverse("portal:item", args=[world.partnership.slug, proposal.item_id])
    assert item_url in html, "its item is linked where it was dealt with"
