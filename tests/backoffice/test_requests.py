"""Requests for extra meetings in the back office (A5): a secretariat registers which party
asked, which of its bodies or who asked, when and why; both parties' secretariats see the
open and closed requests; a meeting planned «from this request» is filled in from it, and
closes it (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import ElectedBody
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import Meeting, MeetingRequest
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_request_create
from tests.world import oslo

pytestmark = pytest.mark.django_db


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def in_2023():
    """Inside the period, while Viken and its secretariat still were (2023)."""
    with time_machine.travel(oslo(2023, 6, 1), tick=True):
        yield


@pytest.fixture
def in_2024():
    with time_machine.travel(oslo(2024, 6, 3), tick=True):
        yield


def create_url(world) -> str:
    return f"/sekretariat/foresporsler/{world.partnership.slug}/ny/"


def test_a5_a_secretariat_registers_a_request_both_secretariats_see_it(client, world, in_2023):
    body = ElectedBody.objects.get(slug="viken-fylkesutvalg")
    login(client, "sekretariat-radet")
    page = client.get(create_url(world))
    assert page.status_code == 200
    assert 'name="requesting_body"' in page.content.decode()
    response = client.post(
        create_url(world),
        {
            "requesting_party": world.county.pk,
            "requesting_body": body.pk,
            "asked_by": "Fylkesordfører <b>Astrid</b>",
            "requested_on": "2023-05-30",
            "wished_date": "2023-09-01",
            "reason": "Regional transport «plan» <script>x</script>",
        },
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get(partnership=world.partnership)
    assert (request.requesting_party, request.requesting_body) == (world.county, body)
    assert request.asked_by == "Fylkesordfører <b>Astrid</b>"
    entry = AuditEntry.objects.get(action="meetings.request.created", target_id=str(request.pk))
    assert entry.actor.username == "sekretariat-radet"

    # The other party's secretariat sees it too, open, with a way to plan a meeting from it.
    login(client, "sekretariat-viken")
    html = client.get("/sekretariat/foresporsler/").content.decode()
    assert "Regional transport «plan» &lt;script&gt;x&lt;/script&gt;" in html
    assert "Viken fylkesutvalg" in html
    assert "Fylkesordfører &lt;b&gt;Astrid&lt;/b&gt;" in html
    assert f"/sekretariat/moter/ny/?foresporsel={request.pk}" in html


def test_a5_a_request_names_a_body_or_a_person_and_keeps_the_input(client, world, in_2023):
    login(client, "sekretariat-radet")
    response = client.post(
        create_url(world),
        {"requesting_party": world.council.pk, "requested_on": "2023-05-30", "reason": "Mer tid"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_asked_by_err"' in html
    assert "Mer tid" in html, "the input is kept"
    assert not MeetingRequest.objects.exists()


def test_a5_the_body_that_asked_belongs_to_the_requesting_party(world, in_2023):
    with pytest.raises(DomainError) as refused:
        meeting_request_create(
            partnership=world.partnership,
            requesting_party=world.council,
            requesting_body=ElectedBody.objects.get(slug="viken-fylkesting"),
            reason="Mer tid",
            actor=None,
        )
    assert refused.value.code == "meetings.request.body_of_other_party"
    # A council's member municipality's body asks on the council's behalf.
    request = meeting_request_create(
        partnership=world.partnership,
        requesting_party=world.council,
        requesting_body=ElectedBody.objects.get(slug="baerum-kommunestyre"),
        reason="Mer tid",
        actor=None,
    )
    assert request.requesting_body.slug == "baerum-kommunestyre"


def test_a5_a_meeting_planned_from_the_request_is_filled_in_and_closes_it(client, world, in_2024):
    request = meeting_request_create(
        partnership=world.partnership,
        requesting_party=world.council,
        asked_by="Rådsleder",
        reason="Ekstra møte om samferdsel",
        requested_on=dt.date(2024, 5, 30),
        wished_date=dt.date(2024, 10, 1),
        actor=None,
    )
    login(client, "sekretariat-radet")
    board = client.get("/sekretariat/").content.decode()
    assert f"?foresporsel={request.pk}" in board, "the dashboard offers to plan it"
    html = client.get(f"/sekretariat/moter/ny/?foresporsel={request.pk}").content.decode()
    assert f'value="{request.pk}" selected' in html
    assert 'value="2024-10-01T10:00"' in html, "the wished date fills in the time"
    assert f'value="{world.partnership.pk}" selected' in html
    response = client.post(
        "/sekretariat/moter/ny/",
        {
            "partnership": world.partnership.pk,
            "title": "Ekstraordinært møte",
            "starts_at": "2024-10-01T10:00",
            "ends_at": "2024-10-01T12:00",
            "form": "in_person",
            "request": request.pk,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Ekstraordinært møte")
    assert meeting.requested_by == request
    closed = AuditEntry.objects.get(action="meetings.request.closed", target_id=str(request.pk))
    assert closed.actor.username == "sekretariat-radet"
    assert closed.data == {"meeting": meeting.pk}
    listing = client.get("/sekretariat/foresporsler/").content.decode()
    assert f"?foresporsel={request.pk}" not in listing, "no longer open"
    assert f'href="/sekretariat/moter/{meeting.pk}/"' in listing, "closed, by its meeting"
    assert f"?foresporsel={request.pk}" not in client.get("/sekretariat/").content.decode()


def test_a5_requests_of_a_concluded_partnership_are_read_not_added(client, world):
    """Today (after 2024) the demo partnership has concluded: its requests stay readable, and
    no request is registered and no meeting planned from one."""
    with time_machine.travel(oslo(2024, 3, 1), tick=False):
        request = meeting_request_create(
            partnership=world.partnership,
            requesting_party=world.council,
            asked_by="Rådsleder",
            reason="Ekstra møte",
            actor=None,
        )
    login(client, "sekretariat-radet")
    html = client.get("/sekretariat/foresporsler/").content.decode()
    assert "Ekstra møte" in html
    assert create_url(world) not in html
    assert f"?foresporsel={request.pk}" not in html
    refused = client.post(
        create_url(world),
        {"requesting_party": world.council.pk, "asked_by": "x", "reason": "y"},
    )
    assert refused.status_code == 403
    assert "31.12.2024" in refused.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_a5_readers_see_requests_only_secretariats_register_them(client, world, in_2024):
    login(client, "leder")
    assert client.get("/sekretariat/foresporsler/").status_code == 200
    assert client.get(create_url(world)).status_code == 403


def test_meeting_create_still_works_without_a_request(world, in_2024):
    meeting = meeting_create(
        partnership=world.partnership,
        title="Vanlig møte",
        starts_at=oslo(2024, 9, 1),
        ends_at=oslo(2024, 9, 1, 12),
        actor=None,
    )
    assert not AuditEntry.objects.filter(action="meetings.request.closed").exists()
    assert meeting.requested_by is None


def test_the_requests_page_keeps_a_constant_number_of_queries(client, world, in_2024):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def ask(n: int) -> None:
        for i in range(n):
            request = meeting_request_create(
                partnership=world.partnership,
                requesting_party=world.council,
                requesting_body=ElectedBody.objects.get(slug="asker-kommunestyre"),
                reason=f"Grunn {i}",
                actor=None,
            )
            if i % 2:
                meeting = meeting_create(
                    partnership=world.partnership,
                    title=f"Møte {i}",
                    starts_at=oslo(2024, 9, 1 + i),
                    ends_at=oslo(2024, 9, 1 + i, 12),
                    request=request,
                    actor=None,
                )
                assert meeting.requested_by == request

    login(client, "sekretariat-radet")
    ask(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sekretariat/foresporsler/").status_code == 200
    ask(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/sekretariat/foresporsler/").status_code == 200
    assert len(many) == len(few)
