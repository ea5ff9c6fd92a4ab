"""The evaluation's figures, hand-checked against the demo's 2020–2024 history (its spec and
follow-up data, not the database), and their cost in queries as the period grows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.demo.history import YEARS
from partnerskap.demo.history import followup_data as fd
from partnerskap.meetings.models import AgendaItem
from partnerskap.reports.evaluation import evaluation_figures
from tests.canary import make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(demo):
    return evaluation_figures(partnership=demo.partnership)


def test_a4_meetings_per_year_against_the_minimum(figures):
    expected = {y.year: len(y.meetings) for y in YEARS}
    assert expected == {2020: 2, 2021: 2, 2022: 3, 2023: 2, 2024: 2}
    assert {y["year"]: y["held"] for y in figures["years"]} == expected
    assert all(y["minimum"] == 2 and y["met"] for y in figures["years"])


def test_extra_meetings_and_their_requests(figures):
    requested = defaultdict(int)
    for year in YEARS:
        for meeting in year.meetings:
            if meeting.request:
                requested[meeting.request.requested_on.year] += 1
    assert dict(requested) == {2022: 1}
    assert {y["year"]: y["requests"] for y in figures["years"]} == {
        2020: 0,
        2021: 0,
        2022: 1,
        2023: 0,
        2024: 0,
    }
    assert {y["year"]: y["extra_held"] for y in figures["years"]}[2022] == 1


def test_proposals_and_each_bodys_outcome_with_time_to_decision(figures):
    open_proposals = [
        item
        for year in YEARS
        for meeting in year.meetings
        for item in meeting.items
        if item.kind == AgendaItem.Kind.PROPOSAL and item.closed is None
    ]
    assert figures["proposals"]["total"] == len(fd.PROPOSALS) == len(open_proposals) == 12
    council = next(b for b in figures["proposals"]["bodies"] if b["body"].startswith("Rådsmøtet"))
    # The two amendments: made 24.2.2022, adopted 7.4.2022 (42 days); made 16.3.2023,
    # adopted 20.4.2023 (35 days); the 2024 evaluation proposal is on its agenda.
    assert council["statuses"] == [
        {"status": "on_agenda", "count": 1},
        {"status": "adopted", "count": 2},
    ]
    assert council["decided"] == 2
    assert (council["median_days"], council["longest_days"]) == (39, 42)
    tracks = defaultdict(int)
    for proposal in fd.PROPOSALS:
        for track in proposal.tracks:
            tracks[track.body] += 1
    by_slug = {
        "Asker kommunestyre": fd.ASKER,
        "Bærum kommunestyre": fd.BAERUM,
        "Rådsmøtet for Asker og Bærum": fd.RADET,
        "Viken fylkesting": fd.FYLKESTING,
        "Viken fylkesutvalg": fd.FYLKESUTVALG,
        "Akershus fylkesting": fd.AKERSHUS_FYLKESTING,
    }
    # A1: Viken's one open follow-up was handed over to Akershus fylkesting on 1.1.2024: it
    # stays in Viken fylkesting's figures (as handed over) and counts once more for Akershus.
    tracks[fd.AKERSHUS_FYLKESTING] += 1
    assert {b["body"]: b["total"] for b in figures["proposals"]["bodies"]} == {
        name: tracks[slug] for name, slug in by_slug.items()
    }


def test_a15_a16_each_partys_costs_and_allocations(demo, figures):
    costs, allocated = defaultdict(Decimal), defaultdict(Decimal)
    for cost in fd.COSTS:
        costs[cost.party] += cost.amount
    for allocation in fd.ALLOCATIONS:
        allocated[allocation.party] += allocation.amount
    parties = demo.partnership.parties.order_by("partnershipparty__position")
    assert figures["finances"] == [
        {"party": p.name, "costs": f"{costs[p.slug]:.2f}", "allocated": f"{allocated[p.slug]:.2f}"}
        for p in parties
    ]


def test_a3_every_area_is_listed_and_closed_items_only_by_legal_basis(demo, figures):
    names = [a["name"] for a in figures["areas"]]
    assert len(names) == 7
    assert sum(a["items"] for a in figures["areas"]) > 0
    assert figures["closed_items"] == [
        {"legal_basis": "kommuneloven § 11-5 tredje ledd bokstav a – personvern", "count": 1}
    ]
    assert [c["name"] for c in figures["committees"]] == [
        "Arbeidsutvalg for felles klimaindikatorer",
        "Utvalg for skoleskyss og elevdata",
    ]


def test_figures_as_of_a_day_leave_out_what_came_later(demo):
    june = evaluation_figures(partnership=demo.partnership, today=dt.date(2024, 6, 14))
    assert june["taken_on"] == "2024-06-14"
    year_2024 = next(y for y in june["years"] if y["year"] == 2024)
    assert (year_2024["held"], year_2024["is_past"]) == (1, False)
    sent_by_june = [p for p in fd.PROPOSALS if p.sent_on <= dt.date(2024, 6, 14)]
    assert june["proposals"]["total"] == len(sent_by_june)


def _count(partnership) -> int:
    with CaptureQueriesContext(connection) as context:
        evaluation_figures(partnership=partnership)
    return len(context.captured_queries)


def test_figures_take_a_constant_number_of_queries(world):
    before = _count(world.partnership)
    for month in (3, 6, 9):
        make_record(world, when=oslo(2022, month, 15))
    assert _count(world.partnership) == before
    assert before <= 15
