"""L10: retention periods are data; the sweep (command and job) applies them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from partnerskap.core.models import AuditEntry, OutboundMessage
from partnerskap.meetings.models import (
    Absence,
)
from partnerskap.people.models import Person, SignInIdentity
from partnerskap.privacy import services
from partnerskap.privacy.models import RetentionPeriod
from partnerskap.privacy.providers import ERASED_ADDRESS, ERASED_REASON, GUEST_PSEUDONYM
from partnerskap.privacy.registry import providers
from tests.privacy.conftest import Held

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- retention


def test_l10_every_provider_has_a_seeded_retention_period():
    kinds = set(RetentionPeriod.objects.values_list("kind", flat=True))
    assert {p.kind for p in providers()} <= kinds
    kept = RetentionPeriod.objects.get(kind="votes")
    assert kept.action == RetentionPeriod.Action.KEEP
    assert kept.months is None


def test_l10_the_sweep_applies_the_retention_periods(held: Held):
    approved_guest_name = held.approved_guest.guest_name
    changed = services.privacy_sweep(actor=None)
    held.person.refresh_from_db()
    held.user.refresh_from_db()
    reasons = dict(Absence.objects.filter(person=held.person).values_list("meeting", "reason"))
    assert reasons[held.recent_meeting.pk] == "Ferie"
    assert ERASED_REASON in reasons.values()
    assert OutboundMessage.objects.get(key="notice-1").to == ERASED_ADDRESS
    assert held.person.email == ""  # the role ended 31.12.2023, 6 months is long past
    assert not held.user.is_active
    assert not SignInIdentity.objects.filter(person=held.person).exists()
    held.guest.refresh_from_db()
    held.approved_guest.refresh_from_db()
    assert held.guest.guest_name.startswith(GUEST_PSEUDONYM)
    assert held.approved_guest.guest_name == approved_guest_name
    # People in office keep everything.
    assert Person.objects.get(family_name="Kolstad").user.is_active  # type: ignore[union-attr]
    assert changed["meetings.absence"] == 1
    entry = AuditEntry.objects.get(action="privacy.sweep.made")
    assert entry.data["changed"] == changed
    assert services.privacy_sweep(actor=None) == {}, "a second run finds nothing due"


def test_l10_the_periods_are_data_a_longer_period_keeps_the_reason(held: Held):
    RetentionPeriod.objects.filter(kind="absence_reason").update(months=120)
    RetentionPeriod.objects.filter(kind="mail_log").update(action="keep", months=None)
    services.privacy_sweep(actor=None)
    assert set(Absence.objects.values_list("reason", flat=True)) == {"Sykdom", "Ferie"}
    assert OutboundMessage.objects.get(key="notice-1").to == "petter.aune@viken.example"


def test_l10_the_sweep_command_and_job(held: Held, run_jobs):
    from io import StringIO

    out = StringIO()
    call_command("privacy_sweep", stdout=out)
    assert "meetings.absence: 1" in out.getvalue()
    out = StringIO()
    call_command("privacy_sweep", stdout=out)
    assert "Nothing was due." in out.getvalue()
    call_command("privacy_sweep", "--enqueue", stdout=StringIO())
    from partnerskap.privacy import tasks

    assert run_jobs(tasks.sweep) == 1


def test_l10_operators_edit_the_periods_in_the_admin_and_it_is_audited(bare_demo, as_operator):
    client = as_operator
    period = RetentionPeriod.objects.get(kind="absence_reason")
    response = client.post(
        f"/admin/privacy/retentionperiod/{period.pk}/change/",
        {
            "name": period.name,
            "months": "18",
            "counted_from": period.counted_from,
            "action": "erase",
            "legal_basis": period.legal_basis,
            "note": period.note,
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.months == 18
    entry = AuditEntry.objects.get(action="admin.privacy.retentionperiod.changed")
    assert entry.data["fields"] == ["months"]
    # An expiring action needs its months.
    response = client.post(
        f"/admin/privacy/retentionperiod/{period.pk}/change/",
        {
            "name": period.name,
            "months": "",
            "counted_from": period.counted_from,
            "action": "erase",
            "legal_basis": period.legal_basis,
        },
    )
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.months == 18
