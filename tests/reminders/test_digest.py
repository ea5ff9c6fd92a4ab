"""The secretariats' daily digest (issue 18, point 3), over real SMTP: each kind of item, each
linking into the back office; nothing to say, no mail; once a day; the opt-out on «My
notifications» and by the one-click link in the mail; nothing exempt in it (L3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerskap.committees.models import Committee
from partnerskap.core.models import AuditEntry
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held
from partnerskap.meetings.services.minutes import minutes_draft
from partnerskap.people.models import Membership, Person, Role
from partnerskap.reminders import tasks
from partnerskap.reminders.digest import recipients
from partnerskap.reminders.models import DigestSetting
from tests.canary import CANARY, make_record
from tests.smtp import SmtpServer, everything_of, html_of, text_of
from tests.world import World, oslo

pytestmark = pytest.mark.django_db


def _secretariat_addresses(day: dt.date) -> set[str]:
    return set(recipients(today=day).values_list("email", flat=True))


def test_no_digest_when_there_is_nothing_to_say(world: World, run_jobs, smtp_server: SmtpServer):
    with time_machine.travel(oslo(2022, 1, 10, 7), tick=False):
        assert _secretariat_addresses(dt.date(2022, 1, 10))
        assert tasks.send_digests.call() == 0
    assert smtp_server.messages == []


def test_l1_a4_digest_lists_notice_due_and_the_second_meeting_not_planned(
    world: World, smtp_server: SmtpServer, settings
):
    settings.PARTNERSKAP_SITE_URL = "https://partnerskap.example.no"
    with time_machine.travel(oslo(2022, 6, 5, 7), tick=False):
        meeting = world.meeting(oslo(2022, 6, 20))  # notice due 10.06.2022 (10 days' lead)
        world.item(meeting)
        sent = tasks.send_digests.call()
        assert tasks.send_digests.call() == 0  # once a day
    addresses = _secretariat_addresses(dt.date(2022, 6, 5))
    assert sent == len(addresses) == len(smtp_server.messages) >= 2
    message = smtp_server.messages[0]
    assert SmtpServer.subject(message) == "Partnerskap: 2 saker å følge opp"
    text = text_of(message)
    assert "Innkallinger som må ut" in text
    assert "innkallingen må ut senest 10.06.2022" in text
    assert (
        f"https://partnerskap.example.no{reverse('backoffice:meeting', args=[meeting.pk])}" in text
    )
    assert "Møter som må planlegges i år" in text
    assert "1 av minst 2 møter i 2022 er planlagt (A4)" in text
    assert "1 of at least 2 meetings in 2022 are planned (A4)" in text  # English below
    slug = world.partnership.slug
    assert reverse("backoffice:year", kwargs={"slug": slug, "year": 2022}) in text
    assert 'lang="en"' in html_of(message)
    assert "&lt;b&gt;" in html_of(message)  # the meeting's title is escaped
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 5, 31, 7), tick=False):  # before the A4 date
        tasks.send_digests.call()
    assert all("A4" not in text_of(m) for m in smtp_server.messages)
    # A notice due in more than N days is not listed yet.
    with time_machine.travel(oslo(2022, 5, 20, 7), tick=False):
        smtp_server.messages.clear()
        assert tasks.send_digests.call() == 0


def test_a11_l4_digest_lists_overdue_follow_ups_committees_and_minutes_without_exempt_content(
    world: World, run_jobs, smtp_server: SmtpServer
):
    with time_machine.travel(oslo(2022, 3, 30), tick=False):
        record = make_record(world)
    FollowUp.objects.filter(proposal__in=[record.open_proposal, record.closed_proposal]).update(
        expected_by=dt.date(2022, 4, 30)
    )
    Committee.objects.filter(pk__in=[record.committee.pk, record.closed_committee.pk]).update(
        ends_on=dt.date(2022, 5, 1)
    )
    with time_machine.travel(oslo(2022, 5, 11), tick=False):
        second = world.meeting(oslo(2022, 5, 10))
        item = world.item(second, title="Sykkelveier")
        meeting_publish_notice(meeting=second, actor=None)
        meeting_record_held(meeting=second, actor=None)
        agenda_item_record_outcome(
            item=item,
            outcome=AgendaItem.Outcome.NOTED,
            outcome_text="Tatt til orientering",
            actor=None,
        )
        minutes_draft(meeting=second, actor=None)
        run_jobs()
        smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 5, 12, 7), tick=False):
        assert tasks.send_digests.call() >= 2
    text = text_of(smtp_server.messages[0])
    assert "Oppfølging over fristen" in text
    assert "Felles innfartsparkering" in text
    assert "svar var ventet 30.04.2022" in text
    follow_up = record.open_proposal.follow_ups.get()
    assert reverse("backoffice:follow_up_record", args=[follow_up.pk]) in text
    assert "Utvalg som har passert sluttdatoen uten rapport" in text
    assert "Arbeidsutvalg" in text
    assert "Et utvalg opprettet i lukket møte ble avsluttet 01.05.2022" in text
    assert reverse("backoffice:committee", args=[record.closed_committee.pk]) in text
    assert "Møtebøker som venter på godkjenning" in text
    assert reverse("backoffice:meeting_minutes", args=[second.pk]) in text
    for message in smtp_server.messages:
        assert CANARY not in everything_of(message)


def test_digest_opt_out_by_one_click_link_and_on_my_notifications(
    world: World, smtp_server: SmtpServer, client, as_secretariat
):
    with time_machine.travel(oslo(2022, 6, 5, 7), tick=False):
        world.item(world.meeting(oslo(2022, 6, 20)))
        tasks.send_digests.call()
    first = smtp_server.messages[0]
    header = "".join(str(first["List-Unsubscribe"]).split())
    url = re.fullmatch(r"<(https?://\S+)>", header)
    assert url is not None
    assert url.group(1) in text_of(first)
    person = Person.objects.get(email=first["To"])
    assert client.get(url.group(1)).status_code == 200  # a button; opening changes nothing
    assert not DigestSetting.objects.exists()
    response = client.post(
        url.group(1),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert DigestSetting.objects.get(person=person).digest is False
    entry = AuditEntry.objects.get(action="reminders.digest.set")
    assert entry.data == {"digest": False}
    assert entry.actor is None
    smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 6, 6, 7), tick=False):
        tasks.send_digests.call()
    assert first["To"] not in {m["To"] for m in smtp_server.messages}
    assert smtp_server.messages  # the others still get theirs

    # «My notifications»: the council's secretariat turns it off and on again.
    user = get_user_model().objects.get(username="sekretariat-radet")
    me = Person.objects.get(user=user)
    assert Membership.objects.filter(person=me, role=Role.SECRETARIAT).exists()
    page = as_secretariat.get(reverse("reminders:settings"))
    assert page.status_code == 200
    assert "Daglig oversikt på e-post" in page.content.decode()
    as_secretariat.post(reverse("reminders:settings"), {"digest": "1"})
    assert DigestSetting.objects.get(person=me).digest is True
    as_secretariat.post(reverse("reminders:settings"), {"digest": "0"})
    assert DigestSetting.objects.get(person=me).digest is False
    as_secretariat.post(reverse("reminders:settings"), {"digest": "1"})
    assert DigestSetting.objects.get(person=me).digest is True
    assert AuditEntry.objects.filter(action="reminders.digest.set", actor=user).count() == 3
    forged = reverse("reminders:opt_out", kwargs={"token": "1:forged"})
    assert client.post(forged).status_code == 400
