"""Helpers for the feeds' tests: parse what the feeds return, and a small public record with
an open and a closed item carried all the way to approved minutes and follow-up."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from icalendar import Calendar, Event

from partnerskap.agreements.models import ElectedBody
from partnerskap.committees.services import Member, committee_establish
from partnerskap.core.models import LegalBasis
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from tests.factories import HOSTILE
from tests.world import World, oslo

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome

#: Seeded into every exempt field; no public response may ever contain it.
CANARY = "KANARI-exempt-7f3a9c"


def events(response: Any) -> list[Event]:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def by_uid(response: Any) -> dict[str, Event]:
    return {str(e["UID"]): e for e in events(response)}


def atom_entries(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title", ""),
                "id": entry.findtext(f"{ATOM}id", ""),
                "link": link.get("href", "") if link is not None else "",
                "summary": entry.findtext(f"{ATOM}summary", ""),
                "updated": entry.findtext(f"{ATOM}updated", ""),
            }
        )
    return entries


def sitemap_locations(response: Any) -> list[str]:
    assert response.status_code == 200, response
    root = ET.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc", "") for url in root.iter(f"{SITEMAP}url")]


@dataclass
class Record:
    """One meeting with an open and a closed item, held, minutes approved, a proposal from
    each item (the closed one's is not public) and a committee set up in closed session."""

    meeting: Meeting
    open_item: AgendaItem
    closed_item: AgendaItem
    open_proposal: Proposal
    closed_proposal: Proposal
    committee_item: AgendaItem

    @property
    def slug(self) -> str:
        return self.meeting.partnership.slug


def make_record(world: World, *, when: dt.datetime | None = None, secret: str = CANARY) -> Record:
    meeting = world.meeting(when or oslo(2022, 3, 15))
    open_item = world.item(meeting, kind=Kind.PROPOSAL, title=f"Innfartsparkering {HOSTILE}")
    closed_item = world.item(
        meeting,
        kind=Kind.PROPOSAL,
        title=f"Tilsetting {secret}",
        case_presentation=f"Saksframstilling {secret}",
        recommendation=f"Innstilling {secret}",
        areas=world.areas[1:2],
    )
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=closed_item, legal_basis=basis, public_title="Personalsak", actor=None)
    committee_item = world.item(
        meeting, kind=Kind.PROCEDURAL, title=f"Utvalg {secret}", procedural_subject="committee"
    )
    agenda_item_close(item=committee_item, legal_basis=basis, public_title="Utvalg", actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=open_item, outcome=Outcome.PROPOSAL, outcome_text=f"Foreslås {HOSTILE}", actor=None
    )
    agenda_item_record_outcome(
        item=closed_item, outcome=Outcome.PROPOSAL, outcome_text=f"Konklusjon {secret}", actor=None
    )
    agenda_item_record_outcome(
        item=committee_item, outcome=Outcome.PROCEDURAL, outcome_text=secret, actor=None
    )
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    committee_establish(
        item=committee_item,
        name=f"Utvalg {secret}",
        task=secret,
        mandate=secret,
        starts_on=dt.date(2022, 4, 1),
        ends_on=dt.date(2022, 12, 31),
        members=[Member(world.people["Rustad"], world.county)],
        areas=world.areas[:1],
        actor=None,
    )
    bodies = [ElectedBody.objects.get(slug="asker-kommunestyre")]
    open_proposal = proposal_create(
        item=open_item,
        title=f"Felles innfartsparkering {HOSTILE}",
        text="Partnerskapsmøtet foreslår …",
        bodies=bodies,
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    closed_proposal = proposal_create(
        item=closed_item,
        title=f"Forslag {secret}",
        text=f"Forslagstekst {secret}",
        bodies=bodies,
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    for proposal, note in ((open_proposal, "Mottatt"), (closed_proposal, secret)):
        followup_record(
            follow_up=proposal.follow_ups.get(),
            status=FollowUp.Status.RECEIVED,
            on=dt.date(2022, 3, 25),
            note=note,
            actor=None,
        )
    meeting.refresh_from_db()
    return Record(
        meeting=meeting,
        open_item=open_item,
        closed_item=closed_item,
        open_proposal=open_proposal,
        closed_proposal=closed_proposal,
        committee_item=committee_item,
    )


@pytest.fixture
def record(world: World) -> Record:
    return make_record(world)


def feed_urls(partnership: str, area: str) -> list[str]:
    """Every URL the feeds app serves, for a partnership and one of its areas."""
    scoped = f"/{partnership}/omrader/{area}"
    return [
        "/kalender.ics",
        f"/{partnership}/kalender.ics",
        f"{scoped}/kalender.ics",
        "/feeds/innkallinger.atom",
        "/feeds/motebok.atom",
        "/feeds/oppfolging.atom",
        f"{scoped}/innkallinger.atom",
        f"{scoped}/motebok.atom",
        f"{scoped}/oppfolging.atom",
        "/sitemap.xml",
        "/robots.txt",
    ]
