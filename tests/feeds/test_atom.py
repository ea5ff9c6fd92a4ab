"""The Atom feeds: published notices, approved minutes and follow-up, overall and per area."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from partnerskap.followup.models import FollowUpEvent
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.services.lifecycle import meeting_cancel
from partnerskap.meetings.services.minutes import minutes_approve, minutes_correct
from tests.factories import HOSTILE
from tests.feeds.conftest import ATOM, atom_entries, make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _moment(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _meeting_url(meeting: Meeting) -> str:
    return "http://testserver" + reverse(
        "portal:meeting", kwargs={"partnership": meeting.partnership.slug, "pk": meeting.pk}
    )


def test_notices_feed_has_every_published_notice_in_norwegian(client, demo):
    response = client.get("/feeds/innkallinger.atom")
    root = ET.fromstring(response.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nb"
    assert root.findtext(f"{ATOM}title") == "Innkallinger til partnerskapsmøter"
    assert root.findtext(f"{ATOM}id") == "http://testserver/feeds/innkallinger.atom"
    entries = atom_entries(response)
    published = Meeting.objects.filter(notice__isnull=False).order_by(
        "-notice__published_at", "-pk"
    )
    assert [e["link"] for e in entries] == [_meeting_url(m) for m in published]
    assert all(e["title"].startswith("Innkalling: ") for e in entries)
    assert len({e["id"] for e in entries}) == len(entries)
    newest = entries[0]["summary"]
    assert "Saksliste" in newest
    assert "Tid:" in newest
    assert " kl. " in newest
    assert "PS " in newest


def test_notice_entry_shows_the_public_agenda_only(client, world):
    draft = world.meeting(oslo(2022, 9, 1))
    world.item(draft, title="Ikke publisert ennå")
    record = make_record(world)
    entries = atom_entries(client.get("/feeds/innkallinger.atom"))
    assert [e["link"] for e in entries] == [_meeting_url(record.meeting)]
    summary = entries[0]["summary"]
    assert (
        "Personalsak (lukket møte, kommuneloven § 11-5 andre ledd bokstav a – personalsak)"
        in summary
    )
    assert record.open_item.case_number in summary
    assert "Ikke publisert ennå" not in summary
    assert entries[0]["id"] == _meeting_url(record.meeting) + "#innkalling"


def test_cancelled_meeting_keeps_its_notice_entry_without_the_agenda(client, published):
    meeting = published()
    meeting_cancel(meeting=meeting, reason="Få saker", actor=None)
    (entry,) = atom_entries(client.get("/feeds/innkallinger.atom"))
    assert entry["title"].endswith("(avlyst)")
    assert "avlyst: Få saker" in entry["summary"]
    assert "Saksliste" not in entry["summary"]


def test_area_notices_feed_has_meetings_with_an_open_item_in_the_area(client, world, published):
    record = make_record(world)
    slug = world.partnership.slug
    first_area, second_area = world.areas[0], world.areas[1]
    response = client.get(f"/{slug}/omrader/{first_area.slug}/innkallinger.atom")
    title = ET.fromstring(response.content).findtext(f"{ATOM}title")
    scope = f"{first_area.name} ({world.partnership.name})"
    assert title == f"Innkallinger til partnerskapsmøter: {scope}"
    assert [e["link"] for e in atom_entries(response)] == [_meeting_url(record.meeting)]
    # Only the closed item is in the second area: its areas are not public.
    assert atom_entries(client.get(f"/{slug}/omrader/{second_area.slug}/innkallinger.atom")) == []
    assert client.get(f"/{slug}/omrader/finnes-ikke/innkallinger.atom").status_code == 404


def test_minutes_feed_has_the_public_part_and_corrections_update_the_entry(client, world):
    record = make_record(world)
    (entry,) = atom_entries(client.get("/feeds/motebok.atom"))
    assert entry["title"] == f"Møtebok: {record.meeting.title}, 15. mars 2022"
    assert entry["id"] == _meeting_url(record.meeting) + "#motebok"
    assert "Godkjent " in entry["summary"]
    assert "Saker og utfall" in entry["summary"]
    assert "forslag til partene" in entry["summary"]
    assert "Personalsak (lukket møte" in entry["summary"]
    correction = minutes_correct(meeting=record.meeting, reason="Feil i «navn»", actor=None)
    minutes_approve(minutes=correction, actor=None)
    (corrected,) = atom_entries(client.get("/feeds/motebok.atom"))
    assert corrected["id"] == entry["id"]
    assert corrected["title"].endswith("(korrigert, versjon 2)")
    assert "Korrigert versjon 2" in corrected["summary"]
    assert "Feil i «navn»" in corrected["summary"]
    assert _moment(corrected["updated"]) >= _moment(entry["updated"])


def test_minutes_feed_of_the_demo(client, demo):
    entries = atom_entries(client.get("/feeds/motebok.atom"))
    approved = Meeting.objects.filter(status=Meeting.Status.MINUTES_APPROVED)
    assert {e["link"] for e in entries} == {_meeting_url(m) for m in approved}
    assert all(e["title"].startswith("Møtebok: ") for e in entries)


def test_follow_up_feed_has_the_steps_of_public_proposals(client, world):
    record = make_record(world)
    entries = atom_entries(client.get("/feeds/oppfolging.atom"))
    proposal_url = "http://testserver" + reverse(
        "portal:proposal", kwargs={"partnership": record.slug, "pk": record.open_proposal.pk}
    )
    events = FollowUpEvent.objects.filter(follow_up__proposal=record.open_proposal)
    assert {e["id"] for e in entries} == {f"{proposal_url}#oppfolging-{ev.pk}" for ev in events}
    assert {e["link"] for e in entries} == {proposal_url}
    titles = {e["title"] for e in entries}
    assert f"{record.open_proposal.title}: Asker kommunestyre – mottatt" in titles
    assert f"{record.open_proposal.title}: Asker kommunestyre – sendt" in titles
    assert "25. mars 2022" in entries[0]["summary"]
    area_feed = f"/{record.slug}/omrader/{world.areas[0].slug}/oppfolging.atom"
    assert {e["id"] for e in atom_entries(client.get(area_feed))} == {e["id"] for e in entries}
    other_area = f"/{record.slug}/omrader/{world.areas[1].slug}/oppfolging.atom"
    assert atom_entries(client.get(other_area)) == []


def test_hostile_text_is_text_in_titles_and_escaped_html_in_summaries(client, world):
    record = make_record(world)
    responses = [
        client.get(url)
        for url in ("/feeds/innkallinger.atom", "/feeds/motebok.atom", "/feeds/oppfolging.atom")
    ]
    for response in responses:
        assert b"<script>" not in response.content
        ET.fromstring(response.content)  # well-formed
    notice = atom_entries(responses[0])[0]
    # A summary is HTML: the XML parser gives back the HTML, in which the text is escaped.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in notice["summary"]
    assert "<script>" not in notice["summary"]
    assert "Ærlig «sak» &amp; &#x27;øy&#x27;" in notice["summary"]
    # A title is plain text: the XML parser gives back exactly the stored text.
    assert notice["title"].startswith(f"Innkalling: {record.meeting.title}")
    follow_up = atom_entries(responses[2])[0]
    assert follow_up["title"].startswith(f"Felles innfartsparkering {HOSTILE}: ")


def test_feeds_are_norwegian_whatever_the_visitor_language(client, world):
    make_record(world)
    for url in ("/feeds/innkallinger.atom", "/feeds/motebok.atom", "/feeds/oppfolging.atom"):
        norwegian = client.get(url)
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert english.content == norwegian.content
        assert english["Content-Language"] == "nb"


def test_empty_feed_is_stable(client, world):
    first = client.get("/feeds/innkallinger.atom")
    second = client.get("/feeds/innkallinger.atom")
    assert atom_entries(first) == []
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]


def test_notice_entry_is_updated_when_the_agenda_changes(client, published, world):
    meeting = published()
    (before,) = atom_entries(client.get("/feeds/innkallinger.atom"))
    world.item(meeting, title="Ettermeldt sak")
    (after,) = atom_entries(client.get("/feeds/innkallinger.atom"))
    assert "Ettermeldt sak" in after["summary"]
    assert _moment(after["updated"]) > _moment(before["updated"])
