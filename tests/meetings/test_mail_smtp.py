"""Who hears what about a meeting, over real SMTP (issue 18, points 1 and 5): the notice to the
members, the substitutes (for information), both secretariats and the guests with an address,
each with a calendar invitation that moves with the meeting and is cancelled with it; a mail
server that is down delays the mail (the queue retries) and never sends it twice; no exempt
content in any message (L3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from partnerskap.core import jobs
from partnerskap.core.models import LegalBasis, OutboundMessage
from partnerskap.meetings import tasks
from partnerskap.meetings.models import GuestInvitation, Meeting
from partnerskap.meetings.selectors import memberships_on
from partnerskap.meetings.services.agenda import agenda_item_close
from partnerskap.meetings.services.attendance import guest_invite
from partnerskap.meetings.services.lifecycle import (
    meeting_cancel,
    meeting_publish_notice,
    meeting_reschedule,
)
from partnerskap.people.models import Role
from tests.canary import CANARY
from tests.smtp import SmtpServer, calendar_of, everything_of, html_of, text_of
from tests.world import World, oslo

pytestmark = pytest.mark.django_db

GUEST = "gjest.ekspert@example.org"


def _emails(meeting: Meeting, role: str) -> set[str]:
    return {m.person.email for m in memberships_on(meeting, (role,)) if m.person.email}


def _planned(world: World) -> Meeting:
    """A meeting with an open item, a closed one whose real title is the canary, and a guest
    with an address."""
    meeting = world.meeting(oslo(2022, 3, 15))
    world.item(meeting, title="Innfartsparkering")
    closed = world.item(meeting, title=f"Tilsetting {CANARY}")
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=closed, legal_basis=basis, public_title="Personalsak", actor=None)
    guest_invite(
        meeting=meeting,
        inviting_party=world.county,
        guest_name="Åse Ekspert",
        guest_role="Forsker",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        guest_email=GUEST,
        actor=None,
    )
    return meeting


def _event(message):  # type: ignore[no-untyped-def]
    cal = calendar_of(message)
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_l1_notice_change_and_cancellation_reach_everyone_with_a_moving_invitation(
    world, run_jobs, smtp_server: SmtpServer
):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = _planned(world)
        run_jobs(tasks.mail_guest)
        smtp_server.messages.clear()  # the other secretariat told of the guest (A13)
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs(tasks.mail_notice)
    first = {m["To"]: m for m in smtp_server.messages}
    assert len(first) == len(smtp_server.messages)  # one message per address
    members = {m.person.email for m in memberships_on(meeting, ("chair", "deputy_chair", "member"))}
    substitutes = _emails(meeting, Role.SUBSTITUTE)
    secretariats = {
        m.person.email for m in memberships_on(meeting, (Role.SECRETARIAT,)) if m.person.email
    }
    parties = {m.party_id for m in memberships_on(meeting, (Role.SECRETARIAT,)) if m.person.email}
    assert "leder@demo.partnerskap.invalid" in members
    assert substitutes
    assert len(parties) == 2
    assert set(first) == members | substitutes | secretariats | {GUEST}

    member = first["leder@demo.partnerskap.invalid"]
    assert SmtpServer.subject(member) == f"Møteinnkalling: {meeting}"
    assert (
        member["Message-ID"]
        == OutboundMessage.objects.get(
            key=f"notice:{meeting.notice.pk}:leder@demo.partnerskap.invalid"
        ).message_id
    )
    text = text_of(member)
    assert "Du innkalles til" in text
    assert "You are called to" in text
    assert "15.03.2022 10:00" in text
    assert "Personalsak" in text
    assert 'lang="nb"' in html_of(member)
    assert 'lang="en"' in html_of(member)
    assert "&lt;b&gt;" in html_of(member)  # the meeting's title is escaped in HTML
    assert "<hr>" in html_of(member)  # between the languages
    assert "<li>PS 2/2022  Personalsak" in html_of(member)
    assert "Til orientering" in text_of(first[sorted(substitutes)[0]])
    assert "gjest" in text_of(first[GUEST])

    for address, message in first.items():
        cal, event = _event(message)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == f"meeting-{meeting.pk}@partnerskap"
        assert int(event["SEQUENCE"]) == 0
        assert str(event["ATTENDEE"]) == f"mailto:{address}"
        assert str(event["ORGANIZER"]).startswith("mailto:")
        assert event.decoded("DTSTART") == oslo(2022, 3, 15)
        assert str(event["DTSTART"].params["TZID"]) == "Europe/Oslo"
        assert cal.walk("VTIMEZONE")

    smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 2, 10), tick=False):
        meeting_reschedule(
            meeting=meeting,
            starts_at=oslo(2022, 3, 16, 12),
            ends_at=oslo(2022, 3, 16, 15),
            reason="Salen er opptatt",
            actor=None,
        )
        run_jobs(tasks.mail_notice)
    changed = {m["To"]: m for m in smtp_server.messages}
    assert set(changed) == set(first)
    for message in changed.values():
        assert SmtpServer.subject(message) == f"Endret innkalling: {meeting}"
        assert "Salen er opptatt" in text_of(message)
        cal, event = _event(message)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == f"meeting-{meeting.pk}@partnerskap"
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == oslo(2022, 3, 16, 12)

    smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 2, 20), tick=False):
        meeting_cancel(meeting=meeting, reason="Ingen saker", actor=None)
        run_jobs(tasks.mail_cancellation)
        run_jobs(tasks.mail_cancellation)  # nothing twice
    cancelled = {m["To"]: m for m in smtp_server.messages}
    assert set(cancelled) == set(first)
    assert len(smtp_server.messages) == len(first)
    for message in cancelled.values():
        assert "Ingen saker" in text_of(message)
        cal, event = _event(message)
        assert str(cal["METHOD"]) == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 2
        assert str(event["UID"]) == f"meeting-{meeting.pk}@partnerskap"


def test_l3_no_exempt_title_reaches_any_meeting_mail(world, run_jobs, smtp_server: SmtpServer):
    """The canary: a closed item's real title is in no header, part or invitation; its
    neutral title is."""
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = _planned(world)
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs()
    with time_machine.travel(oslo(2022, 2, 10), tick=False):
        meeting_reschedule(
            meeting=meeting, starts_at=oslo(2022, 3, 17), ends_at=oslo(2022, 3, 17, 13), actor=None
        )
        run_jobs()
        meeting_cancel(meeting=meeting, reason="Avlyst", actor=None)
        run_jobs()
    assert len(smtp_server.messages) > 10
    assert any("Personalsak" in everything_of(m) for m in smtp_server.messages)
    for message in smtp_server.messages:
        assert CANARY not in everything_of(message)


def test_a_mail_server_that_is_down_delays_the_notice_and_never_sends_it_twice(
    world, run_jobs, smtp_server: SmtpServer
):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = _planned(world)
        run_jobs(tasks.mail_guest)
        smtp_server.messages.clear()
        smtp_server.stop()
        meeting_publish_notice(meeting=meeting, actor=None)  # the user's request succeeds
        assert run_jobs(tasks.mail_notice) == 1
        (row,) = jobs.JobRow.objects.filter(task_path=tasks.mail_notice.module_path)
        assert row.status == jobs.Status.READY  # waiting for its second attempt
        assert row.run_after > timezone.now()
        assert "ConnectionRefusedError" in row.traceback
        assert not OutboundMessage.objects.exclude(sent_at=None).filter(key__startswith="notice:")

        smtp_server.start()
        assert run_jobs(tasks.mail_notice) == 0  # not before its backoff
        with time_machine.travel(timezone.now() + jobs.backoff(1) + dt.timedelta(seconds=1)):
            assert run_jobs(tasks.mail_notice) == 1
            assert run_jobs(tasks.mail_notice) == 0
    row.refresh_from_db()
    assert row.status == jobs.Status.SUCCESSFUL
    addresses = [m["To"] for m in smtp_server.messages]
    assert len(addresses) == len(set(addresses)) > 5
    assert "leder@demo.partnerskap.invalid" in addresses
    assert GUEST in addresses


def test_a_guest_invited_after_the_notice_gets_it_at_once(world, run_jobs, smtp_server):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        world.item(meeting)
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs()
        smtp_server.messages.clear()
        guest_invite(
            meeting=meeting,
            inviting_party=world.council,
            guest_name="Ola Gjest",
            guest_role="Ordfører",
            guest_kind=GuestInvitation.GuestKind.ELECTED_OFFICIAL,
            guest_email=GUEST,
            actor=None,
        )
        run_jobs()
    (notice,) = smtp_server.to(GUEST)
    cal, event = _event(notice)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["ATTENDEE"]) == f"mailto:{GUEST}"
    assert all(m["To"] != GUEST for m in smtp_server.messages if m is not notice)


def test_a_meeting_cancelled_before_its_notice_sends_nothing(world, run_jobs, smtp_server):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        meeting_cancel(meeting=meeting, reason="Ingen saker", actor=None)
        assert run_jobs(tasks.mail_cancellation) == 1
    assert smtp_server.messages == []
    assert not OutboundMessage.objects.exists()


def test_each_reader_gets_the_notice_in_their_own_language(world, run_jobs, smtp_server):
    """A member who chose nynorsk reads the notice in nynorsk (then English), one who chose
    English reads it in English only, and a guest (no person, no language) in the site's
    bokmål with English below (issue 18 point 1, issue 20: ``Person.language``)."""
    from partnerskap.people.models import Person

    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = _planned(world)
        members = sorted(_emails(meeting, Role.MEMBER))
        nn_reader, en_reader = members[0], members[1]
        Person.objects.filter(email=nn_reader).update(language="nn")
        Person.objects.filter(email=en_reader).update(language="en")
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs()
    (nn_mail,) = smtp_server.to(nn_reader)
    (en_mail,) = smtp_server.to(en_reader)
    (guest_mail,) = smtp_server.to(GUEST)
    assert str(nn_mail["Subject"]).strip().startswith("Møteinnkalling")
    nn_text = text_of(nn_mail)
    assert "Tid:" in nn_text
    assert "Du blir kalla inn til" in nn_text, "nynorsk"
    assert "Du innkalles" not in nn_text
    assert nn_text.index("Tid:") < nn_text.index("Time:"), "nynorsk first, English below"
    assert 'lang="nn"' in html_of(nn_mail)
    assert str(en_mail["Subject"]).strip().startswith("Notice")
    assert "Tid:" not in text_of(en_mail)
    assert 'lang="en"' in html_of(en_mail)
    assert str(guest_mail["Subject"]).strip().startswith("Møteinnkalling")
    assert 'lang="nb"' in html_of(guest_mail)
    assert "Time:" in text_of(guest_mail), "English below for a reader of neither form"


def test_l7_a_substitute_called_in_by_hand_after_the_notice_gets_it_as_called(
    world, run_jobs, smtp_server
):
    """The secretariat registers a member's absence and calls in a substitute of the same party
    after the notice went out: the substitute, who had the notice for information, now gets it
    as someone called, with the calendar invitation; once."""
    from partnerskap.meetings.services.attendance import absence_register, substitute_call_in

    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        world.item(meeting)
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs()
        member = next(m for m in memberships_on(meeting, (Role.MEMBER,)) if m.person.email)
        substitute = next(
            m.person
            for m in memberships_on(meeting, (Role.SUBSTITUTE,))
            if m.party_id == member.party_id and m.person.email
        )
        smtp_server.messages.clear()
        absence_register(meeting=meeting, person=member.person, reason="Sjuk", actor=None)
        substitute_call_in(
            meeting=meeting, substitute=substitute, for_person=member.person, actor=None
        )
        run_jobs()
        run_jobs()
    (called,) = smtp_server.to(substitute.email)
    assert "Du innkalles til" in text_of(called)
    _cal, event = _event(called)
    assert str(event["ATTENDEE"]) == f"mailto:{substitute.email}"
