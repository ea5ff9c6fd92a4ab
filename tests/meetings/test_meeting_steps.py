"""The meeting's steps: recorded as held only once it has started and minutes approved only
after it is held (L4); a change of time, place or form after the notice issues it again (L1,
L5); the elected chair in the minutes (L6); draft minutes regenerated and corrected (L4)."""

from __future__ import annotations

import pytest
import time_machine

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.documents.pdf.minutes import TEMPLATE, minutes_context
from partnerskap.documents.pdf.render import render_html
from partnerskap.meetings.models import AgendaItem, Location, Meeting, Minutes, Notice
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.attendance import absence_register, attendance_record
from partnerskap.meetings.services.chair import meeting_elect_chair
from partnerskap.meetings.services.lifecycle import (
    meeting_publish_notice,
    meeting_record_held,
    meeting_reschedule,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_correct, minutes_draft
from tests.world import oslo

pytestmark = pytest.mark.django_db
Status = Meeting.Status


def test_l4_meeting_cannot_be_recorded_held_before_it_starts(published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        with pytest.raises(DomainError) as exc:
            meeting_record_held(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.meeting.not_started"
    assert "15.03.2022" in str(exc.value)
    meeting.refresh_from_db()
    assert meeting.status == Status.NOTICE_PUBLISHED
    with time_machine.travel(oslo(2022, 3, 15, 10, 5), tick=False):
        meeting_record_held(meeting=meeting, actor=None)
    assert meeting.status == Status.HELD


def test_l4_minutes_cannot_be_approved_before_the_meeting_is_held(published):
    """A meeting wrongly recorded as held ahead of time (as meeting 12 was, before the guard)
    gets no minutes until it has taken place."""
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        for item in meeting.items.all():
            agenda_item_record_outcome(
                item=item, outcome=AgendaItem.Outcome.NOTED, outcome_text="", actor=None
            )
        Meeting.objects.filter(pk=meeting.pk).update(status=Status.HELD)
        meeting.refresh_from_db()
        with pytest.raises(DomainError) as drafted:
            minutes_draft(meeting=meeting, actor=None)
        assert drafted.value.code == "meetings.minutes.meeting_not_held"
    with time_machine.travel(oslo(2022, 3, 16), tick=False):
        draft = minutes_draft(meeting=meeting, actor=None)
    with time_machine.travel(oslo(2022, 3, 1), tick=False), pytest.raises(DomainError) as exc:
        minutes_approve(minutes=draft, actor=None)
    assert exc.value.code == "meetings.minutes.meeting_not_held"
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD


# ---------------------------------------------------------------- a meeting changed after notice


def test_l1_a_change_after_the_notice_issues_it_again_and_tells_who_got_it(
    world, jobs_after, mailoutbox
):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        world.item(meeting)
        with jobs_after():
            notice = meeting_publish_notice(meeting=meeting, actor=None)
        assert not notice.is_late
        first = {m.to[0] for m in mailoutbox}
        mailoutbox.clear()
        # Someone who got the first notice is no longer called (absence): still told.
        absence_register(
            meeting=meeting, person=world.people["Aasheim"], reason="Reise", actor=None
        )
    elsewhere = Location.objects.create(name="Bærum rådhus", room="Kommunestyresalen")
    with time_machine.travel(oslo(2022, 3, 10), tick=False), jobs_after():
        meeting_reschedule(
            meeting=meeting,
            starts_at=oslo(2022, 3, 16, 12),
            ends_at=oslo(2022, 3, 16, 15),
            location=elsewhere,
            reason="Salen i Asker er opptatt",
            actor=None,
        )
    notice.refresh_from_db()
    assert notice.version == 2
    assert notice.change_reason == "Salen i Asker er opptatt"
    assert notice.published_at == oslo(2022, 3, 10)
    assert notice.deadline == oslo(2022, 3, 6, 12)
    assert notice.is_late  # issued again six days before the new date: later than ten days
    told = {m.to[0] for m in mailoutbox}
    assert told == first
    assert "leder@demo.partnerskap.invalid" in told
    message = mailoutbox[0]
    assert "Salen i Asker er opptatt" in message.body
    assert "16.03.2022 12:00" in message.body
    assert "Bærum rådhus" in message.body
    entry = AuditEntry.objects.filter(action="meetings.meeting.rescheduled").latest("pk")
    assert entry.data["before"]["location"] == "Asker rådhus, Formannskapssalen"
    assert entry.data["after"]["location"] == "Bærum rådhus, Kommunestyresalen"
    assert entry.data["reason"] == "Salen i Asker er opptatt"
    assert entry.data["notice_version"] == 2


def test_a_change_before_the_notice_sends_nothing(world, jobs_after, mailoutbox):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        with jobs_after():
            meeting_reschedule(
                meeting=meeting,
                starts_at=oslo(2022, 3, 17),
                ends_at=oslo(2022, 3, 17, 13),
                actor=None,
            )
    assert mailoutbox == []
    assert not Notice.objects.filter(meeting=meeting).exists()


def test_a_notice_is_not_issued_again_for_no_change(published):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        with pytest.raises(DomainError) as exc:
            meeting_reschedule(
                meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at, actor=None
            )
    assert exc.value.code == "meetings.meeting.unchanged"


def test_l5_an_edit_to_remote_is_refused_with_a_mandatory_closed_item(world, published):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        item = world.item(meeting, title="Tilsetting")
        agenda_item_close(
            item=item,
            legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
            public_title="Personalsak",
            actor=None,
        )
        with pytest.raises(DomainError) as exc:
            meeting_reschedule(
                meeting=meeting,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                form=Meeting.Form.REMOTE,
                actor=None,
            )
    assert exc.value.code == "meetings.form.remote_with_mandatory_closed_item"
    meeting.refresh_from_db()
    assert meeting.form == Meeting.Form.IN_PERSON
    assert meeting.notice.version == 1


# ---------------------------------------------------------------- the elected chair in the minutes


def test_l6_the_minutes_record_the_elected_chair_and_why(world, published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        for name in ("Aasheim", "Lindeberg"):
            absence_register(meeting=meeting, person=world.people[name], reason="Reise", actor=None)
        attendance_record(meeting=meeting, present={world.people["Eikeland"]: True}, actor=None)
    with time_machine.travel(oslo(2022, 3, 15, 10, 5), tick=False):
        meeting_elect_chair(meeting=meeting, person=world.people["Eikeland"], actor=None)
        meeting_record_held(meeting=meeting, actor=None)
        for item in meeting.items.all():
            agenda_item_record_outcome(
                item=item, outcome=AgendaItem.Outcome.NOTED, outcome_text="", actor=None
            )
        draft = minutes_draft(meeting=meeting, actor=None)
    assert draft.content["public"]["chair"] == {"name": "Jonas Eikeland", "reason": "elected"}
    public = {**draft.content["public"], "version": draft.version, "draft": True}
    context = minutes_context(public, partnership=world.partnership.name, internal=None)
    assert context["meeting"]["chair"] == "Jonas Eikeland"
    assert context["meeting"]["chair_elected"]
    assert context["meeting"]["chair_reason"] == (
        "Valgt av møtet, fordi leder og nestleder hadde forfall"
    )
    html = render_html(TEMPLATE, context)
    assert "Valgt møteleder" in html
    assert "leder og nestleder hadde forfall" in html
    assert "Utkast til møtebok" in html
    assert "ikke godkjent" in html


# ---------------------------------------------------------------- draft minutes, corrected


def test_l4_a_new_draft_replaces_the_old_and_a_stale_draft_is_not_approved(world, published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
    with time_machine.travel(oslo(2022, 3, 16), tick=False):
        meeting_record_held(meeting=meeting, actor=None)
        item = meeting.items.get()
        agenda_item_record_outcome(
            item=item,
            outcome=AgendaItem.Outcome.NOTED,
            outcome_text="Tatt til orientering",
            actor=None,
        )
        first = minutes_draft(meeting=meeting, actor=None)
        agenda_item_record_outcome(
            item=item,
            outcome=AgendaItem.Outcome.NOTED,
            outcome_text="Rettet konklusjon",
            actor=None,
        )
        with pytest.raises(ConflictError) as exc:
            minutes_approve(minutes=first, actor=None)
        assert exc.value.code == "meetings.minutes.draft_stale"
        second = minutes_draft(meeting=meeting, actor=None)
        assert second.pk == first.pk
        assert second.version == 1
        assert second.content["public"]["items"][0]["outcome_text"] == "Rettet konklusjon"
        minutes_approve(minutes=second, actor=None)
        # After approval, a correction is a new version with its reason, kept when drafted again.
        correction = minutes_correct(meeting=meeting, reason="Feil navn", actor=None)
        again = minutes_draft(meeting=meeting, actor=None)
        assert again.pk == correction.pk
        assert (again.version, again.correction_reason) == (2, "Feil navn")
        minutes_approve(minutes=again, actor=None)
    assert Minutes.objects.filter(meeting=meeting, status="approved").count() == 2
