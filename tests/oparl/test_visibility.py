"""L3 (and L10): nothing exempt from public access leaves through OParl."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.agreements.models import Partnership
from partnerskap.meetings.models import Minutes
from partnerskap.oparl.deletions import record_deletion
from tests.canary import CANARY, MARK, WITHHELD
from tests.oparl.conftest import ROOT, crawl_all, get

pytestmark = pytest.mark.django_db

LISTS = (
    "organizations",
    "people",
    "meetings",
    "papers",
    "agenda-items",
    "consultations",
    "files",
    "memberships",
    "locations",
    "legislative-terms",
)


def test_l3_canary_never_appears_in_any_oparl_response(client, canary):
    """A unique string goes into every exempt field (``tests.canary``): the closed item's real
    title, case presentation, recommendation, conclusion and vote (and so the minutes'
    internal part), a proposal made from the closed item with its text, follow-up note and
    decision, a committee set up in closed session, exempt documents. Crawling everything,
    with and without ``modified_since`` (which adds deleted objects), finds it in no body and
    no header; nor what is not public yet (an agenda before its notice, a withdrawn item, a
    draft partnership)."""
    record = canary
    minutes = Minutes.objects.get(meeting=record.meeting)
    assert CANARY in str(minutes.content["internal"])  # the canary is really there
    assert CANARY not in str(minutes.content["public"])
    follow_up = record.open_proposal.follow_ups.get()
    record_deletion(follow_up)  # a tombstone in the graph too
    follow_up.delete()
    since = "?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00"
    starts = [ROOT, *(f"{ROOT}body/{record.meeting.partnership_id}/{s}/{since}" for s in LISTS)]
    seen = 0
    for start in starts:
        result = crawl_all(client, start)
        assert result.ok, result.report()
        for url in result.timings:
            response = client.get(url.removeprefix("http://testserver"))
            assert CANARY.encode() not in response.content, url
            assert WITHHELD.encode() not in response.content, url
            assert MARK not in str(response.headers), url
            seen += 1
    assert seen > 50
    # Asked for directly, what is not public is not there: an item before its notice is
    # unknown, and one withdrawn before it is a tombstone without content.
    body = record.meeting.partnership_id
    get(client, f"/oparl/v1/body/{body}/agenda-item/{canary.draft_item.pk}/", 404)
    withdrawn = get(client, f"/oparl/v1/body/{body}/agenda-item/{canary.withdrawn_item.pk}/")
    assert withdrawn["deleted"] is True
    assert set(withdrawn) == {"id", "type", "created", "modified", "deleted"}
    get(client, f"/oparl/v1/body/{canary.draft_partnership.pk}/", 404)


def test_l3_a_closed_item_shows_only_that_it_exists_and_its_neutral_title(client, canary):
    record = canary
    body = record.meeting.partnership_id
    item = get(client, f"/oparl/v1/body/{body}/agenda-item/{record.closed_item.pk}/")
    assert item["name"] == "Personalsak"
    assert item["public"] is False
    assert set(item) == {
        "id", "type", "meeting", "number", "order", "name", "public", "web", "created", "modified"
    }  # fmt: skip
    meeting = get(client, f"/oparl/v1/body/{body}/meeting/{record.meeting.pk}/")
    names = {i["name"]: i["public"] for i in meeting["agendaItem"]}
    assert names["Personalsak"] is False
    assert names["Utvalg"] is False
    assert any(public for public in names.values())


def test_l3_a_proposal_from_a_closed_item_and_a_committee_set_up_in_closed_session_are_absent(
    client, canary
):
    record = canary
    body = record.meeting.partnership_id
    get(client, f"/oparl/v1/body/{body}/paper/proposal/{record.closed_proposal.pk}/", 404)
    get(client, f"/oparl/v1/body/{body}/consultation/meeting/{record.closed_proposal.pk}/", 404)
    for follow_up in record.closed_proposal.follow_ups.all():  # Asker's and Bærum's
        get(client, f"/oparl/v1/body/{body}/consultation/follow-up/{follow_up.pk}/", 404)
    committee = f"/oparl/v1/body/{body}/organization/committee/{record.closed_committee.pk}/"
    get(client, committee, 404)
    # The open ones are there.
    get(client, f"/oparl/v1/body/{body}/paper/proposal/{record.open_proposal.pk}/")
    get(client, f"/oparl/v1/body/{body}/organization/committee/{record.committee.pk}/")
    # And the closed item has no consultation: it would name the hidden paper.
    item = get(client, f"/oparl/v1/body/{body}/agenda-item/{record.closed_item.pk}/")
    assert "consultation" not in item


def test_l10_people_carry_only_their_names(client, record):
    body = record.meeting.partnership_id
    people = get(client, f"/oparl/v1/body/{body}/people/?elementsPerPage=100")["data"]
    assert people
    for person in people:
        assert set(person) <= {
            "id", "type", "body", "name", "givenName", "familyName", "membership",
            "created", "modified",
        }  # fmt: skip
    text = str(people)
    assert "@" not in text  # no e-mail address
    assert "sekretariatet" not in text  # no title


def test_staff_who_sit_on_no_committee_are_not_people_of_the_body(client, record):
    body = record.meeting.partnership_id
    people = get(client, f"/oparl/v1/body/{body}/people/?elementsPerPage=100")["data"]
    names = {p["familyName"] for p in people}
    assert {"Aasheim", "Lindeberg", "Rustad", "Storli"} <= names  # delegates, a substitute
    assert not names & {"Kolstad", "Aune", "Bakke", "Lunde", "Tangen"}  # staff, observer


def test_a_draft_partnership_is_not_a_body(client, record):
    partnership = record.meeting.partnership
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.DRAFT)
    assert get(client, "/oparl/v1/bodies/")["data"] == []
    get(client, f"/oparl/v1/body/{partnership.pk}/", 404)
    get(client, f"/oparl/v1/body/{partnership.pk}/meetings/", 404)
    get(client, f"/oparl/v1/body/{partnership.pk}/meeting/{record.meeting.pk}/", 404)


def test_an_agenda_before_the_notice_is_not_public(client, world):
    meeting = world.meeting(dt.datetime(2022, 5, 1, 10, tzinfo=dt.UTC))
    item = world.item(meeting, title=f"Ikke kunngjort {CANARY}")
    served = get(client, f"/oparl/v1/body/{world.partnership.pk}/meeting/{meeting.pk}/")
    assert "agendaItem" not in served
    assert served["meetingState"] == "terminiert"
    get(client, f"/oparl/v1/body/{world.partnership.pk}/agenda-item/{item.pk}/", 404)
    listed = get(client, f"/oparl/v1/body/{world.partnership.pk}/agenda-items/")
    assert listed["data"] == []
