"""Renewing a partnership into a new period (A18): the new special part, the parties with
their successors, the areas, the annual-cycle template, the committees and the open proposals,
all in one audited transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from partnerskap.agreements.models import (
    ElectedBody,
    Partnership,
    Party,
    PartySuccession,
)
from partnerskap.agreements.selectors import areas_current, version_in_force
from partnerskap.agreements.services import RenewalText
from partnerskap.committees.models import Committee
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.followup.models import Proposal
from partnerskap.followup.services import proposal_create
from partnerskap.followup.services.renewal import (
    RenewalPlan,
    partnership_renewal,
    proposals_open,
)
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry
from tests.factories import PartyFactory
from tests.world import oslo

SEED = Path(__file__).resolve().parents[2] / "src/partnerskap/demo/data"


def _plan(**changes) -> RenewalPlan:
    values = {
        "name": "Asker og Bærum – Akershus 2025–2028",
        "slug": "asker-baerum-akershus-2025-2028",
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2028, 12, 31),
    }
    values.update(changes)
    return RenewalPlan(**values)


@pytest.fixture
def akershus(world):
    county = PartyFactory(county=True, name="Akershus fylkeskommune", slug="akershus")
    Party.objects.filter(pk=world.county.pk).update(
        valid_to=dt.date(2023, 12, 31), successor=county
    )
    world.county.refresh_from_db()
    return county


@pytest.fixture
def open_proposal(world, proposal_item):
    bodies = {b.slug: b for b in ElectedBody.objects.all()}
    return proposal_create(
        item=proposal_item(),
        title="Innfartsparkering",
        text="Partnerskapsmøtet foreslår …",
        bodies=[bodies["asker-kommunestyre"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )


def test_a18_renewal_maps_an_ended_party_to_its_successor_and_links_both_ways(world, akershus):
    renewed = partnership_renewal(partnership=world.partnership, plan=_plan(), actor=None)
    assert list(renewed.parties.order_by("partnershipparty__position")) == [world.council, akershus]
    assert renewed.predecessor == world.partnership
    assert Partnership.objects.get(pk=world.partnership.pk).renewal == renewed
    entry = AuditEntry.objects.filter(action="agreements.partnership.renewed").latest("id")
    assert entry.data["predecessor"] == world.partnership.slug
    assert entry.data["parties"] == [world.council.slug, akershus.slug]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"period_start": dt.date(2024, 12, 31)}, "agreements.partnership.renewal_overlaps"),
        ({"period_end": dt.date(2025, 1, 1)}, "agreements.partnership.period_backwards"),
        ({"slug": "asker-baerum-viken-2020-2024"}, "agreements.partnership.slug_taken"),
    ],
)
def test_a18_renewal_refuses_an_overlap_a_backwards_period_and_a_taken_slug(world, changes, code):
    if "slug" in changes:
        changes = {"slug": world.partnership.slug}
    with pytest.raises(DomainError) as exc:
        partnership_renewal(partnership=world.partnership, plan=_plan(**changes), actor=None)
    assert exc.value.code == code
    assert not Partnership.objects.filter(predecessor=world.partnership).exists()


def test_a18_a_partnership_is_renewed_only_once(world):
    partnership_renewal(partnership=world.partnership, plan=_plan(), actor=None)
    with pytest.raises(DomainError) as exc:
        partnership_renewal(partnership=world.partnership, plan=_plan(slug="igjen"), actor=None)
    assert exc.value.code == "agreements.partnership.already_renewed"


def test_a18_the_old_text_is_copied_with_the_areas_chosen(world):
    old_part = world.partnership.agreement.special_part
    kept = {world.areas[0].slug, world.areas[1].slug}
    renewed = partnership_renewal(
        partnership=world.partnership,
        plan=_plan(text=RenewalText(area_slugs=frozenset(kept))),
        actor=None,
    )
    agreement = renewed.agreement
    assert agreement.special_part != old_part
    # A14: Viken has ceased; the agreement with its successor refers to Akershus's general part.
    assert agreement.general_part.owner.slug == "akershus-fylkeskommune"
    version = version_in_force(part=agreement.special_part, on=dt.date(2025, 1, 1))
    assert version is not None
    assert version.number == 1
    assert version.in_force_from == dt.date(2025, 1, 1)
    old = version_in_force(part=old_part, on=dt.date(2024, 12, 31))
    assert [s.body for s in version.sections.order_by("position")] == [
        s.body for s in old.sections.order_by("position")
    ]
    assert {a.slug for a in areas_current(partnership=renewed)} == kept
    assert len(areas_current(partnership=world.partnership)) == len(world.areas)


def test_a18_an_uploaded_text_is_imported_and_must_match_the_new_period(world):
    seed = (SEED / "partnerskapsavtale-asker-baerum-viken-2020-2024-spesiell-del.md").read_bytes()
    with pytest.raises(DomainError) as exc:
        partnership_renewal(
            partnership=world.partnership,
            plan=_plan(text=RenewalText(data=seed, source_name="avtale.md")),
            actor=None,
        )
    assert exc.value.code == "import.period_mismatch"
    assert not Partnership.objects.filter(predecessor=world.partnership).exists()
    renewed_text = seed.replace(b"2020", b"2025").replace(b"2024", b"2028")
    renewed = partnership_renewal(
        partnership=world.partnership,
        plan=_plan(text=RenewalText(data=renewed_text, source_name="ny.md")),
        actor=None,
    )
    version = version_in_force(part=renewed.agreement.special_part, on=dt.date(2025, 1, 1))
    assert version is not None
    assert version.source_name == "ny.md"
    assert areas_current(partnership=renewed).exists()


def test_a18_the_last_adopted_cycle_becomes_the_first_years_draft(world):
    meeting = world.meeting(oslo(2023, 11, 1))
    decision = world.item(meeting, kind=AgendaItem.Kind.PROCEDURAL)
    older = AnnualCycle.objects.create(
        partnership=world.partnership,
        year=2023,
        adopted_by=world.item(meeting, kind="procedural"),
        adopted_on=dt.date(2023, 1, 10),
    )
    AnnualCycleEntry.objects.create(
        cycle=older, kind="milestone", date=dt.date(2023, 5, 1), title="Gammel"
    )
    latest = AnnualCycle.objects.create(
        partnership=world.partnership,
        year=2024,
        adopted_by=decision,
        adopted_on=dt.date(2023, 11, 1),
    )
    AnnualCycleEntry.objects.create(
        cycle=latest, kind="meeting", date=dt.date(2024, 2, 29), title="Vårmøte"
    )
    AnnualCycleEntry.objects.create(
        cycle=latest, kind="milestone", date=dt.date(2024, 9, 1), title="Budsjett"
    )
    renewed = partnership_renewal(partnership=world.partnership, plan=_plan(), actor=None)
    cycle = AnnualCycle.objects.get(partnership=renewed)
    assert (cycle.year, cycle.version, cycle.is_adopted) == (2025, 1, False)
    assert [(e.date, e.title) for e in cycle.entries.order_by("date")] == [
        (dt.date(2025, 2, 28), "Vårmøte"),
        (dt.date(2025, 9, 1), "Budsjett"),
    ]
    other = partnership_renewal(
        partnership=renewed,
        plan=_plan(
            slug="neste",
            period_start=dt.date(2029, 1, 1),
            period_end=dt.date(2032, 12, 31),
            copy_cycle=True,
        ),
        actor=None,
    )
    assert not AnnualCycle.objects.filter(partnership=other).exists()  # nothing adopted to copy


def _committee(world, name: str, ends_on: dt.date) -> Committee:
    meeting = world.meeting(oslo(2023, 3, 1))
    return Committee.objects.create(
        partnership=world.partnership,
        name=name,
        task="x",
        mandate="x",
        established_by=world.item(meeting, kind="procedural", procedural_subject="committee"),
        starts_on=dt.date(2023, 3, 1),
        ends_on=ends_on,
    )


def test_a18_committees_are_continued_or_ended_with_the_period(world):
    continued = _committee(world, "Kyststi", dt.date(2025, 6, 30))
    ended = _committee(world, "Ungdom", dt.date(2025, 12, 31))
    finished = _committee(world, "Ferdig", dt.date(2023, 12, 31))
    renewed = partnership_renewal(
        partnership=world.partnership,
        plan=_plan(committees_continued=frozenset({continued.pk})),
        actor=None,
    )
    continued.refresh_from_db(), ended.refresh_from_db(), finished.refresh_from_db()
    assert continued.continued_in == renewed
    assert continued.ends_on == dt.date(2025, 6, 30)
    assert ended.continued_in is None
    assert ended.ends_on == dt.date(2024, 12, 31)
    assert finished.ends_on == dt.date(2023, 12, 31)
    assert finished.continued_in is None
    assert AuditEntry.objects.filter(action="committees.continued").count() == 1
    assert AuditEntry.objects.filter(action="committees.ended_with_period").count() == 1


def test_a18_open_proposals_are_carried_over_or_stay(world, open_proposal, proposal_item):
    bodies = {b.slug: b for b in ElectedBody.objects.all()}
    staying = proposal_create(
        item=proposal_item(),
        title="Blir igjen",
        text="x",
        bodies=[bodies["asker-kommunestyre"]],
        sent_on=dt.date(2022, 4, 1),
        actor=None,
    )
    assert set(proposals_open(partnership=world.partnership)) == {open_proposal, staying}
    renewed = partnership_renewal(
        partnership=world.partnership,
        plan=_plan(proposals_carried=frozenset({open_proposal.pk})),
        actor=None,
    )
    open_proposal.refresh_from_db(), staying.refresh_from_db()
    assert open_proposal.carried_over_to == renewed
    assert staying.carried_over_to is None
    assert list(renewed.carried_over_proposals.all()) == [open_proposal]
    assert list(proposals_open(partnership=world.partnership)) == [staying]
    entry = AuditEntry.objects.filter(action="followup.proposal.carried_over").get()
    assert entry.data == {"into": renewed.slug}


def test_a18_a_proposal_not_open_is_refused_and_nothing_is_renewed(world, open_proposal):
    decided = Proposal.objects.exclude(pk=open_proposal.pk).first()
    foreign = decided.pk if decided else open_proposal.pk + 1000
    with pytest.raises(DomainError) as exc:
        partnership_renewal(
            partnership=world.partnership,
            plan=_plan(proposals_carried=frozenset({open_proposal.pk, foreign})),
            actor=None,
        )
    assert exc.value.code == "followup.carry_over.not_open"
    assert not Partnership.objects.filter(predecessor=world.partnership).exists()
    open_proposal.refresh_from_db()
    assert open_proposal.carried_over_to is None


def test_a14_a18_the_renewed_agreement_keeps_the_general_part_of_a_county_still_a_party(world):
    """Had Viken not ceased, its general part would govern the renewed agreement too."""
    PartySuccession.objects.filter(predecessor=world.county).delete()
    Party.objects.filter(pk=world.county.pk).update(valid_to=None, successor=None)
    viken = world.partnership.agreement.general_part
    assert viken.owner == world.county
    renewed = partnership_renewal(
        partnership=world.partnership, plan=_plan(text=RenewalText()), actor=None
    )
    assert renewed.agreement.general_part == viken


def test_a14_a18_a_successor_countys_general_part_replaces_the_ceased_countys(world):
    """Viken ceased and Akershus took its seat: the renewed agreement with Akershus refers to
    Akershus's general part, not to the ceased county's."""
    renewed = partnership_renewal(
        partnership=world.partnership, plan=_plan(text=RenewalText()), actor=None
    )
    assert world.partnership.agreement.general_part.owner == world.county
    assert renewed.agreement.general_part.owner.slug == "akershus-fylkeskommune"
