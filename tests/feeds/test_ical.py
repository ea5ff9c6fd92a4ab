"""The meeting calendars (RFC 5545): overall, per partnership and per cooperation area."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from partnerskap.agreements.models import Partnership
from partnerskap.meetings.models import Location, Meeting
from partnerskap.meetings.selectors import meetings_public
from partnerskap.meetings.services.agenda import agenda_item_withdraw
from partnerskap.meetings.services.lifecycle import (
    meeting_cancel,
    meeting_create,
    meeting_postpone,
    meeting_publish_notice,
    meeting_reschedule,
)
from tests.factories import HOSTILE, PartnershipFactory
from tests.feeds.conftest import by_uid, make_record
from tests.world import OSLO, oslo

pytestmark = pytest.mark.django_db


def test_calendar_has_every_public_meeting_with_stable_uids(client, demo):
    first = client.get("/kalender.ics")
    second = client.get("/kalender.ics")
    uids = set(by_uid(first))
    expected = {f"meeting-{m.pk}@partnerskap" for m in meetings_public()}
    assert uids == expected
    assert len(uids) >= 10
    assert first.content == second.content  # nothing in it changes between requests
    calendar = Calendar.from_ical(first.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Partnerskapsmøter"


def test_events_carry_time_zone_place_url_sequence_and_stamp(client, published, world):
    meeting = published(oslo(2022, 6, 14, 18, 30))
    response = client.get("/kalender.ics")
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert b"DTSTART;TZID=Europe/Oslo:20220614T183000" in response.content
    event = by_uid(response)[f"meeting-{meeting.pk}@partnerskap"]
    assert event.decoded("DTSTART") == oslo(2022, 6, 14, 18, 30)
    assert event.decoded("DTSTART").tzinfo.key == "Europe/Oslo"
    assert event.decoded("DTEND") == oslo(2022, 6, 14, 21, 30)
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["LOCATION"]) == "Asker rådhus, Formannskapssalen"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == meeting.lock_version == 1
    assert event.decoded("DTSTAMP") == meeting.modified.replace(microsecond=0)
    url = "http://testserver" + reverse(
        "portal:meeting", kwargs={"partnership": world.partnership.slug, "pk": meeting.pk}
    )
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"])


def test_sequence_grows_when_the_meeting_moves(client, published, world):
    meeting = published()
    uid = f"meeting-{meeting.pk}@partnerskap"
    before = by_uid(client.get("/kalender.ics"))[uid]
    elsewhere = Location.objects.create(name="Bærum rådhus", room="Kommunestyresalen")
    meeting_reschedule(
        meeting=meeting,
        starts_at=oslo(2022, 3, 22),
        ends_at=oslo(2022, 3, 22, 13),
        location=elsewhere,
        actor=None,
    )
    after = by_uid(client.get("/kalender.ics"))[uid]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["SEQUENCE"] == Meeting.objects.get(pk=meeting.pk).lock_version
    assert after.decoded("DTSTART") == oslo(2022, 3, 22)
    assert str(after["LOCATION"]) == "Bærum rådhus, Kommunestyresalen"
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")


def test_cancelled_meeting_stays_with_status_cancelled(client, published):
    meeting = published()
    uid = f"meeting-{meeting.pk}@partnerskap"
    before = by_uid(client.get("/kalender.ics"))[uid]
    meeting_cancel(meeting=meeting, reason="Ingen saker «klare»", actor=None)
    event = by_uid(client.get("/kalender.ics"))[uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] > before["SEQUENCE"]
    assert str(event["SUMMARY"]).startswith("Avlyst: ")
    assert "Ingen saker «klare»" in str(event["DESCRIPTION"])


def test_postponed_meeting_is_tentative_with_a_note(client, published):
    meeting = published()
    meeting_postpone(meeting=meeting, reason="Venter på utredning", actor=None)
    event = by_uid(client.get("/kalender.ics"))[f"meeting-{meeting.pk}@partnerskap"]
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]).startswith("Utsatt: ")
    assert "utsatt" in str(event["DESCRIPTION"])
    assert "Venter på utredning" in str(event["DESCRIPTION"])


def test_partnership_calendar_has_only_its_meetings(client, published, world):
    ours = published()
    other = PartnershipFactory()
    theirs = meeting_create(
        partnership=other,
        title="Annet møte",
        starts_at=oslo(2022, 5, 1),
        ends_at=oslo(2022, 5, 1, 12),
        actor=None,
    )
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)
    hidden = meeting_create(
        partnership=draft,
        title="Utkast",
        starts_at=oslo(2022, 5, 2),
        ends_at=oslo(2022, 5, 2, 12),
        actor=None,
    )
    everything = set(by_uid(client.get("/kalender.ics")))
    assert {f"meeting-{m.pk}@partnerskap" for m in (ours, theirs)} <= everything
    assert f"meeting-{hidden.pk}@partnerskap" not in everything
    mine = set(by_uid(client.get(f"/{world.partnership.slug}/kalender.ics")))
    assert mine == {f"meeting-{ours.pk}@partnerskap"}
    assert client.get(f"/{draft.slug}/kalender.ics").status_code == 404
    assert client.get("/finnes-ikke/kalender.ics").status_code == 404


def test_area_calendar_has_meetings_with_a_public_open_item_in_the_area(client, world):
    area, other_area = world.areas[0], world.areas[1]
    published = world.meeting(oslo(2022, 3, 1))
    world.item(published, areas=[area])
    meeting_publish_notice(meeting=published, actor=None)
    not_yet = world.meeting(oslo(2022, 4, 1))
    world.item(not_yet, areas=[area])
    withdrawn = world.meeting(oslo(2022, 5, 1))
    world.item(withdrawn, areas=[other_area])
    agenda_item_withdraw(item=world.item(withdrawn, areas=[area]), actor=None)
    meeting_publish_notice(meeting=withdrawn, actor=None)
    record = make_record(world, when=oslo(2022, 6, 1))  # its closed item is in areas[1]

    def uids(slug: str) -> set[str]:
        return set(by_uid(client.get(f"/{world.partnership.slug}/omrader/{slug}/kalender.ics")))

    assert uids(area.slug) == {
        f"meeting-{published.pk}@partnerskap",
        f"meeting-{record.meeting.pk}@partnerskap",
    }
    assert uids(other_area.slug) == {f"meeting-{withdrawn.pk}@partnerskap"}
    unknown = f"/{world.partnership.slug}/omrader/finnes-ikke/kalender.ics"
    assert client.get(unknown).status_code == 404


def test_hostile_text_is_escaped_and_folded(client, world):
    hostile_place = Location.objects.create(name=f"Sal; rom, {HOSTILE}", room="\\ 2. etg.")
    start = dt.datetime(2022, 10, 30, 1, 30, tzinfo=OSLO)  # the night summer time ends
    meeting = meeting_create(
        partnership=world.partnership,
        title=f"Møte {HOSTILE} {HOSTILE}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        location=hostile_place,
        actor=None,
    )
    response = client.get("/kalender.ics")
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines fold at 75 octets"
    raw.decode("utf-8")  # folding never splits a character
    assert b"Sal\\; rom\\, " in raw
    event = by_uid(response)[f"meeting-{meeting.pk}@partnerskap"]
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["LOCATION"]) == str(hostile_place)
    assert event.decoded("DTSTART") == start


def test_calendar_is_in_norwegian_whatever_the_visitor_language(client, published):
    published()
    norwegian = client.get("/kalender.ics")
    english = client.get("/kalender.ics", HTTP_ACCEPT_LANGUAGE="en")
    assert english.content == norwegian.content
    assert re.search(rb"M\xc3\xb8teform: fysisk m\xc3\xb8te", norwegian.content)
