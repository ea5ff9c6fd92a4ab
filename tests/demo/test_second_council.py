"""The demo's second regional council (issue 17, point 6): Follo (demo) with its own
partnership with Akershus 2024–2027, labelled as demo content, so that Akershus's view across
its partnerships shows something."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import Partnership, Party
from partnerskap.backoffice.overview import (
    WorkFilters,
    bodies_of_parties,
    partnerships_of_parties,
    work_list,
)
from partnerskap.demo import second_council
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import Meeting
from partnerskap.people import policy
from partnerskap.people.models import Role
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a18_the_follo_partnership_runs_2024_2027_with_akershus(demo):
    follo = Partnership.objects.get(slug=second_council.SLUG)
    assert (follo.period_start, follo.period_end) == (dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    parties = [p.slug for p in follo.parties.order_by("partnershipparty__position")]
    assert parties == [second_council.COUNCIL, "akershus-fylkeskommune"]
    council = Party.objects.get(slug=second_council.COUNCIL)
    assert "(demo)" in council.name
    assert council.member_municipalities.count() == 2
    part = follo.agreement.special_part
    assert any("Demoinnhold" in s.body for s in part.versions.get(number=1).sections.all())


def test_a4_follo_held_two_meetings_a_year_and_plans_2027(demo):
    follo = Partnership.objects.get(slug=second_council.SLUG)
    held = Meeting.objects.filter(partnership=follo, minutes__approved_at__isnull=False)
    assert sorted(m.starts_at.year for m in held) == [2024, 2024, 2025, 2025, 2026, 2026]
    planned = Meeting.objects.get(partnership=follo, starts_at__year=2027)
    assert planned.status == Meeting.Status.PLANNED


def test_follo_secretariat_logs_in_and_sees_its_view(demo, client):
    user = get_user_model().objects.get(username="sekretariat-follo")
    assert [p.slug for p in policy.parties_overseen(user)] == [second_council.COUNCIL]
    client.force_login(user)
    html = client.get("/sekretariat/oversikt/").content.decode()
    assert "Partnerskapsmøte Follo vår 2027 (demo)" in html
    assert "Flere læreplasser i Follo" in html


def test_akershus_view_shows_follo_awaiting_and_one_overdue(demo):
    akershus = Party.objects.get(slug="akershus-fylkeskommune")
    user = UserFactory()
    MembershipFactory(
        person=PersonFactory(user=user),
        party=akershus,
        role=Role.CASE_OFFICER,
        valid_from=dt.date(2024, 1, 1),
    )
    rows = list(partnerships_of_parties(parties=[akershus.pk]))
    assert Partnership.objects.get(slug=second_council.SLUG) in rows
    bodies = [b.pk for b in bodies_of_parties(parties=[akershus.pk], user=user)]
    work = list(work_list(partnerships=rows, bodies=bodies, filters=WorkFilters()))
    titles = [(f.proposal.title, bool(f.overdue), f.status) for f in work]
    assert titles == [
        (second_council.PROPOSALS[2025], True, FollowUp.Status.RECEIVED),
        (second_council.PROPOSALS[2026], False, FollowUp.Status.SENT),
    ]
