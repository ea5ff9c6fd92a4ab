"""The meeting page follows the meeting's steps (prepare → notice → meeting → minutes →
follow-up): editing time, place and form after the notice (L1, L5), electing a chair (L6),
reading and correcting the draft minutes (L4), and a refused plan answering 400."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import AgendaItem, Location, Meeting, Minutes
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.attendance import absence_register, attendance_record
from partnerskap.meetings.services.lifecycle import meeting_record_held
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(world) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="sekretariat-radet"))
    return client


def act(client: Client, meeting: Meeting, action: str, data: dict | None = None):
    return client.post(f"/sekretariat/moter/{meeting.pk}/{action}/", data or {})


def step_open(html: str, slug: str) -> bool:
    tag = re.search(rf'<details[^>]*id="step-{slug}"[^>]*>', html)
    assert tag is not None, slug
    return " open" in tag.group(0)


def test_the_page_opens_the_current_step_and_keeps_the_add_item_form_closed(secretariat, world):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        html = secretariat.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
        assert step_open(html, "prepare")
        assert not step_open(html, "notice")
        assert not step_open(html, "minutes")
        add = re.search(r'<details[^>]*id="add-item"[^>]*>', html)
        assert add is not None
        assert " open" not in add.group(0)
        assert 'aria-current="step"' in html
        world.item(meeting)
        html = secretariat.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
        assert step_open(html, "notice")
        assert not step_open(html, "prepare")


def test_l1_the_back_office_changes_a_meeting_after_its_notice(
    secretariat, world, published, jobs_after, mailoutbox
):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        mailoutbox.clear()
        elsewhere = Location.objects.create(name="Sandvika <b>rådhus</b>")
        with jobs_after():
            response = act(
                secretariat,
                meeting,
                "edit",
                {
                    "edit-starts_at": "2022-03-22T12:00",
                    "edit-ends_at": "2022-03-22T15:00",
                    "edit-location": elsewhere.pk,
                    "edit-form": "in_person",
                    "edit-reason": "Flyttet en uke",
                },
            )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.starts_at == oslo(2022, 3, 22, 12)
        assert meeting.notice.version == 2
        assert {m.subject for m in mailoutbox} == {f"Endret innkalling: {meeting}"}
        public = Client().get(f"/{world.partnership.slug}/moter/{meeting.pk}/")
        page = public.content.decode()
        assert "Flyttet en uke" in page
        assert "Sandvika &lt;b&gt;rådhus&lt;/b&gt;" in page


def test_l5_the_back_office_edit_refuses_remote_with_a_mandatory_closed_item(
    secretariat, world, published
):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        agenda_item_close(
            item=meeting.items.get(),
            legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
            public_title="Personalsak",
            actor=None,
        )
        response = act(
            secretariat,
            meeting,
            "edit",
            {
                "edit-starts_at": "2022-03-15T10:00",
                "edit-ends_at": "2022-03-15T13:00",
                "edit-location": world.location.pk,
                "edit-form": "remote",
            },
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "fjernmøte" in html or "hold the meeting in person" in html
    assert step_open(html, "notice"), "the step of the refused form is open"
    assert re.search(r'<details[^>]*id="edit"[^>]*\bopen', html)
    meeting.refresh_from_db()
    assert meeting.form == Meeting.Form.IN_PERSON


def test_l6_the_back_office_elects_a_chair_when_chair_and_deputy_are_absent(
    secretariat, world, published
):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        for name in ("Aasheim", "Lindeberg"):
            absence_register(meeting=meeting, person=world.people[name], reason="Reise", actor=None)
        attendance_record(meeting=meeting, present={world.people["Eikeland"]: True}, actor=None)
    with time_machine.travel(oslo(2022, 3, 15, 10, 5), tick=False):
        html = secretariat.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
        assert 'name="chair-person"' in html
        refused = act(secretariat, meeting, "record_held")
        assert refused.status_code == 400
        response = act(
            secretariat, meeting, "elect_chair", {"chair-person": world.people["Eikeland"].pk}
        )
        assert response.status_code == 302
        assert act(secretariat, meeting, "record_held").status_code == 302
    meeting.refresh_from_db()
    assert meeting.chaired_by == world.people["Eikeland"]
    assert meeting.chair_reason == Meeting.ChairReason.ELECTED


def test_l4_the_page_offers_no_record_as_held_before_the_meeting_starts(secretariat, published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        html = secretariat.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
        assert "/record_held/" not in html
        response = act(secretariat, meeting, "record_held")
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_PUBLISHED


def _held(meeting: Meeting) -> None:
    meeting_record_held(meeting=meeting, actor=None)
    for item in meeting.items.all():
        agenda_item_record_outcome(
            item=item,
            outcome=AgendaItem.Outcome.NOTED,
            outcome_text="Tatt til orientering",
            actor=None,
        )


def test_l4_draft_minutes_are_read_corrected_and_approved_from_the_draft(secretariat, published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
    with time_machine.travel(oslo(2022, 3, 16), tick=False):
        _held(meeting)
        assert secretariat.get(f"/sekretariat/moter/{meeting.pk}/motebok/").status_code == 200
        assert secretariat.get(f"/sekretariat/moter/{meeting.pk}/motebok.pdf").status_code == 404
        none = act(secretariat, meeting, "approve_minutes")
        assert none.status_code == 409
        response = act(secretariat, meeting, "draft_minutes")
        assert response.status_code == 302
        assert response["Location"] == f"/sekretariat/moter/{meeting.pk}/motebok/"
        page = secretariat.get(response["Location"]).content.decode()
        assert "Tatt til orientering" in page
        assert "ikke godkjent" in page
        pdf = secretariat.get(f"/sekretariat/moter/{meeting.pk}/motebok.pdf")
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert pdf["Content-Disposition"].endswith('-v1-utkast.pdf"')
        # Corrected records make the draft stale until it is generated again.
        agenda_item_record_outcome(
            item=meeting.items.get(),
            outcome=AgendaItem.Outcome.NOTED,
            outcome_text="Rettet konklusjon",
            actor=None,
        )
        assert act(secretariat, meeting, "approve_minutes").status_code == 409
        assert act(secretariat, meeting, "draft_minutes").status_code == 302
        assert (
            "Rettet konklusjon"
            in secretariat.get(f"/sekretariat/moter/{meeting.pk}/motebok/").content.decode()
        )
        assert act(secretariat, meeting, "approve_minutes").status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.MINUTES_APPROVED
        # A correction after approval: a reason, then a new version approved from its draft.
        assert (
            act(secretariat, meeting, "correct_minutes", {"correct-reason": ""}).status_code == 400
        )
        response = act(secretariat, meeting, "correct_minutes", {"correct-reason": "Feil navn"})
        assert response.status_code == 302
        assert act(secretariat, meeting, "approve_minutes").status_code == 302
    versions = list(meeting.minutes.values_list("version", "status", "correction_reason"))
    assert versions == [(1, "approved", ""), (2, "approved", "Feil navn")]


def test_a_member_reads_the_draft_minutes_but_cannot_approve(client, world, published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
    with time_machine.travel(oslo(2022, 3, 16), tick=False):
        _held(meeting)
        minutes_draft(meeting=meeting, actor=None)
        client.force_login(get_user_model().objects.get(username="medlem"))
        page = client.get(f"/sekretariat/moter/{meeting.pk}/motebok/").content.decode()
        assert "Tatt til orientering" in page
        assert "/approve_minutes/" not in page
        assert act(client, meeting, "approve_minutes").status_code == 403
    assert not Minutes.objects.filter(meeting=meeting, status="approved").exists()


def test_a_meeting_a_rule_refuses_answers_400_with_the_error_on_the_form(secretariat, world):
    with time_machine.travel(oslo(2024, 3, 1), tick=False):  # inside the period (can_plan)
        response = secretariat.post(
            "/sekretariat/moter/ny/",
            {
                "partnership": world.partnership.pk,
                "title": "Baklengs",
                "starts_at": "2024-04-10T13:00",
                "ends_at": "2024-04-10T10:00",
                "form": "in_person",
            },
        )
    assert response.status_code == 400
    assert "Møtet må slutte etter at det begynner." in response.content.decode()
    assert not Meeting.objects.filter(title="Baklengs").exists()


def test_approved_minutes_stay_approved_on_the_page(secretariat, published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
    with time_machine.travel(oslo(2022, 3, 16), tick=False):
        _held(meeting)
        minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
        page = secretariat.get(f"/sekretariat/moter/{meeting.pk}/motebok/").content.decode()
    assert "ikke godkjent" not in page
    assert 'name="correct-reason"' in page
