"""The demo's renewed partnership (A18): «Asker og Bærum – Akershus 2025–2028», renewed through
the services with a DEMO text, Akershus in Viken's place, two open proposals carried over and
one left behind, and the meetings and adopted annual cycles of 2025 and 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import version_in_force
from partnerskap.demo.renewal import RENEWED_SLUG, STAYS
from partnerskap.followup.services.renewal import proposals_open
from partnerskap.meetings.models import AnnualCycle, Meeting

pytestmark = pytest.mark.django_db


def test_a18_the_demo_is_renewed_into_2025_2028_with_akershus(demo):
    renewed = Partnership.objects.get(slug=RENEWED_SLUG)
    assert renewed.predecessor == demo.partnership
    assert [p.slug for p in renewed.parties.order_by("partnershipparty__position")] == [
        "asker-og-baerum-rad",
        "akershus-fylkeskommune",
    ]
    version = version_in_force(part=renewed.agreement.special_part, on=dt.date(2025, 1, 1))
    assert version is not None
    assert "Demoinnhold" in version.sections.get(position=0).body
    # A14: the renewed agreement with Akershus shares Akershus's general part.
    assert renewed.agreement.general_part.owner.slug == "akershus-fylkeskommune"


def test_a18_the_demo_carries_two_open_proposals_over_and_leaves_one(demo):
    renewed = Partnership.objects.get(slug=RENEWED_SLUG)
    carried = list(renewed.carried_over_proposals.order_by("sent_on"))
    assert len(carried) == 2
    assert all(p.partnership == demo.partnership for p in carried)
    assert [p.item.case_number for p in proposals_open(partnership=demo.partnership)] == [STAYS]


def test_a18_the_demo_current_period_has_meetings_and_adopted_cycles(demo):
    renewed = Partnership.objects.get(slug=RENEWED_SLUG)
    held = Meeting.objects.filter(
        partnership=renewed, status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED]
    )
    assert sorted(m.starts_at.year for m in held) == [2025, 2025, 2026, 2026]
    adopted = AnnualCycle.objects.filter(partnership=renewed, adopted_by__isnull=False)
    assert sorted(adopted.values_list("year", flat=True)) == [2025, 2026]
