"""The demo's follow-up, 2020–2024: proposals and their handling in the parties' bodies (A9),
amendments (A10), temporary committees (A11), costs and allocations (A15, A16), and the annual
report data for each year against figures worked out by hand from the demo's data
(src/partnerskap/demo/history/y20xx.py and followup_data.py), not from the code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from partnerskap.agreements.models import AgreementVersion, CooperationArea
from partnerskap.agreements.selectors import version_in_force
from partnerskap.committees.models import Committee
from partnerskap.committees.selectors import committees_overdue
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import follow_ups_overdue
from partnerskap.meetings.models import AgendaItem
from partnerskap.reports.annual import AnnualReportData, annual_report_data

pytestmark = pytest.mark.django_db
D = Decimal
Status = FollowUp.Status
AFTER_THE_PERIOD = dt.date(2025, 1, 15)

# Area names as the agreement states them.
PLAN = "Felles plan- og arealutfordringer"
MOBILITY = "Felles mobilitet- og samferdselsutfordringer"
SOCIETY = "Regional samfunnsutvikling"
SCHOOL = "Videregående utdanning"
CLIMATE = "Prioriterte innsatser for klima og miljø"
DIGITAL = "Digitalisering"
RESEARCH = "Forskning, innovasjon og verdiskaping"
# Elected bodies, by name (the report's keys).
ASKER = "Asker kommunestyre"
BAERUM = "Bærum kommunestyre"
FYLKESTING = "Viken fylkesting"
AKERSHUS_FT = "Akershus fylkesting"
FYLKESUTVALG = "Viken fylkesutvalg"
RADET = "Rådsmøtet for Asker og Bærum"
# Parties, in the partnership's order.
COUNCIL = "Interkommunalt politisk råd for Asker og Bærum"
VIKEN = "Viken fylkeskommune"
#: How each body's decision text begins.
DECIDED_BY = {
    ASKER: "Asker kommunestyre ",
    BAERUM: "Bærum kommunestyre ",
    FYLKESTING: "Fylkestinget ",
    AKERSHUS_FT: "Fylkestinget ",
    FYLKESUTVALG: "Fylkesutvalget ",
    RADET: "Rådsmøtet ",
}
CLIMATE_GROUP = "Arbeidsutvalg for felles klimaindikatorer"
SCHOOL_DATA = "Utvalg for skoleskyss og elevdata"


def _special_part(demo):
    return demo.partnership.agreement.special_part


def _proposal(title: str) -> Proposal:
    return Proposal.objects.get(item__title=title)


# --- A9 -----------------------------------------------------------------------------------------


def test_a9_every_proposal_of_the_meetings_went_to_the_bodies_a_few_days_later(demo):
    items = AgendaItem.objects.filter(
        partnership=demo.partnership, outcome=AgendaItem.Outcome.PROPOSAL
    )
    assert items.count() == 12
    for item in items.select_related("meeting", "proposal"):
        proposal = item.proposal
        assert proposal.text == item.outcome_text
        assert 4 <= (proposal.sent_on - item.meeting.date).days <= 6, item
        assert set(proposal.areas.all()) == set(item.areas.all())
        for follow_up in proposal.follow_ups.all():
            assert follow_up.expected_by == proposal.sent_on + dt.timedelta(days=120)
    assert Proposal.objects.filter(kind=Proposal.Kind.AMENDMENT).count() == 2


def test_a9_follow_ups_reach_every_status_with_the_bodies_records(demo):
    follow_ups = FollowUp.objects.filter(proposal__partnership=demo.partnership)
    # 39 sent by the meetings (one to Akershus fylkesting in 2024) and 1 that Akershus
    # fylkesting took over from Viken fylkesting.
    assert follow_ups.count() == 40
    assert set(follow_ups.values_list("status", flat=True)) == set(Status.values)
    for follow_up in follow_ups.prefetch_related("events"):
        events = list(follow_up.events.order_by("on", "id"))
        assert events[0].status == Status.SENT
        assert events[0].on == (follow_up.taken_over_on or follow_up.proposal.sent_on)
        assert [e.on for e in events] == sorted(e.on for e in events)
        assert events[-1].status == follow_up.status
        if follow_up.status == Status.ON_AGENDA or follow_up.body_case_number:
            assert follow_up.body_meeting_date is not None
            assert follow_up.body_case_number.split(" ")[0] in {"PS", "FT-sak", "FU-sak", "RS"}
        if follow_up.is_final and follow_up.status != Status.HANDED_OVER:
            assert follow_up.decided_on == events[-1].on
        if follow_up.status in (Status.ADOPTED, Status.ADOPTED_WITH_CHANGES, Status.REJECTED):
            decided_by = DECIDED_BY[follow_up.elected_body.name]
            assert follow_up.decision_text.startswith(decided_by), follow_up.decision_text
    (baerum,) = follow_ups.filter(body_case_number="PS 45/2022")
    assert (baerum.elected_body.name, baerum.status) == (BAERUM, Status.REJECTED)
    assert baerum.body_meeting_date == dt.date(2022, 5, 11)


def test_a9_a1_viken_bodies_decide_nothing_after_viken_ended(demo):
    """Viken's bodies decide nothing after 31.12.2023: what was open went over to Akershus
    fylkesting on 1.1.2024 (the handover is their last step), which answers from then on."""
    viken = FollowUp.objects.filter(elected_body__party__slug="viken-fylkeskommune")
    assert viken.exists()
    last = max(e.on for f in viken for e in f.events.exclude(status=Status.HANDED_OVER))
    assert last <= dt.date(2023, 12, 31)
    (handed,) = viken.filter(status=Status.HANDED_OVER)
    assert handed.proposal.item.case_number == "PS 3/2023"
    assert handed.events.latest("id").on == dt.date(2024, 1, 1)
    akershus = FollowUp.objects.filter(
        proposal__partnership=demo.partnership, elected_body__slug="akershus-fylkesting"
    )
    assert {(f.proposal.item.case_number, f.status) for f in akershus} == {
        ("PS 3/2023", Status.SENT),
        ("PS 4/2024", Status.ADOPTED),
    }
    assert akershus.get(taken_over_from=handed).expected_by == handed.expected_by


def test_a9_follow_ups_without_a_final_answer_are_overdue(demo):
    def overdue(today: dt.date) -> set[tuple[str, str, str]]:
        return {
            (f.proposal.item.case_number, f.elected_body.name, f.status)
            for f in follow_ups_overdue(partnership=demo.partnership, today=today)
        }

    assert overdue(dt.date(2025, 6, 1)) == {
        ("PS 3/2023", BAERUM, Status.ON_AGENDA),
        ("PS 3/2023", AKERSHUS_FT, Status.SENT),
        ("PS 6/2023", ASKER, Status.RECEIVED),
        ("PS 6/2023", BAERUM, Status.SENT),
        ("PS 4/2024", BAERUM, Status.RECEIVED),
        ("PS 4/2024", RADET, Status.ON_AGENDA),
    }
    # The autumn 2024 proposal was sent on 12.11.2024; its answers are due by 12.03.2025.
    assert overdue(AFTER_THE_PERIOD) == {
        ("PS 3/2023", BAERUM, Status.ON_AGENDA),
        ("PS 3/2023", AKERSHUS_FT, Status.SENT),
        ("PS 6/2023", ASKER, Status.RECEIVED),
        ("PS 6/2023", BAERUM, Status.SENT),
    }


# --- A10 ----------------------------------------------------------------------------------------


def test_a10_the_adopted_amendment_is_version_2_in_force_from_1_june_2022(demo):
    part = _special_part(demo)
    one, two = part.versions.order_by("number")
    amendment = _proposal("Endring i avtalens spesielle del: årlig oversikt over oppfølgingen")
    assert amendment.amendment_state == Proposal.AmendmentState.ADOPTED
    assert amendment.base_version == one
    assert amendment.resulting_version == two
    assert two.in_force_from == dt.date(2022, 6, 1)
    assert version_in_force(part=part, on=dt.date(2022, 5, 31)) == one
    assert version_in_force(part=part, on=dt.date(2022, 6, 1)) == two
    assert version_in_force(part=part, on=AFTER_THE_PERIOD) == two
    adoptions = {
        (a.elected_body.slug, a.decision_reference, a.decided_on) for a in two.adoptions.all()
    }
    assert adoptions == {
        ("radet-representantskap", "RS 5/2022", dt.date(2022, 4, 7)),
        ("viken-fylkesting", "FT-sak 52/2022", dt.date(2022, 4, 27)),
    }
    old = {s.slug: s.body for s in one.sections.all()}
    new = {s.slug: s.body for s in two.sections.all()}
    assert new.keys() == old.keys()
    changed = [slug for slug in new if new[slug] != old[slug]]
    assert changed == ["oppfolging-av-avtalen"]
    added = set(new["oppfolging-av-avtalen"].splitlines()) - set(
        old["oppfolging-av-avtalen"].splitlines()
    )
    assert added == {
        (
            "- Sekretariatene legger hvert år fram en oversikt over hvordan forslagene fra "
            "partnerskapsmøtene er fulgt opp i partenes folkevalgte organer."
        )
    }


def test_a10_a3_the_amendment_leaves_the_seven_areas_as_they_are(demo):
    part = _special_part(demo)
    one, two = part.versions.order_by("number")
    assert two.areas_snapshot == one.areas_snapshot
    areas = CooperationArea.objects.filter(part=part)
    assert areas.count() == 7
    assert not areas.filter(retired_in__isnull=False).exists()
    assert set(areas.values_list("introduced_in", flat=True)) == {one.pk}


def test_a10_the_rejected_amendment_changes_nothing_and_the_part_has_two_versions(demo):
    part = _special_part(demo)
    rejected = _proposal("Endring i avtalens spesielle del: felles budsjett for partnerskapet")
    assert rejected.amendment_state == Proposal.AmendmentState.REJECTED
    assert rejected.resulting_version is None
    assert rejected.section_slug == "partenes-forpliktelser"
    assert rejected.base_version.number == 2
    statuses = {
        f.elected_body.slug: f.status
        for f in rejected.follow_ups.filter(required_for_adoption=True)
    }
    assert statuses == {
        "radet-representantskap": Status.ADOPTED,
        "viken-fylkesting": Status.REJECTED,
    }
    assert AgreementVersion.objects.filter(part=part).count() == 2
    two = part.versions.get(number=2)
    assert "felles årlig budsjett" not in two.sections.get(slug="partenes-forpliktelser").body


# --- A11 ----------------------------------------------------------------------------------------


def test_a11_two_committees_set_up_by_procedural_decisions_one_reported_one_overdue(demo):
    committees = {c.name: c for c in Committee.objects.filter(partnership=demo.partnership)}
    assert set(committees) == {CLIMATE_GROUP, SCHOOL_DATA}
    for committee in committees.values():
        item = committee.established_by
        assert (item.kind, item.procedural_subject, item.outcome) == (
            AgendaItem.Kind.PROCEDURAL,
            AgendaItem.ProceduralSubject.COMMITTEE,
            AgendaItem.Outcome.PROCEDURAL,
        )
        assert committee.starts_on == item.meeting.date
        assert committee.mandate
        assert committee.members.filter(role="leader").count() == 1
        parties = set(committee.members.values_list("party__slug", flat=True))
        assert parties == {"asker-og-baerum-rad", "viken-fylkeskommune"}
    (report,) = committees[CLIMATE_GROUP].reports.all()
    assert report.is_final
    assert (report.item.case_number, report.item.meeting.date) == (
        "PS 8/2022",
        dt.date(2022, 10, 27),
    )
    assert committees[CLIMATE_GROUP].dissolved_on == dt.date(2022, 10, 31)
    assert not committees[SCHOOL_DATA].reports.exists()
    overdue = committees_overdue(partnership=demo.partnership, today=AFTER_THE_PERIOD)
    assert [c.name for c in overdue] == [SCHOOL_DATA]
    assert not committees_overdue(partnership=demo.partnership, today=dt.date(2024, 6, 30))


# --- A15, A16 -----------------------------------------------------------------------------------


def test_a15_a16_costs_and_allocations_belong_to_one_party_each(demo):
    costs = CostEntry.objects.filter(partnership=demo.partnership).select_related("meeting")
    assert costs.count() == 34
    assert set(costs.values_list("category", flat=True)) == {"participation", "administration"}
    for cost in costs:
        if cost.meeting is not None:
            assert cost.meeting.date == cost.incurred_on
        if cost.allocation is not None:
            assert cost.allocation.party == cost.party
            assert cost.allocation.year == cost.incurred_on.year
    assert costs.filter(meeting__isnull=False).count() == 24
    allocations = BudgetAllocation.objects.filter(partnership=demo.partnership)
    per_year = {
        (a.party.slug, a.year): a.decision_reference for a in allocations.select_related("party")
    }
    assert per_year == {
        ("asker-og-baerum-rad", 2020): "RS 14/2019",
        ("asker-og-baerum-rad", 2021): "RS 11/2020",
        ("asker-og-baerum-rad", 2022): "RS 12/2021",
        ("asker-og-baerum-rad", 2023): "RS 10/2022",
        ("asker-og-baerum-rad", 2024): "RS 9/2023",
        ("viken-fylkeskommune", 2020): "FT-sak 47/2020",
        ("viken-fylkeskommune", 2021): "FT-sak 112/2020",
        ("viken-fylkeskommune", 2022): "FT-sak 165/2021",
        ("viken-fylkeskommune", 2023): "FT-sak 180/2022",
        ("viken-fylkeskommune", 2024): "FT-sak 14/2024",
    }
    # Viken ended on 31.12.2023: what the county's seat holds for 2024 is Akershus's (A1).
    assert costs.filter(party__slug="viken-fylkeskommune", incurred_on__year=2024).count() == 3


# --- The annual report data, year by year -------------------------------------------------------


def _finances(council: tuple[Any, ...], viken: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """(party, costs by category, allocated, charged to allocations) for both parties."""
    return [(COUNCIL, *council), (VIKEN, *viken)]


NOTHING = ({}, D("0.00"), D("0.00"))

EXPECTED: dict[int, dict[str, Any]] = {
    2020: {
        "planned_held": (2, 2),
        "meeting_requests": 0,
        "items_per_area": {
            PLAN: 2, MOBILITY: 2, SOCIETY: 3, SCHOOL: 1, CLIMATE: 1, DIGITAL: 2, RESEARCH: 1,
        },
        "proposals": 2,
        "follow_up_states": {
            ASKER: {"adopted": 2},
            BAERUM: {"adopted": 1, "not_taken_up": 1},
            FYLKESTING: {"adopted_with_changes": 1},
            FYLKESUTVALG: {"adopted": 1},
        },
        "amendments": {},
        "committees_active": [],
        "committee_reports": 0,
        "guests": (1, 0),
        "finances": _finances(
            ({"participation": D("12350.00"), "administration": D("42000.00")},
             D("60000.00"), D("42000.00")),
            ({"participation": D("15395.50"), "administration": D("55500.00")},
             D("80000.00"), D("55500.00")),
        ),
    },
    2021: {
        "planned_held": (2, 2),
        "meeting_requests": 0,
        "items_per_area": {
            PLAN: 2, MOBILITY: 1, SOCIETY: 1, SCHOOL: 2, CLIMATE: 3, RESEARCH: 2,
        },
        "proposals": 2,
        "follow_up_states": {
            ASKER: {"adopted": 2},
            BAERUM: {"adopted": 1, "adopted_with_changes": 1},
            FYLKESTING: {"adopted": 2},
        },
        "amendments": {},
        "committees_active": [CLIMATE_GROUP],
        "committee_reports": 0,
        "guests": (2, 1),
        "finances": _finances(
            ({"participation": D("21760.40"), "administration": D("48250.00")},
             D("60000.00"), D("44500.00")),
            ({"participation": D("16695.25"), "administration": D("58000.00")},
             D("80000.00"), D("58000.00")),
        ),
    },
    2022: {
        "planned_held": (3, 3),
        "meeting_requests": 1,
        "items_per_area": {
            PLAN: 2, MOBILITY: 2, SOCIETY: 4, SCHOOL: 1, CLIMATE: 2, DIGITAL: 1, RESEARCH: 1,
        },
        "proposals": 4,
        "follow_up_states": {
            ASKER: {"adopted": 2, "adopted_with_changes": 1, "not_taken_up": 1},
            BAERUM: {"adopted": 2, "not_taken_up": 1, "rejected": 1},
            RADET: {"adopted": 1},
            FYLKESTING: {"adopted": 1, "not_taken_up": 1, "rejected": 1},
            FYLKESUTVALG: {"adopted_with_changes": 1},
        },
        "amendments": {"adopted": 1},
        "committees_active": [CLIMATE_GROUP],
        "committee_reports": 1,
        "guests": (2, 1),
        "finances": _finances(
            ({"participation": D("30170.00"), "administration": D("51000.00")},
             D("65000.00"), D("51000.00")),
            ({"participation": D("29835.75"), "administration": D("67360.00")},
             D("85000.00"), D("62500.00")),
        ),
    },
    2023: {
        "planned_held": (2, 2),
        "meeting_requests": 0,
        "items_per_area": {
            PLAN: 1, SOCIETY: 4, SCHOOL: 2, CLIMATE: 1, DIGITAL: 2, RESEARCH: 2,
        },
        "proposals": 3,
        "follow_up_states": {
            ASKER: {"adopted": 1, "not_taken_up": 1, "received": 1},
            BAERUM: {"not_taken_up": 1, "on_agenda": 1, "sent": 1},
            RADET: {"adopted": 1},
            FYLKESTING: {"adopted": 1, "handed_over": 1, "rejected": 1},
            AKERSHUS_FT: {"sent": 1},
        },
        "amendments": {"rejected": 1},
        "committees_active": [SCHOOL_DATA],
        "committee_reports": 0,
        "guests": (2, 0),
        "finances": _finances(
            ({"participation": D("22985.60"), "administration": D("53000.00")},
             D("65000.00"), D("53000.00")),
            ({"participation": D("19130.00"), "administration": D("64000.00")},
             D("85000.00"), D("64000.00")),
        ),
    },
    2024: {
        "planned_held": (2, 2),
        "meeting_requests": 0,
        "items_per_area": {
            PLAN: 2, MOBILITY: 2, SOCIETY: 3, SCHOOL: 1, DIGITAL: 1, RESEARCH: 1,
        },
        "proposals": 1,
        "follow_up_states": {
            ASKER: {"adopted": 1},
            BAERUM: {"received": 1},
            RADET: {"on_agenda": 1},
            AKERSHUS_FT: {"adopted": 1},
        },
        "amendments": {},
        "committees_active": [SCHOOL_DATA],
        "committee_reports": 0,
        "guests": (1, 0),
        "finances": _finances(
            ({"participation": D("16220.00"), "administration": D("58500.00")},
             D("70000.00"), D("58500.00")),
            ({"participation": D("17280.00"), "administration": D("52000.00")},
             D("75000.00"), D("52000.00")),
        ),
    },
}  # fmt: skip


def _figures(report: AnnualReportData) -> dict[str, Any]:
    assert report.compliance is not None
    return {
        "planned_held": (report.compliance.planned, report.compliance.held),
        "meeting_requests": report.meeting_requests,
        "items_per_area": report.items_per_area,
        "proposals": report.proposals,
        "follow_up_states": report.follow_up_states,
        "amendments": report.amendments,
        "committees_active": report.committees_active,
        "committee_reports": report.committee_reports,
        "guests": (report.guests, report.guests_late_notice),
        "finances": [
            (f.party, f.costs_by_category, f.allocated, f.charged_to_allocations)
            for f in report.finances
        ],
    }


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_a9_a10_a11_a15_a16_annual_report_data_matches_the_known_figures(demo, year):
    report = annual_report_data(partnership=demo.partnership, year=year, today=AFTER_THE_PERIOD)
    assert report.year == year
    assert _figures(report) == EXPECTED[year]
    assert report.compliance is not None
    assert report.compliance.compliant
    assert report.compliance.warnings == []


def test_a15_a16_annual_totals_are_per_party_and_never_shared(demo):
    totals = {
        year: [
            (f.party, f.total_costs, f.remaining)
            for f in annual_report_data(
                partnership=demo.partnership, year=year, today=AFTER_THE_PERIOD
            ).finances
        ]
        for year in EXPECTED
    }
    assert totals == {
        2020: [(COUNCIL, D("54350.00"), D("18000.00")), (VIKEN, D("70895.50"), D("24500.00"))],
        2021: [(COUNCIL, D("70010.40"), D("15500.00")), (VIKEN, D("74695.25"), D("22000.00"))],
        2022: [(COUNCIL, D("81170.00"), D("14000.00")), (VIKEN, D("97195.75"), D("22500.00"))],
        2023: [(COUNCIL, D("75985.60"), D("12000.00")), (VIKEN, D("83130.00"), D("21000.00"))],
        2024: [(COUNCIL, D("74720.00"), D("11500.00")), (VIKEN, D("69280.00"), D("23000.00"))],
    }
