"""Writes: only through the services, only where the permission policy allows, every refusal
a problem with a code."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerskap.agreements.models import ElectedBody
from partnerskap.core.models import AuditEntry
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import AgendaItem, Meeting
from tests.api.conftest import Api, assert_problem, user
from tests.feeds.conftest import make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_period():
    """The writes plan meetings, which the 2020–2024 partnership takes only while it runs
    (A18: a concluded partnership is read-only; see the last test)."""
    with time_machine.travel(oslo(2024, 6, 3, 9), tick=True):
        yield


def meeting_body(world, **overrides):
    body = {
        "partnership": world.partnership.pk,
        "title": "Ekstraordinært møte",
        "starts_at": "2025-03-12T10:00:00+01:00",
        "ends_at": "2025-03-12T13:00:00+01:00",
        "location": world.location.pk,
    }
    body.update(overrides)
    return body


def test_the_secretariat_runs_a_meeting_from_creation_to_notice(secretariat, anonymous, world):
    created = secretariat.post("/api/v1/meetings/", meeting_body(world))
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert created["Location"] == meeting["url"]
    assert meeting["status"] == "planned"
    assert meeting["outside_period"] is True  # 2025 is after the 2020–2024 agreement (A18)
    assert meeting["agenda"] == []
    entry = AuditEntry.objects.get(action="meetings.meeting.created")
    assert entry.actor == user("sekretariat-radet")

    item = secretariat.post(
        f"/api/v1/meetings/{meeting['id']}/agenda-items/",
        {
            "kind": "discussion",
            "title": "Kollektivtilbudet",
            "areas": [world.areas[0].pk],
            "sdgs": [11],
        },
    )
    assert item.status_code == 201, item.content
    assert item.json()["case_number"] == "PS 1/2025"
    assert item.json()["sdgs"] == [11]
    assert anonymous.get(item["Location"]).status_code == 404  # not public before the notice

    moved = secretariat.patch(
        meeting["url"],
        {"starts_at": "2025-03-19T10:00:00+01:00", "ends_at": "2025-03-19T12:00:00+01:00"},
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["starts_at"] == "2025-03-19T10:00:00+01:00"

    notice = secretariat.post(f"/api/v1/meetings/{meeting['id']}/notice/", {"message": "Velkommen"})
    assert notice.status_code == 201, notice.content
    assert notice.json()["message"] == "Velkommen"
    public = anonymous.get(meeting["url"]).json()
    assert public["status"] == "notice_published"
    assert [i["title"] for i in public["agenda"]] == ["Kollektivtilbudet"]
    again = secretariat.post(f"/api/v1/meetings/{meeting['id']}/notice/")
    assert_problem(again, 409, "meetings.meeting.illegal_transition")


def test_an_item_change_with_a_stale_lock_version_is_a_409(secretariat, world):
    meeting = world.meeting()
    item = world.item(meeting)
    url = f"/api/v1/agenda-items/{item.pk}/"
    changed = secretariat.patch(url, {"title": "Ny tittel", "expected_lock_version": 0})
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Ny tittel"
    assert changed.json()["areas"] == [
        {"id": world.areas[0].pk, "slug": world.areas[0].slug, "name": world.areas[0].name}
    ]  # what is left out stays as it is
    stale = secretariat.patch(url, {"title": "Enda en", "expected_lock_version": 0})
    assert_problem(stale, 409, "meetings.item.changed_meanwhile")
    assert AgendaItem.objects.get(pk=item.pk).title == "Ny tittel"


def test_domain_errors_are_400_problems_with_the_code_and_field(secretariat, world):
    backwards = secretariat.post(
        "/api/v1/meetings/", meeting_body(world, ends_at="2025-03-12T09:00:00+01:00")
    )
    body = assert_problem(backwards, 400, "meetings.meeting.ends_before_start")
    assert body["field"] == "ends_at"
    assert body["type"] == "urn:partnerskap:error:meetings.meeting.ends_before_start"
    meeting = world.meeting()
    outside = secretariat.post(
        f"/api/v1/meetings/{meeting.pk}/agenda-items/",
        {"kind": "discussion", "title": "Uten område", "areas": []},
    )
    assert_problem(outside, 400, "meetings.item.no_area")
    empty = secretariat.post(f"/api/v1/meetings/{meeting.pk}/notice/")
    assert_problem(empty, 400, "meetings.notice.no_items")
    assert not Meeting.objects.filter(notice__isnull=False).exists()


def test_invalid_input_is_a_400_problem_listing_the_fields(secretariat, world):
    response = secretariat.post(
        "/api/v1/meetings/", {"partnership": "x", "title": "", "starts_at": "i morgen"}
    )
    body = assert_problem(response, 400, "api.invalid")
    assert {"partnership", "title", "starts_at", "ends_at"} <= {e["field"] for e in body["errors"]}
    unknown = secretariat.post("/api/v1/meetings/", meeting_body(world, partnership=999_999))
    assert_problem(unknown, 400, "api.invalid")
    area = secretariat.post(
        f"/api/v1/meetings/{world.meeting().pk}/agenda-items/",
        {"kind": "discussion", "title": "x", "areas": [999_999]},
    )
    assert assert_problem(area, 400)["errors"][0]["field"] == "areas"
    malformed = secretariat.client.post(
        "/api/v1/meetings/",
        "{nei",
        content_type="application/json",
        headers={"Authorization": f"Bearer {secretariat.token}"},
    )
    assert_problem(malformed, 400, "api.malformed")
    form = secretariat.client.post(
        "/api/v1/meetings/",
        {"title": "x"},
        headers={"Authorization": f"Bearer {secretariat.token}"},
    )
    assert_problem(form, 415, "api.unsupported_media_type")
    not_an_object = secretariat.post("/api/v1/meetings/", [1, 2])
    assert_problem(not_an_object, 400, "api.invalid")
    assert Meeting.objects.count() == 1  # only world.meeting() above


def test_writes_need_a_token_and_the_right_roles(anonymous, outsider, case_officer, world):
    body = meeting_body(world)
    denied = assert_problem(anonymous.post("/api/v1/meetings/", body), 401)
    assert denied["code"] == "api.not_authenticated"
    for api in (outsider, case_officer):
        refused = assert_problem(api.post("/api/v1/meetings/", body), 403)
        assert refused["code"] == "api.forbidden.edit_partnership"
        assert "secretariat" in refused["detail"] or "sekretariat" in refused["detail"]
    meeting = world.meeting()
    for api in (outsider, case_officer):
        assert_problem(api.patch(f"/api/v1/meetings/{meeting.pk}/", {}), 403)
        assert_problem(api.post(f"/api/v1/meetings/{meeting.pk}/notice/"), 403)
    assert_problem(outsider.post("/api/v1/meetings/999999/notice/"), 404, "api.not_found")
    assert Meeting.objects.count() == 1


def test_a_former_partys_secretariat_can_no_longer_write(client, world):
    """Viken ended on 31.12.2023, and its secretariat's memberships with it."""
    from tests.api.conftest import token_for

    viken = Api(client, token_for("sekretariat-viken"))
    assert_problem(viken.post("/api/v1/meetings/", meeting_body(world)), 403)


def follow_up_of(record, slug: str) -> FollowUp:
    return record.open_proposal.follow_ups.get(elected_body__slug=slug)


@pytest.fixture
def baerum_follow_up(world):
    """The open proposal, sent to Bærum's municipal council as well."""
    record = make_record(world, secret="hemmelig")
    FollowUp.objects.create(
        proposal=record.open_proposal,
        elected_body=ElectedBody.objects.get(slug="baerum-kommunestyre"),
        expected_by=dt.date(2022, 7, 18),
    )
    return record


def test_a_case_officer_records_the_follow_up_of_their_own_body(
    case_officer, anonymous, baerum_follow_up
):
    own = follow_up_of(baerum_follow_up, "baerum-kommunestyre")
    url = f"/api/v1/follow-ups/{own.pk}/steps/"
    step = case_officer.post(
        url,
        {
            "status": "on_agenda",
            "on": "2022-04-20",
            "body_meeting_date": "2022-05-04",
            "body_case_number": "PS 44/22",
            "expected_lock_version": 0,
        },
    )
    assert step.status_code == 201, step.content
    assert step.json()["status"] == "on_agenda"
    assert step["Location"].endswith(f"/api/v1/follow-ups/{own.pk}/")
    decided = case_officer.post(
        url, {"status": "adopted", "on": "2022-05-04", "decision_text": "Vedtatt som foreslått."}
    )
    assert decided.status_code == 201, decided.content
    assert [e["status"] for e in decided.json()["events"]] == ["on_agenda", "adopted"]
    public = anonymous.get(f"/api/v1/proposals/{baerum_follow_up.open_proposal.pk}/").json()
    assert {f["elected_body"]["name"]: f["status"] for f in public["follow_ups"]}[
        "Bærum kommunestyre"
    ] == "adopted"
    final = case_officer.post(url, {"status": "rejected", "decision_text": "Nei."})
    assert_problem(final, 409, "followup.final")
    entry = AuditEntry.objects.filter(action="followup.recorded").latest("id")
    assert entry.actor == user("saksbehandler-baerum")


def test_a_case_officer_may_not_answer_for_another_party(case_officer, baerum_follow_up):
    asker = follow_up_of(baerum_follow_up, "asker-kommunestyre")
    refused = case_officer.post(f"/api/v1/follow-ups/{asker.pk}/steps/", {"status": "on_agenda"})
    body = assert_problem(refused, 403, "api.forbidden.record_follow_up")
    assert "Asker" in body["detail"]
    assert FollowUp.objects.get(pk=asker.pk).status == "received"


def test_follow_up_rules_and_stale_steps(secretariat, baerum_follow_up):
    asker = follow_up_of(baerum_follow_up, "asker-kommunestyre")
    url = f"/api/v1/follow-ups/{asker.pk}/steps/"
    backwards = secretariat.post(url, {"status": "sent"})
    assert_problem(backwards, 400, "followup.backwards")
    missing = secretariat.post(url, {"status": "on_agenda"})
    assert assert_problem(missing, 400, "followup.agenda_details")["field"] == "body_case_number"
    stale = secretariat.post(url, {"status": "not_taken_up", "expected_lock_version": 0})
    assert_problem(stale, 409, "followup.changed_meanwhile")
    bad_url = secretariat.post(url, {"status": "adopted", "decision_url": "ikke en lenke"})
    assert assert_problem(bad_url, 400, "api.invalid")["errors"][0]["field"] == "decision_url"


def test_a_meeting_cannot_be_moved_once_held(secretariat, world):
    record = make_record(world, when=oslo(2022, 9, 1), secret="hemmelig")
    moved = secretariat.patch(
        f"/api/v1/meetings/{record.meeting.pk}/", {"starts_at": "2022-09-02T10:00:00+02:00"}
    )
    assert_problem(moved, 409, "meetings.meeting.not_changeable")


def test_a18_the_api_plans_nothing_in_a_concluded_partnership(secretariat, world):
    """After the period (here 2025) every planning write is refused with the reason, and
    nothing is written."""
    meeting = world.meeting(oslo(2024, 9, 12))
    with time_machine.travel(oslo(2025, 1, 6, 9), tick=True):
        created = assert_problem(
            secretariat.post("/api/v1/meetings/", meeting_body(world)),
            403,
            "api.forbidden.concluded",
        )
        assert "31.12.2024" in created["detail"]
        assert_problem(
            secretariat.post(f"/api/v1/meetings/{meeting.pk}/agenda-items/", {"title": "Sent"}),
            403,
            "api.forbidden.concluded",
        )
        assert_problem(
            secretariat.post(f"/api/v1/meetings/{meeting.pk}/notice/"),
            403,
            "api.forbidden.concluded",
        )
    assert not Meeting.objects.filter(title="Ekstraordinært møte").exists()
    assert not meeting.items.exists()
