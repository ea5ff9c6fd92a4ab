"""The secretariat's back office: sign-in and lockout, the permission matrix, and a meeting run
from plan to approved minutes through the screens (no admin, no shell)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import ElectedBody
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from tests.factories import UserFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_the_period(request):
    """The demo partnership's period is 2020–2024 and a concluded partnership is not planned
    in (``policy.can_plan``): these tests run its meetings from June 2024. The demo is loaded
    first, in the present."""
    request.getfixturevalue("demo" if "demo" in request.fixturenames else "bare_demo")
    with time_machine.travel(oslo(2024, 6, 3, 8), tick=True):
        yield


PASSWORD = "partnerskap-demo"


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def test_sign_in_and_lockout_after_repeated_failures(client, bare_demo, settings):
    response = client.post(
        "/sekretariat/logg-inn/", {"username": "saksbehandler-baerum", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/sekretariat/"
    client.logout()
    response = client.post(
        "/sekretariat/logg-inn/", {"username": "sekretariat-radet", "password": PASSWORD}
    )
    assert response["Location"] == "/sekretariat/logg-inn/kode/?next=%2Fsekretariat%2F"
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sekretariat/logg-inn/", {"username": "leder", "password": "feil"})
    locked = client.post("/sekretariat/logg-inn/", {"username": "leder", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Innlogging er sperret" in locked.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, bare_demo):
    response = client.get("/sekretariat/moter/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sekretariat/logg-inn/")


@pytest.fixture
def planned(world):
    meeting = world.meeting(oslo(2024, 3, 12))
    world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title="Innfartsparkering")
    return meeting


# (user, may edit the shared meeting, may record Bærum's follow-up, may record Viken's)
MATRIX = [
    ("admin", True, True, True),
    ("sekretariat-radet", True, True, False),
    ("sekretariat-viken", False, False, False),  # Viken ended 31.12.2023
    ("leder", False, False, False),
    ("medlem", False, False, False),
    ("saksbehandler-baerum", False, True, False),
    ("outsider", False, False, False),
]


@pytest.mark.parametrize(("username", "edits", "baerum", "viken"), MATRIX)
def test_permission_matrix(client, world, planned, username, edits, baerum, viken):
    if username == "outsider":
        UserFactory(username="outsider")
    login(client, username)
    response = client.post(f"/sekretariat/moter/{planned.pk}/publish_notice/")
    if edits:
        assert response.status_code == 302
        planned.refresh_from_db()
        assert planned.status == Meeting.Status.NOTICE_PUBLISHED
    else:
        assert response.status_code in (403, 404)
        assert Meeting.objects.get(pk=planned.pk).status == Meeting.Status.PLANNED
        if response.status_code == 403:
            assert (
                "secretariat" in response.content.decode()
                or "sekretariat" in response.content.decode()
            )
    item = AgendaItem.objects.get(meeting=planned)
    if planned.status == Meeting.Status.PLANNED:
        from partnerskap.meetings.services.lifecycle import meeting_publish_notice

        meeting_publish_notice(meeting=planned, actor=None)
    agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="x", actor=None)
    proposal = proposal_create(
        item=item,
        title="Forslag",
        text="Tekst",
        bodies=list(
            ElectedBody.objects.filter(slug__in=["baerum-kommunestyre", "viken-fylkesting"])
        ),
        sent_on=dt.date(2024, 3, 20),
        actor=None,
    )
    for slug, allowed in (("baerum-kommunestyre", baerum), ("viken-fylkesting", viken)):
        follow_up = proposal.follow_ups.get(elected_body__slug=slug)
        prefix = f"f{follow_up.pk}"
        response = client.post(
            f"/sekretariat/oppfolging/{follow_up.pk}/",
            {
                f"{prefix}-status": "received",
                f"{prefix}-on": "2024-03-22",
                f"{prefix}-lock_version": "0",
            },
        )
        follow_up.refresh_from_db()
        if allowed:
            assert response.status_code == 302, slug
            assert follow_up.status == FollowUp.Status.RECEIVED
        else:
            # 404 for those who do not work in the partnership (an ended membership, an
            # outsider): the back office does not confirm another partnership's objects.
            assert response.status_code in (403, 404), slug
            assert follow_up.status == FollowUp.Status.SENT


def post(client, meeting: Meeting, action: str, data: dict | None = None, **extra):
    return client.post(f"/sekretariat/moter/{meeting.pk}/{action}/", data or {}, **extra)


def test_a_secretariat_runs_a_meeting_from_plan_to_approved_minutes(client, world):
    login(client, "sekretariat-radet")
    location = Location.objects.create(name="Bærum rådhus")
    response = client.post(
        "/sekretariat/moter/ny/",
        {
            "partnership": world.partnership.pk,
            "title": "Vårmøte",
            "starts_at": "2024-04-10T10:00",
            "ends_at": "2024-04-10T13:00",
            "location": location.pk,
            "form": "in_person",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Vårmøte")
    area = world.areas[0]
    for title in ("Første sak", "Andre sak"):
        assert post(
            client,
            meeting,
            "add_item",
            {
                "add_item-kind": "discussion",
                "kind": "discussion",
                "title": title,
                "areas": [area.pk],
            },
        ).status_code in (302, 400)
    items = list(meeting.items.order_by("position"))
    if len(items) < 2:  # forms may be prefixed; post without a prefix is what the page sends
        pytest.fail("items were not added: " + str([i.title for i in items]))
    first, second = items
    response = post(
        client, meeting, "move", {"item": second.pk, "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="agenda"' in response.content.decode()
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    assert post(client, meeting, "publish_notice").status_code == 302
    assert (
        post(
            client, meeting, "absence", {"person": world.people["Aasheim"].pk, "reason": "Sykdom"}
        ).status_code
        == 302
    )
    present = [world.people[n].pk for n in ("Lindeberg", "Eikeland", "Vik Brekke")]
    assert post(client, meeting, "attendance", {"present": present}).status_code == 302
    assert post(client, meeting, "record_held").status_code == 302
    meeting.refresh_from_db()
    assert (meeting.chaired_by, meeting.chair_reason) == (world.people["Lindeberg"], "deputy")
    for item in (first, second):
        assert (
            post(
                client,
                meeting,
                "outcome",
                {"item": item.pk, "outcome": "noted", "outcome_text": "Tatt til orientering"},
            ).status_code
            == 302
        )
    assert post(client, meeting, "draft_minutes").status_code == 302
    assert post(client, meeting, "approve_minutes").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED


def test_a_broken_rule_is_shown_next_to_the_form_and_keeps_the_input(client, world, planned):
    login(client, "sekretariat-radet")
    response = post(client, planned, "add_item", {"kind": "discussion", "title": "Uten område"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Uten område" in html, "the entered title is kept"
    assert "ds-validation-message" in html or "ds-alert" in html
    assert planned.items.count() == 1


def test_an_illegal_step_is_a_clear_409_not_a_500(client, world, planned):
    login(client, "sekretariat-radet")
    response = post(client, planned, "record_held")
    assert response.status_code == 409
    assert "ds-alert" in response.content.decode()


def test_meeting_list_queries_stay_constant(client, world):
    login(client, "sekretariat-radet")
    world.meeting(oslo(2024, 1, 10))
    with CaptureQueriesContext(connection) as small:
        client.get("/sekretariat/moter/")
    for day in range(11, 20):
        world.meeting(oslo(2024, 1, day))
    with CaptureQueriesContext(connection) as large:
        client.get("/sekretariat/moter/")
    assert len(large) == len(small)


def test_a9_a_proposal_is_sent_to_the_bodies_from_the_meeting_page(client, world, planned):
    from partnerskap.meetings.services.lifecycle import meeting_publish_notice

    login(client, "sekretariat-radet")
    meeting_publish_notice(meeting=planned, actor=None)
    item = planned.items.get()
    agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="Foreslås", actor=None)
    page = client.get(f"/sekretariat/moter/{planned.pk}/").content.decode()
    assert "Asker kommunestyre" in page
    bodies = list(
        ElectedBody.objects.filter(slug__in=["asker-kommunestyre", "baerum-kommunestyre"])
    )
    response = post(
        client,
        planned,
        "propose",
        {
            "item": item.pk,
            "title": "Felles innfartsparkering",
            "text": "Partnerskapsmøtet foreslår …",
            "bodies": [b.pk for b in bodies],
            "sent_on": "2024-03-20",
        },
    )
    assert response.status_code == 302
    assert set(item.proposal.follow_ups.values_list("elected_body__slug", flat=True)) == {
        "asker-kommunestyre",
        "baerum-kommunestyre",
    }


def test_a5_a_meeting_is_planned_for_an_open_request(client, world):
    from partnerskap.meetings.services.lifecycle import meeting_request_create

    request = meeting_request_create(
        partnership=world.partnership,
        requesting_party=world.council,
        reason="Ekstra møte",
        requested_on=dt.date(2024, 2, 1),
        actor=None,
    )
    login(client, "sekretariat-radet")
    page = client.get(f"/sekretariat/moter/ny/?foresporsel={request.pk}").content.decode()
    assert f'value="{request.pk}" selected' in page
    response = client.post(
        "/sekretariat/moter/ny/",
        {
            "partnership": world.partnership.pk,
            "title": "Ekstraordinært møte",
            "starts_at": "2024-02-20T10:00",
            "ends_at": "2024-02-20T12:00",
            "form": "remote",
            "request": request.pk,
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get(title="Ekstraordinært møte").requested_by == request
