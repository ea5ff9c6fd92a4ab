"""External lists (spec 2.5): pages and their links, a stable order, the four filters carried
into every link, and deleted objects with ``modified_since`` only (spec 2.8)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import time_machine

from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import followup_record
from partnerskap.meetings.services.agenda import agenda_item_withdraw
from partnerskap.oparl.deletions import record_deletion
from tests.oparl.conftest import get, grow, validate_page

pytestmark = pytest.mark.django_db

OSLO = dt.timezone(dt.timedelta(hours=1))


def q(moment: dt.datetime) -> str:
    return quote(moment.isoformat(), safe="")


def pages(client, url: str) -> list[dict]:
    """Every page of a list, following ``links.next``."""
    out = []
    while url:
        page = get(client, url)
        assert not validate_page(url, page)
        out.append(page)
        url = page["links"].get("next", "")
    return out


def ids(client, url: str) -> list[str]:
    return [obj["id"] for page in pages(client, url) for obj in page["data"]]


def test_every_list_pages_with_next_first_prev_and_last(client, world):
    grow(world, 3)
    base = f"/oparl/v1/body/{world.partnership.pk}/organizations/"
    whole = get(client, base)
    total = whole["pagination"]["totalElements"]
    assert total == len(whole["data"]) > 6
    assert "next" not in whole["links"]
    assert "prev" not in whole["links"]
    walked = pages(client, f"{base}?elementsPerPage=2")
    assert len(walked) == (total + 1) // 2
    assert [o["id"] for p in walked for o in p["data"]] == [o["id"] for o in whole["data"]]
    second = walked[1]
    root = f"http://testserver{base}"
    assert second["links"] == {
        "first": f"{root}?elementsPerPage=2",
        "prev": f"{root}?elementsPerPage=2",
        "self": f"{root}?elementsPerPage=2&page=2",
        "next": f"{root}?elementsPerPage=2&page=3",
        "last": f"{root}?elementsPerPage=2&page={len(walked)}",
    }
    assert second["pagination"] == {
        "totalElements": total,
        "elementsPerPage": 2,
        "currentPage": 2,
        "totalPages": len(walked),
    }
    assert "next" not in walked[-1]["links"]


def test_the_order_is_stable_and_new_objects_come_last(client, world):
    grow(world, 2)
    url = f"/oparl/v1/body/{world.partnership.pk}/meetings/?elementsPerPage=1"
    before = ids(client, url)
    assert ids(client, url) == before
    grow(world, 1, offset=2)
    after = ids(client, url)
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1


def test_the_filters_narrow_the_list_and_are_carried_into_every_link(client, world):
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        grow(world, 2)
    with time_machine.travel(dt.datetime(2030, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        grow(world, 2, offset=2)
    body = world.partnership.pk
    since = dt.datetime(2030, 3, 1, 0, 0, tzinfo=OSLO)
    url = f"/oparl/v1/body/{body}/meetings/?created_since={q(since)}&elementsPerPage=1"
    walked = pages(client, url)
    assert [o["name"] for p in walked for o in p["data"]] == ["Møte 2", "Møte 3"]
    for page in walked:
        for link in page["links"].values():
            assert parse_qs(urlsplit(link).query)["created_since"] == ["2030-03-01T00:00:00+01:00"]
    until = f"/oparl/v1/body/{body}/meetings/?created_until={q(since)}"
    assert [o["name"] for o in get(client, until)["data"]] == ["Møte 0", "Møte 1"]
    both = (
        f"/oparl/v1/body/{body}/papers/?modified_since={q(since)}"
        f"&modified_until={q(dt.datetime(2030, 12, 31, tzinfo=OSLO))}"
    )
    assert [o["name"] for o in get(client, both)["data"]] == ["Forslag 2", "Forslag 3"]
    # «Z» and an unencoded «+» (read as a space) are understood.
    z = get(client, f"/oparl/v1/body/{body}/meetings/?created_since=2030-02-28T23:00:00Z")
    assert len(z["data"]) == 2
    assert "created_since=2030-02-28T23%3A00%3A00%2B00%3A00" in z["links"]["self"]
    plus = get(client, f"/oparl/v1/body/{body}/meetings/?created_since=2030-03-01T00:00:00+01:00")
    assert len(plus["data"]) == 2


def test_modified_follows_what_changes_inside_an_object(client, world):
    """Spec 3.1: ``modified`` changes with every change a client can see, also of embedded
    objects (a meeting's agenda items, a paper's consultations)."""
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        grow(world, 1)
    proposal = world.partnership.proposals.get()
    follow_up = proposal.follow_ups.first()
    body = world.partnership.pk
    since = q(dt.datetime(2030, 6, 1, tzinfo=dt.UTC))
    assert get(client, f"/oparl/v1/body/{body}/papers/?modified_since={since}")["data"] == []
    with time_machine.travel(dt.datetime(2030, 7, 1, 12, tzinfo=dt.UTC), tick=False):
        followup_record(
            follow_up=follow_up,
            status=FollowUp.Status.ON_AGENDA,
            on=dt.date(2030, 7, 1),
            body_meeting_date=dt.date(2030, 8, 1),
            body_case_number="PS 12/2030",
            actor=None,
        )
    papers = get(client, f"/oparl/v1/body/{body}/papers/?modified_since={since}")["data"]
    assert [p["modified"] for p in papers] == ["2030-07-01T14:00:00+02:00"]
    meetings = get(client, f"/oparl/v1/body/{body}/meetings/?modified_since={since}")["data"]
    assert meetings == []  # the meeting shows the item's consultation URL, not its state


def test_bad_filters_and_pages_are_answered_with_400_and_404(client, world):
    base = f"/oparl/v1/body/{world.partnership.pk}/meetings/"
    for query in (
        "created_since=yesterday",
        "modified_since=2024-01-01",  # a date is not a date-time
        "modified_until=2024-01-01T10:00:00",  # no offset
        "page=0",
        "page=x",
        "elementsPerPage=-3",
    ):
        error = get(client, f"{base}?{query}", 400)
        assert error["error"] == "bad_request"
    get(client, f"{base}?page=2", 404)
    capped = get(client, f"{base}?elementsPerPage=100000")
    assert capped["pagination"]["elementsPerPage"] == 100


def test_deleted_objects_are_listed_only_with_modified_since(client, world):
    grow(world, 2)
    meeting = world.meeting(dt.datetime(2023, 5, 1, 10, tzinfo=dt.UTC))
    body = world.partnership.pk
    url = f"/oparl/v1/body/{body}/meeting/{meeting.pk}/"
    get(client, url)
    with time_machine.travel(dt.datetime(2031, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        assert record_deletion(meeting) == 1
        meeting.delete()

    # Without modified_since the deleted meeting is gone from the list.
    plain = get(client, f"/oparl/v1/body/{body}/meetings/")["data"]
    assert f"http://testserver{url}" not in [m["id"] for m in plain]
    # With it, it comes last, as a tombstone.
    since = q(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    listed = get(client, f"/oparl/v1/body/{body}/meetings/?modified_since={since}")["data"]
    assert listed[-1] == {
        "id": f"http://testserver{url}",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "created": listed[-1]["created"],
        "modified": "2031-01-01T13:00:00+01:00",
        "deleted": True,
    }
    assert len(listed) == len(plain) + 1
    # A later modified_since still finds it; one after the deletion does not.
    later = q(dt.datetime(2030, 12, 31, tzinfo=dt.UTC))
    assert len(get(client, f"/oparl/v1/body/{body}/meetings/?modified_since={later}")["data"]) == 1
    after = q(dt.datetime(2031, 1, 2, tzinfo=dt.UTC))
    assert get(client, f"/oparl/v1/body/{body}/meetings/?modified_since={after}")["data"] == []
    # Its URL does not answer 404 or 410 but shows the tombstone (spec 2.8).
    assert get(client, url) == listed[-1]


def test_an_item_withdrawn_from_a_public_agenda_is_a_deleted_agenda_item(client, published):
    meeting = published()
    item = meeting.items.get()
    body = meeting.partnership_id
    url = f"/oparl/v1/body/{body}/agenda-item/{item.pk}/"
    assert get(client, url)["public"] is True
    with time_machine.travel(dt.datetime(2031, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        agenda_item_withdraw(item=item, actor=None)
    assert get(client, url)["deleted"] is True
    since = q(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    listed = get(client, f"/oparl/v1/body/{body}/agenda-items/?modified_since={since}")["data"]
    assert [o["id"] for o in listed] == [f"http://testserver{url}"]
    assert get(client, f"/oparl/v1/body/{body}/agenda-items/")["data"] == []
    served = get(client, f"/oparl/v1/body/{body}/meeting/{meeting.pk}/")
    assert "agendaItem" not in served
    assert served["modified"] == "2031-01-01T13:00:00+01:00"  # the meeting changed with it


def test_the_filters_agree_with_the_dates_every_object_shows(client, record, world):
    """For every object of every list, ``*_since`` its own shown date finds it and ``*_until``
    a second before does not: the filters and the output use the same ``created`` and
    ``modified`` (also where ``modified`` is worked out from embedded objects)."""
    grow(world, 1)
    body = world.partnership.pk
    checked = 0
    for segment in (
        "organizations",
        "people",
        "memberships",
        "meetings",
        "agenda-items",
        "papers",
        "consultations",
        "locations",
        "legislative-terms",
        "files",
    ):
        base = f"/oparl/v1/body/{body}/{segment}/?elementsPerPage=100"
        for obj in get(client, base)["data"]:
            for name in ("created", "modified"):
                shown = dt.datetime.fromisoformat(obj[name])
                since = get(client, f"{base}&{name}_since={q(shown)}")["data"]
                assert obj["id"] in [o["id"] for o in since], (obj["id"], name)
                before = q(shown - dt.timedelta(seconds=1))
                until = get(client, f"{base}&{name}_until={before}")["data"]
                assert obj["id"] not in [o["id"] for o in until], (obj["id"], name)
                checked += 1
    assert checked > 100


def test_lists_of_objects_that_embed_many_have_smaller_pages(client, world):
    """A meeting embeds its agenda and a paper its consultations, so their pages hold fewer
    objects (``pagination.PER_PAGE``); the links name no size unless the client asked."""
    for day in range(1, 13):
        world.meeting(dt.datetime(2023, 1, day, 10, tzinfo=dt.UTC))
    base = f"/oparl/v1/body/{world.partnership.pk}/meetings/"
    first = get(client, base)
    assert first["pagination"] == {
        "totalElements": 12,
        "elementsPerPage": 10,
        "currentPage": 1,
        "totalPages": 2,
    }
    assert first["links"]["next"] == f"http://testserver{base}?page=2"
    assert len(get(client, first["links"]["next"])["data"]) == 2
    asked = get(client, f"{base}?elementsPerPage=50")
    assert len(asked["data"]) == 12
    assert asked["links"]["self"] == f"http://testserver{base}?elementsPerPage=50"
    papers = get(client, f"/oparl/v1/body/{world.partnership.pk}/papers/")
    assert papers["pagination"]["elementsPerPage"] == 20
    people = get(client, f"/oparl/v1/body/{world.partnership.pk}/people/")
    assert people["pagination"]["elementsPerPage"] == 50
