"""Forfall by personal link and substitutes asked in turn, end to end over real SMTP (issue 18,
point 2): the notice → the reminder with personal links → the member reports forfall by link →
substitute 1 declines by link → substitute 2 accepts → the secretariats are told → the
attendance form shows substitute 2 for the member (L7); a meeting moved afterwards sends an
updated invitation with a higher SEQUENCE. No exempt content in any message (the canary)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from partnerskap.core import jobs
from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.meetings import tasks
from partnerskap.meetings.models import Absence, Attendance, Meeting, SubstituteRequest
from partnerskap.meetings.selectors_forfall import secretariat_addresses
from partnerskap.meetings.services.agenda import agenda_item_close
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_reschedule
from partnerskap.people.models import Person, Role
from partnerskap.people.services import membership_create
from tests.canary import CANARY
from tests.smtp import SmtpServer, calendar_of, everything_of, html_of, text_of
from tests.world import World, oslo

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/lenke/(?:forfall|inhabil|vara)/\S+/")


def _path(url: str) -> str:
    assert url.startswith(settings.PARTNERSKAP_SITE_URL)
    return url.removeprefix(settings.PARTNERSKAP_SITE_URL)


def links_in(message) -> list[str]:  # type: ignore[no-untyped-def]
    return [_path(u) for u in dict.fromkeys(LINK.findall(text_of(message)))]


def second_substitute(world: World) -> Person:
    person = Person.objects.create(
        given_name="Vara", family_name="Nummer To", email="vara2@demo.partnerskap.invalid"
    )
    membership_create(
        person=person,
        party=world.council,
        role=Role.SUBSTITUTE,
        valid_from=dt.date(2020, 1, 1),
        actor=None,
    )
    return person


def published(world: World) -> Meeting:
    """A meeting 15.03.2022 with an open item and a closed one whose real title is the canary,
    its notice published 01.02.2022."""
    meeting = world.meeting(oslo(2022, 3, 15))
    world.item(meeting, title="Innfartsparkering")
    closed = world.item(meeting, title=f"Tilsetting {CANARY}")
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=closed, legal_basis=basis, public_title="Personalsak", actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    return meeting


def sweep(run_jobs) -> None:  # type: ignore[no-untyped-def]
    """The periodic job, as the timer queues it and the worker runs it."""
    jobs.enqueue(tasks.forfall_sweep)
    run_jobs(tasks.forfall_sweep)


def test_l7_forfall_by_link_substitutes_in_turn_end_to_end(
    world, run_jobs, smtp_server: SmtpServer, client, as_secretariat
):
    member = world.people["Eikeland"]  # a council member
    first = world.people["Storli"]  # the council's substitute no. 1
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        second = second_substitute(world)
        meeting = published(world)
        run_jobs()
    (notice,) = smtp_server.to(member.email)
    assert "Du innkalles til" in text_of(notice)
    assert "Til orientering" in text_of(smtp_server.to(second.email)[0])
    smtp_server.messages.clear()

    # Eight days before: no reminder yet; seven days before (the default): one, once.
    with time_machine.travel(oslo(2022, 3, 7, 9), tick=False):
        sweep(run_jobs)
        assert smtp_server.messages == []
    with time_machine.travel(oslo(2022, 3, 8, 7), tick=False):
        sweep(run_jobs)
        sweep(run_jobs)
    (reminder,) = smtp_server.to(member.email)
    assert SmtpServer.subject(reminder) == f"Påminnelse: {meeting}"
    assert "You are called to" in text_of(reminder)  # English below the bokmål
    assert 'lang="en"' in html_of(reminder)
    forfall_link, disqualification_link = links_in(reminder)
    assert "/lenke/forfall/" in forfall_link
    assert "/lenke/inhabil/" in disqualification_link
    assert not smtp_server.to(first.email)  # substitutes get no reminder
    smtp_server.messages.clear()

    with time_machine.travel(oslo(2022, 3, 9, 12), tick=False):
        page = client.get(forfall_link)
        assert page.status_code == 200
        assert "Personalsak" in page.content.decode()
        assert CANARY not in page.content.decode()
        done = client.post(forfall_link, {"reason": "Sykdom"})
        assert done.status_code == 200
        assert "registrert" in done.content.decode()
        absence = Absence.objects.get(meeting=meeting, person=member)
        assert absence.by_link
        assert absence.reason == "Sykdom"
        again = client.post(forfall_link, {"reason": "Sykdom"})
        assert again.status_code == 410  # used once
        run_jobs()
    (asked,) = smtp_server.to(first.email)
    assert SmtpServer.subject(asked) == f"Kan du møte som vara? {meeting}"
    assert "Sykdom" not in everything_of(asked)  # the reason stays with the secretariat
    (answer_link,) = links_in(asked)
    smtp_server.messages.clear()

    with time_machine.travel(oslo(2022, 3, 9, 14), tick=False):
        assert client.post(answer_link, {"answer": "no"}).status_code == 200
        run_jobs()
    (asked,) = smtp_server.to(second.email)
    (answer_link,) = links_in(asked)
    smtp_server.messages.clear()

    with time_machine.travel(oslo(2022, 3, 9, 16), tick=False):
        assert client.post(answer_link, {"answer": "yes"}).status_code == 200
        run_jobs()
    secretariats = secretariat_addresses(meeting=meeting)
    assert len(secretariats) == 2
    for address in secretariats:
        (covered,) = smtp_server.to(address)
        assert SmtpServer.subject(covered) == f"Vara klar: {meeting}"
        assert str(second) in text_of(covered)
        assert str(member) in text_of(covered)
    (called,) = smtp_server.to(second.email)
    assert SmtpServer.subject(called) == f"Møteinnkalling: {meeting}"
    assert "Du innkalles til" in text_of(called)
    (event,) = calendar_of(called).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 0
    assert [r.status for r in SubstituteRequest.objects.order_by("pk")] == [
        SubstituteRequest.Status.DECLINED,
        SubstituteRequest.Status.ACCEPTED,
    ]
    assert Attendance.objects.get(meeting=meeting, substitute_for=member).person == second

    # The secretariat sees it on the meeting page; the attendance form lists substitute 2 for
    # the member, ticked from the answer (the secretariat confirms at the meeting, L7).
    with time_machine.travel(oslo(2022, 3, 9, 17), tick=False):
        page = as_secretariat.get(reverse("backoffice:meeting", args=[meeting.pk]))
    html = page.content.decode()
    assert "Sykdom" in html
    assert f"Covered: {second}" in html or f"Dekket: {second}" in html
    form = page.context["forms"]["attendance"]
    assert second in form.fields["present"].queryset
    assert member not in form.fields["present"].queryset
    assert second.pk in form.initial["present"]()
    assert f"{second} (vara for {member})" in html or f"{second} (substitute for {member})" in html

    # The meeting is moved: substitute 2 hears it with a higher SEQUENCE.
    smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 3, 10), tick=False):
        meeting_reschedule(
            meeting=meeting,
            starts_at=oslo(2022, 3, 16, 12),
            ends_at=oslo(2022, 3, 16, 15),
            reason="Salen er opptatt",
            actor=None,
        )
        run_jobs()
    (moved,) = smtp_server.to(second.email)
    assert SmtpServer.subject(moved) == f"Endret innkalling: {meeting}"
    assert "Du innkalles til" in text_of(moved)
    (event,) = calendar_of(moved).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == oslo(2022, 3, 16, 12)


def test_l3_no_exempt_content_in_any_forfall_message(world, run_jobs, smtp_server, client):
    """The canary: reminder, request to a substitute, «no substitute left» and «substitute
    found» carry a closed item's neutral title at most, never its real one."""
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8, 7), tick=False):
        meeting = published(world)
        run_jobs()
        sweep(run_jobs)
        (reminder,) = [m for m in smtp_server.to(member.email) if "Påminnelse" in m["Subject"]]
        forfall_link, _disq = links_in(reminder)
        client.post(forfall_link, {"reason": "Sykdom"})
        run_jobs()
        (asked,) = [m for m in smtp_server.messages if "vara?" in SmtpServer.subject(m)]
        (answer,) = links_in(asked)
        client.post(answer, {"answer": "no"})  # nobody left: the secretariats hear it
        run_jobs()
    subjects = {SmtpServer.subject(m) for m in smtp_server.messages}
    assert f"Ingen vara: {meeting}" in subjects
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "meetings.link.issued",
        "meetings.substitute.declined",
        "meetings.substitute.none_left",
    } <= actions
    assert any("Personalsak" in everything_of(m) for m in smtp_server.messages)
    for message in smtp_server.messages:
        assert CANARY not in everything_of(message)
