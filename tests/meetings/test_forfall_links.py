"""Personal links for forfall, disqualification and substitutes (issue 18, point 2): signed for
one purpose, used once, expiring at the meeting's start, explaining themselves when they cannot
be used; the substitutes asked in the party's order (L7); the reminder's day count per
partnership."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import (
    Absence,
    Disqualification,
    Meeting,
    PersonalLink,
    SubstituteRequest,
)
from partnerskap.meetings.selectors_forfall import attendance_prefilled, secretariat_addresses
from partnerskap.meetings.services import forfall
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.privacy import services
from partnerskap.privacy.providers import ERASED_REASON
from partnerskap.privacy.registry import Subject
from tests.meetings.test_forfall_smtp import second_substitute
from tests.world import World, oslo

pytestmark = pytest.mark.django_db
Purpose = PersonalLink.Purpose


def _published(world: World) -> Meeting:
    meeting = world.meeting(oslo(2022, 3, 15))
    world.item(meeting, title="Innfartsparkering")
    world.item(meeting, title="Sykkelveier")
    meeting_publish_notice(meeting=meeting, actor=None)
    return meeting


def _url(purpose: str, token: str) -> str:
    name = {"forfall": "forfall", "inhabil": "disqualification", "vara": "substitute"}[purpose]
    return reverse(f"links:{name}", args=[token])


def test_l7_an_expired_link_explains_itself_and_offers_the_secretariat(world, client):
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        meeting = _published(world)
        token = forfall.personal_link_issue(meeting=meeting, person=member, purpose=Purpose.FORFALL)
    with time_machine.travel(oslo(2022, 3, 15, 10, 1), tick=False):
        page = client.get(_url(Purpose.FORFALL, token))
        refused = client.post(_url(Purpose.FORFALL, token), {"reason": "Syk"})
    html = page.content.decode()
    assert page.status_code == 410
    assert "utløpt" in html
    assert "15.03.2022 10:00" in html
    for address in secretariat_addresses(meeting=meeting):
        assert f'href="mailto:{address}"' in html
    assert refused.status_code == 410
    assert not Absence.objects.filter(meeting=meeting).exists()


def test_a_used_link_works_once_and_says_so(world, client):
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        meeting = _published(world)
        token = forfall.personal_link_issue(
            meeting=meeting, person=member, purpose=Purpose.DISQUALIFICATION
        )
        item = meeting.items.get(title="Innfartsparkering")
        url = _url(Purpose.DISQUALIFICATION, token)
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200  # opening uses nothing (mail scanners)
        done = client.post(url, {"item": item.pk, "reason": "Min bror eier tomten"})
        assert done.status_code == 200
        again = client.post(url, {"item": item.pk, "reason": "Igjen"})
    assert again.status_code == 410
    assert "allerede brukt" in again.content.decode()
    declared = Disqualification.objects.get(meeting=meeting, person=member)
    assert declared.item == item
    assert declared.reason == "Min bror eier tomten"
    entry = AuditEntry.objects.get(action="meetings.disqualification.declared")
    assert entry.data == {"person": member.pk, "item": item.pk, "by_link": True}


def test_a_link_for_another_purpose_or_altered_is_refused(world, client):
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        meeting = _published(world)
        token = forfall.personal_link_issue(meeting=meeting, person=member, purpose=Purpose.FORFALL)
        wrong = client.post(_url(Purpose.DISQUALIFICATION, token), {"reason": "x", "item": 1})
        altered = client.get(_url(Purpose.FORFALL, token[:-2] + "xx"))
        replaced = forfall.personal_link_issue(
            meeting=meeting, person=member, purpose=Purpose.FORFALL
        )
        old = client.get(_url(Purpose.FORFALL, token))
        assert client.get(_url(Purpose.FORFALL, replaced)).status_code == 200
    assert wrong.status_code == 404
    assert "gjelder noe annet" in wrong.content.decode()
    assert altered.status_code == 404
    assert "ikke gyldig" in altered.content.decode()
    assert old.status_code == 404  # a newer link replaced it
    assert "erstattet" in old.content.decode()
    assert not Disqualification.objects.exists()


def test_l7_partial_forfall_and_the_secretariat_sees_it_on_the_meeting_page(
    world, client, as_secretariat
):
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        meeting = _published(world)
        item = meeting.items.get(title="Sykkelveier")
        token = forfall.personal_link_issue(meeting=meeting, person=member, purpose=Purpose.FORFALL)
        url = _url(Purpose.FORFALL, token)
        bad = client.post(url, {"reason": "Tog", "absent_from": "12:00", "absent_until": "11:00"})
        assert bad.status_code == 200
        assert "må være etter" in bad.content.decode()
        done = client.post(url, {"reason": "Tog", "items": [item.pk], "absent_from": "12:00"})
        assert done.status_code == 200
        page = as_secretariat.get(reverse("backoffice:meeting", args=[meeting.pk]))
    absence = Absence.objects.get(meeting=meeting, person=member)
    assert list(absence.items.all()) == [item]
    assert f"{absence.absent_from:%H:%M}" == "12:00"
    html = page.content.decode()
    assert 'id="forfall"' in html
    assert item.case_number in html
    assert "Tog" in html  # the secretariat reads the reason
    assert "Mari Storli" in html  # the first council substitute, asked


def test_l7_substitutes_are_asked_in_the_party_order_and_passed_on_without_answer(world):
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        second = second_substitute(world)
        meeting = _published(world)
        token = forfall.personal_link_issue(meeting=meeting, person=member, purpose=Purpose.FORFALL)
        absence = forfall.forfall_report_by_link(token=token, reason="Syk")
    (first,) = SubstituteRequest.objects.all()
    assert first.substitute == world.people["Storli"]
    assert first.party == world.council  # never the county's substitute (L7)
    assert first.answer_by == oslo(2022, 3, 9)
    with time_machine.travel(oslo(2022, 3, 9, 10, 1), tick=False):
        assert forfall.substitute_requests_expire() == 1
        assert forfall.substitute_requests_expire() == 0
    first.refresh_from_db()
    assert first.status == SubstituteRequest.Status.EXPIRED
    (waiting,) = SubstituteRequest.objects.filter(status=SubstituteRequest.Status.ASKED)
    assert waiting.substitute == second
    assert waiting.absence == absence
    assert attendance_prefilled(meeting=meeting) == []
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions.count("meetings.substitute.asked") == 2
    assert "meetings.substitute.no_answer" in actions


def test_the_reminder_comes_the_partnerships_number_of_days_before(world):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = _published(world)
    world.partnership.forfall_reminder_days = 3
    world.partnership.save()
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        assert meeting not in forfall.reminders_due()
    with time_machine.travel(oslo(2022, 3, 12, 0, 5), tick=False):
        assert meeting in forfall.reminders_due()
    with time_machine.travel(oslo(2022, 3, 15, 10, 0), tick=False):
        assert meeting not in forfall.reminders_due()  # started


def test_l10_a_declared_disqualification_is_exported_and_its_reason_swept_with_absences(world):
    member = world.people["Eikeland"]
    with time_machine.travel(oslo(2022, 3, 8), tick=False):
        meeting = _published(world)
        token = forfall.personal_link_issue(
            meeting=meeting, person=member, purpose=Purpose.DISQUALIFICATION
        )
        forfall.disqualification_declare_by_link(
            token=token, item=meeting.items.get(title="Innfartsparkering"), reason="Min bror"
        )
    subject = Subject(person=member, emails=frozenset({member.email}))
    export = services.personal_data_export(subject=subject, actor=None)
    assert "Min bror" in str(export.as_json())
    with time_machine.travel(oslo(2023, 4, 1), tick=False):
        changed = services.privacy_sweep()
    assert changed.get("meetings.disqualification") == 1
    assert Disqualification.objects.get(person=member).reason == ERASED_REASON
