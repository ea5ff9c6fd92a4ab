"""Temporary committees (A11), costs (A15) and budget allocations (A16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerskap.committees.models import CommitteeMembership
from partnerskap.committees.selectors import committees_overdue
from partnerskap.committees.services import (
    Member,
    committee_dissolve,
    committee_establish,
    committee_report,
)
from partnerskap.core.errors import DomainError
from partnerskap.finance.models import CostEntry
from partnerskap.finance.selectors import finances_for_year
from partnerskap.finance.services import allocation_record, cost_record
from partnerskap.meetings.models import AgendaItem
from tests.factories import PartyFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


def _committee(world, proposal_item, **kwargs):
    item = proposal_item(
        kind=Kind.PROCEDURAL, outcome=Outcome.PROCEDURAL, procedural_subject="committee"
    )
    defaults = {
        "item": item,
        "name": "Arbeidsutvalg for innfartsparkering",
        "task": "Kartlegge behovet",
        "mandate": "Utvalget skal …",
        "starts_on": dt.date(2022, 4, 1),
        "ends_on": dt.date(2022, 12, 31),
        "members": [
            Member(world.people["Eikeland"], world.council, CommitteeMembership.Role.LEADER),
            Member(world.people["Rustad"], world.county),
        ],
        "areas": world.areas[1:2],
        "actor": None,
    }
    defaults.update(kwargs)
    return committee_establish(**defaults)


def test_a11_a_committee_exists_only_by_a_procedural_decision(world, proposal_item):
    with pytest.raises(DomainError) as exc:
        _committee(world, proposal_item, item=proposal_item())
    assert exc.value.code == "committees.needs_procedural_decision"
    committee = _committee(world, proposal_item)
    assert committee.members.count() == 2
    assert committee.established_by.procedural_subject == "committee"


def test_a11_composition_is_from_the_parties_with_at_most_one_leader(world, proposal_item):
    with pytest.raises(DomainError) as exc:
        _committee(world, proposal_item, members=[Member(world.people["Rustad"], PartyFactory())])
    assert exc.value.code == "committees.member_party"
    with pytest.raises(DomainError) as exc:
        _committee(
            world,
            proposal_item,
            members=[
                Member(world.people["Rustad"], world.county, "leader"),
                Member(world.people["Eikeland"], world.council, "leader"),
            ],
        )
    assert (exc.value.code, exc.value.field) == ("committees.one_leader", "members")


def test_a11_flagged_when_past_its_end_without_a_report(world, proposal_item):
    committee = _committee(world, proposal_item)
    assert (
        list(committees_overdue(partnership=world.partnership, today=dt.date(2022, 12, 31))) == []
    )
    assert list(committees_overdue(partnership=world.partnership, today=dt.date(2023, 1, 2))) == [
        committee
    ]
    report_item = proposal_item(
        kind=Kind.INFORMATION, outcome=Outcome.NOTED, when=oslo(2022, 11, 20)
    )
    committee_report(committee=committee, item=report_item, summary="Rapport", actor=None)
    assert list(committees_overdue(partnership=world.partnership, today=dt.date(2023, 1, 2))) == []


def test_a11_dissolved_early_only_by_decision(world, proposal_item):
    committee = _committee(world, proposal_item)
    with pytest.raises(DomainError) as exc:
        committee_dissolve(committee=committee, on=dt.date(2022, 6, 1), actor=None)
    assert exc.value.code == "committees.dissolve_needs_decision"
    committee_dissolve(committee=committee, on=dt.date(2023, 1, 1), actor=None)
    assert not committee.is_active_on(dt.date(2023, 1, 1))


def test_a15_each_cost_belongs_to_one_party_and_is_exact(world):
    with pytest.raises(DomainError) as exc:
        cost_record(
            partnership=world.partnership,
            party=world.county,
            category="participation",
            amount=1500.5,
            incurred_on=dt.date(2022, 3, 15),
            description="Reise",
            actor=None,
        )
    assert exc.value.code == "finance.amount_not_exact"
    with pytest.raises(DomainError) as exc:
        cost_record(
            partnership=world.partnership,
            party=world.county,
            category="participation",
            amount=Decimal("10.005"),
            incurred_on=dt.date(2022, 3, 15),
            description="x",
            actor=None,
        )
    assert exc.value.code == "finance.amount_invalid"
    with pytest.raises(DomainError):
        cost_record(
            partnership=world.partnership,
            party=PartyFactory(),
            category="other",
            amount=Decimal("1"),
            incurred_on=dt.date(2022, 1, 1),
            description="x",
            actor=None,
        )
    assert not any(
        f.name == "share" or f.name.endswith("parties") for f in CostEntry._meta.get_fields()
    )


def _council_allocation_2022(world):
    """The council's 50,000 kroner for 2022, decided in December 2021."""
    return allocation_record(
        partnership=world.partnership,
        party=world.council,
        year=2022,
        amount=Decimal("50000.00"),
        decision_reference="RS 12/21",
        decided_on=dt.date(2021, 12, 10),
        actor=None,
    )


def test_a16_budget_only_as_explicit_allocations_per_party(world):
    with pytest.raises(DomainError) as exc:
        allocation_record(
            partnership=world.partnership,
            party=world.council,
            year=2022,
            amount=Decimal("50000"),
            decision_reference=" ",
            decided_on=dt.date(2021, 12, 10),
            actor=None,
        )
    assert exc.value.code == "finance.allocation_needs_decision"
    council = _council_allocation_2022(world)
    with pytest.raises(DomainError) as exc:
        cost_record(
            partnership=world.partnership,
            party=world.county,
            category="administration",
            amount=Decimal("100"),
            incurred_on=dt.date(2022, 2, 1),
            description="x",
            allocation=council,
            actor=None,
        )
    assert exc.value.code == "finance.allocation_other_party"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(
        st.tuples(
            st.booleans(),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a15_a16_per_party_totals_are_exact_and_never_shared(world, amounts):
    CostEntry.objects.all().delete()
    expected = {world.council.name: Decimal("0.00"), world.county.name: Decimal("0.00")}
    for is_council, amount in amounts:
        party = world.council if is_council else world.county
        cost_record(
            partnership=world.partnership,
            party=party,
            category="participation",
            amount=amount,
            incurred_on=dt.date(2023, 5, 1),
            description="Reise",
            actor=None,
        )
        expected[party.name] += amount
    rows = finances_for_year(partnership=world.partnership, year=2023)
    assert {r.party: r.total_costs for r in rows} == expected
    assert all(isinstance(r.total_costs, Decimal) for r in rows)


def test_a15_a16_a_year_counts_its_costs_and_the_spending_on_its_allocations(world):
    """A cost counts in the year it was incurred (A15) and against the year of the allocation
    it is charged to (A16), which may be another year; each once, in its own column."""
    allocation = _council_allocation_2022(world)
    for amount, day, category, charged in [
        (Decimal("1000.00"), dt.date(2022, 3, 1), "participation", allocation),
        (Decimal("200.50"), dt.date(2022, 4, 1), "administration", None),
        (Decimal("300.00"), dt.date(2023, 1, 10), "participation", allocation),  # late invoice
        (Decimal("7.00"), dt.date(2023, 2, 1), "participation", None),
    ]:
        cost_record(
            partnership=world.partnership,
            party=world.council,
            category=category,
            amount=amount,
            incurred_on=day,
            description="x",
            allocation=charged,
            actor=None,
        )
    council_2022, county_2022 = finances_for_year(partnership=world.partnership, year=2022)
    assert council_2022.costs_by_category == {
        "participation": Decimal("1000.00"),
        "administration": Decimal("200.50"),
    }
    assert council_2022.allocated == Decimal("50000.00")
    assert council_2022.charged_to_allocations == Decimal("1300.00")
    assert council_2022.remaining == Decimal("48700.00")
    assert county_2022.total_costs == Decimal("0.00")
    assert county_2022.charged_to_allocations == Decimal("0.00")
    council_2023, _county_2023 = finances_for_year(partnership=world.partnership, year=2023)
    assert council_2023.costs_by_category == {"participation": Decimal("307.00")}
    assert council_2023.allocated == Decimal("0.00")
    assert council_2023.charged_to_allocations == Decimal("0.00")
