"""A partnership's own Atom feeds (issue 20, point 3): its published notices, approved minutes
and the follow-up of its public proposals, for a reader who follows one partnership without
visiting it; through a renewal, the follow-up of carried-over proposals reaches the
subscribers of both periods (A18)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from django.urls import reverse

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import areas_current
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import followup_record
from partnerskap.followup.services.renewal import RenewalPlan, partnership_renewal
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.feeds.conftest import ATOM, atom_entries, make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _feeds(slug: str) -> dict[str, str]:
    return {name: f"/{slug}/{name}.atom" for name in ("innkallinger", "motebok", "oppfolging")}


def _page(name: str, **kwargs: object) -> str:
    return "http://testserver" + reverse(f"portal:{name}", kwargs=kwargs)


def test_a_partnerships_feeds_name_it_and_link_to_its_page(client, world):
    make_record(world)
    partnership = world.partnership
    titles = {
        "innkallinger": "Innkallinger til partnerskapsmøter",
        "motebok": "Godkjente møtebøker",
        "oppfolging": "Oppfølging av forslag",
    }
    for name, url in _feeds(partnership.slug).items():
        root = ET.fromstring(client.get(url).content)
        assert root.findtext(f"{ATOM}title") == f"{titles[name]}: {partnership.name}", url
        assert root.findtext(f"{ATOM}id") == f"http://testserver{url}"
        link = root.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        assert link.get("href") == _page("partnership", partnership=partnership.slug)


def test_a_partnerships_notices_have_its_published_notices_only(client, world):
    record = make_record(world)
    draft = world.meeting(oslo(2022, 9, 1))
    world.item(draft, title="Ikke publisert ennå")
    feed = _feeds(world.partnership.slug)["innkallinger"]
    (entry,) = atom_entries(client.get(feed))
    meeting_url = _page("meeting", partnership=record.slug, pk=record.meeting.pk)
    assert entry["link"] == meeting_url
    assert entry["id"] == f"{meeting_url}#innkalling"
    assert record.open_item.case_number in entry["summary"]
    assert "Personalsak (lukket møte" in entry["summary"]  # neutral title and basis only
    # Published later: it arrives; the other partnership's notice never does.
    meeting_publish_notice(meeting=draft, actor=None)
    links = [e["link"] for e in atom_entries(client.get(feed))]
    assert links == [_page("meeting", partnership=record.slug, pk=draft.pk), meeting_url]


def test_a_partnerships_minutes_and_follow_up(client, world):
    record = make_record(world)
    feeds = _feeds(world.partnership.slug)
    (minutes,) = atom_entries(client.get(feeds["motebok"]))
    meeting_url = _page("meeting", partnership=record.slug, pk=record.meeting.pk)
    assert minutes["id"] == f"{meeting_url}#motebok"
    assert "Saker og utfall" in minutes["summary"]
    steps = atom_entries(client.get(feeds["oppfolging"]))
    proposal_url = _page("proposal", partnership=record.slug, pk=record.open_proposal.pk)
    assert {e["link"] for e in steps} == {proposal_url}  # not the closed item's proposal
    assert {e["title"] for e in steps} == {
        f"{record.open_proposal.title}: Asker kommunestyre – sendt",
        f"{record.open_proposal.title}: Asker kommunestyre – mottatt",
    }


def test_a_draft_or_unknown_partnership_has_no_feeds(client, world):
    make_record(world)
    Partnership.objects.filter(pk=world.partnership.pk).update(status=Partnership.Status.DRAFT)
    for url in (*_feeds(world.partnership.slug).values(), *_feeds("finnes-ikke").values()):
        assert client.get(url).status_code == 404, url


def test_a18_carried_over_proposals_keep_arriving_in_both_periods_feeds(client, world):
    """The feed follows one period (its meetings), and its follow-up has the proposals made in
    it, also after they are carried over into the renewal, and those carried over into it: a
    body's step on a carried-over proposal reaches the subscribers of both periods."""
    record = make_record(world)
    renewed = partnership_renewal(
        partnership=world.partnership,
        plan=RenewalPlan(
            name="Asker og Bærum – Akershus 2025–2028",
            slug="asker-baerum-akershus-2025-2028",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2028, 12, 31),
            proposals_carried=frozenset({record.open_proposal.pk}),
        ),
        actor=None,
    )
    followup_record(
        follow_up=record.open_proposal.follow_ups.get(),
        status=FollowUp.Status.ADOPTED,
        on=dt.date(2025, 2, 4),
        decision_text="Vedtatt i 2025",
        actor=None,
    )
    adopted = f"{record.open_proposal.title}: Asker kommunestyre – vedtatt"
    old, new = _feeds(world.partnership.slug), _feeds(renewed.slug)
    old_steps = atom_entries(client.get(old["oppfolging"]))
    new_steps = atom_entries(client.get(new["oppfolging"]))
    assert old_steps[0]["title"] == adopted
    assert [e["id"] for e in new_steps] == [e["id"] for e in old_steps]
    # The link stays the proposal's page in the period that made it.
    assert new_steps[0]["link"] == _page(
        "proposal", partnership=world.partnership.slug, pk=record.open_proposal.pk
    )
    # The meetings stay with their period: each feed has its own notices and minutes.
    renewed_world = replace(
        world, partnership=renewed, areas=list(areas_current(partnership=renewed))
    )
    later = renewed_world.meeting(oslo(2025, 3, 18))
    renewed_world.item(later)
    meeting_publish_notice(meeting=later, actor=None)
    later_url = _page("meeting", partnership=renewed.slug, pk=later.pk)
    assert [e["link"] for e in atom_entries(client.get(new["innkallinger"]))] == [later_url]
    assert atom_entries(client.get(new["motebok"])) == []
    assert [e["link"] for e in atom_entries(client.get(old["innkallinger"]))] == [
        _page("meeting", partnership=record.slug, pk=record.meeting.pk)
    ]


def test_a_partnerships_feeds_are_norwegian_whatever_the_visitor_language(client, world):
    make_record(world)
    for url in _feeds(world.partnership.slug).values():
        norwegian = client.get(url)
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert english.content == norwegian.content, url
        assert english["Content-Language"] == "nb", url
        assert client.get(f"/en{url}").status_code == 404, url  # no language prefix
