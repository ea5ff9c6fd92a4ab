"""The demo's 2024 (A1): Viken fylkeskommune ceased on 31.12.2023 and Akershus fylkeskommune
acts in its seat: its members attend the 2024 meetings, its secretariat may work in the
partnership, its fylkesting answers the 2024 proposal; Viken's history stays Viken's."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import User

from partnerskap.agreements.models import Party, Signature
from partnerskap.core.models import AuditEntry
from partnerskap.finance.models import BudgetAllocation
from partnerskap.meetings.models import Attendance, Meeting, Vote
from partnerskap.people import policy
from tests.world import OSLO

pytestmark = pytest.mark.django_db


def test_a1_viken_ceased_through_the_service_with_akershus_as_successor(demo):
    viken = Party.objects.get(slug="viken-fylkeskommune")
    assert (viken.valid_to, viken.successor.slug) == (
        dt.date(2023, 12, 31),
        "akershus-fylkeskommune",
    )
    assert AuditEntry.objects.filter(action="agreements.party.ceased").count() == 1
    assert AuditEntry.objects.filter(action="followup.handed_over").count() == 1


def test_a1_the_2024_meetings_run_with_akershus_members_in_vikens_seat(demo):
    meetings = Meeting.objects.filter(partnership=demo.partnership, starts_at__year=2024)
    assert meetings.count() == 2
    for meeting in meetings:
        parties = set(meeting.attendances.values_list("party__slug", flat=True))
        assert parties == {"asker-og-baerum-rad", "akershus-fylkeskommune"}, meeting
        assert meeting.attendances.filter(party__slug="akershus-fylkeskommune").count() == 3
    earlier = Attendance.objects.filter(meeting__partnership=demo.partnership)
    assert not earlier.filter(meeting__starts_at__year__lt=2024, party__slug__startswith="ak")
    assert not earlier.filter(meeting__starts_at__year=2024, party__slug="viken-fylkeskommune")


def test_a1_history_keeps_viken(demo):
    viken = Party.objects.get(slug="viken-fylkeskommune")
    assert Signature.objects.filter(party=viken).exists()
    assert not Signature.objects.filter(party__slug="akershus-fylkeskommune").exists()
    assert set(BudgetAllocation.objects.filter(party=viken).values_list("year", flat=True)) == {
        2020,
        2021,
        2022,
        2023,
        2024,
    }
    assert Attendance.objects.filter(party=viken, meeting__starts_at__year=2023).exists()
    assert not Vote.objects.filter(party__slug="akershus-fylkeskommune").exists()


def test_a1_policy_grants_the_akershus_secretariat_vikens_seat_in_2024(demo):
    user = User.objects.get(username="sekretariat-akershus")
    viken = Party.objects.get(slug="viken-fylkeskommune")
    with time_machine.travel(dt.datetime(2024, 5, 2, 12, tzinfo=OSLO)):
        assert policy.can_plan(user, demo.partnership)
        assert policy.can_record_finances(user, viken)
        assert policy.can_read_exempt(user, demo.partnership)
    with time_machine.travel(dt.datetime(2023, 5, 2, 12, tzinfo=OSLO)):
        assert not policy.can_edit_partnership(user, demo.partnership)
