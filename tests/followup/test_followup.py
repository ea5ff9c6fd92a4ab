"""Proposals and their follow-up in each body (A9), and amendments (A10, A3)."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.agreements.diff import changed_chunks
from partnerskap.agreements.selectors import areas_current, version_in_force
from partnerskap.core import time
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import (
    amendment_diff,
    follow_ups_awaiting,
    follow_ups_overdue,
    proposals_in_area,
)
from partnerskap.followup.services import amendment_propose, followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem
from tests.factories import ElectedBodyFactory

pytestmark = pytest.mark.django_db
Status = FollowUp.Status


def test_a9_a_proposal_comes_only_from_an_item_whose_outcome_is_a_proposal(
    world, bodies, proposal_item
):
    noted = proposal_item(kind=AgendaItem.Kind.DISCUSSION, outcome=AgendaItem.Outcome.NOTED)
    with pytest.raises(DomainError) as exc:
        proposal_create(
            item=noted, title="x", text="x", bodies=[bodies["asker-kommunestyre"]], actor=None
        )
    assert exc.value.code == "followup.proposal.item_not_a_proposal"
    item = proposal_item()
    proposal = proposal_create(
        item=item,
        title="Innfartsparkering",
        text="Partnerskapsmøtet foreslår …",
        bodies=[
            bodies["asker-kommunestyre"],
            bodies["baerum-kommunestyre"],
            bodies["viken-fylkesting"],
        ],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    assert proposal.follow_ups.count() == 3
    assert set(proposal.follow_ups.values_list("status", flat=True)) == {"sent"}
    assert proposal.follow_ups.first().expected_by == dt.date(2022, 3, 20) + dt.timedelta(days=120)
    assert list(proposal.areas.all()) == list(item.areas.all())
    with pytest.raises(ConflictError):
        proposal_create(
            item=item, title="igjen", text="x", bodies=[bodies["viken-fylkesting"]], actor=None
        )


def test_a9_proposals_go_only_to_the_parties_bodies(world, proposal_item):
    with pytest.raises(DomainError) as exc:
        proposal_create(
            item=proposal_item(), title="x", text="x", bodies=[ElectedBodyFactory()], actor=None
        )
    assert exc.value.code == "followup.proposal.body_not_of_a_party"
    with pytest.raises(DomainError) as exc:
        proposal_create(item=proposal_item(), title="x", text="x", bodies=[], actor=None)
    assert exc.value.code == "followup.proposal.no_bodies"


def test_a9_follow_up_goes_forward_to_a_final_decision(world, bodies, proposal_item):
    proposal = proposal_create(
        item=proposal_item(),
        title="x",
        text="x",
        bodies=[bodies["baerum-kommunestyre"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    follow_up = proposal.follow_ups.get()
    followup_record(
        follow_up=follow_up, status=Status.RECEIVED, on=dt.date(2022, 3, 22), actor=None
    )
    with pytest.raises(DomainError) as exc:
        followup_record(
            follow_up=follow_up, status=Status.ON_AGENDA, on=dt.date(2022, 4, 1), actor=None
        )
    assert exc.value.code == "followup.agenda_details"
    followup_record(
        follow_up=follow_up,
        status=Status.ON_AGENDA,
        on=dt.date(2022, 4, 1),
        body_meeting_date=dt.date(2022, 4, 20),
        body_case_number="PS 45/22",
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        followup_record(
            follow_up=follow_up, status=Status.RECEIVED, on=dt.date(2022, 4, 2), actor=None
        )
    assert exc.value.code == "followup.backwards"
    with pytest.raises(DomainError):
        followup_record(
            follow_up=follow_up, status=Status.ADOPTED, on=dt.date(2022, 4, 20), actor=None
        )
    followup_record(
        follow_up=follow_up,
        status=Status.ADOPTED_WITH_CHANGES,
        on=dt.date(2022, 4, 20),
        decision_text="Vedtatt med endringer i punkt 2",
        decision_url="https://example.invalid/ps45",
        actor=None,
    )
    with pytest.raises(ConflictError) as exc:
        followup_record(
            follow_up=follow_up,
            status=Status.REJECTED,
            on=dt.date(2022, 5, 1),
            decision_text="x",
            actor=None,
        )
    assert exc.value.code == "followup.final"
    history = list(follow_up.events.values_list("status", flat=True))
    assert history == ["sent", "received", "on_agenda", "adopted_with_changes"]


def test_a9_overdue_and_awaiting_views(world, bodies, proposal_item):
    proposal = proposal_create(
        item=proposal_item(),
        title="x",
        text="x",
        bodies=[bodies["asker-kommunestyre"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    asker = proposal.follow_ups.get(elected_body__slug="asker-kommunestyre")
    followup_record(
        follow_up=asker,
        status=Status.ADOPTED,
        on=dt.date(2022, 5, 1),
        decision_text="Vedtatt",
        actor=None,
    )
    overdue = follow_ups_overdue(partnership=world.partnership, today=dt.date(2022, 12, 1))
    assert [f.elected_body.slug for f in overdue] == ["viken-fylkesting"]
    assert not follow_ups_overdue(partnership=world.partnership, today=dt.date(2022, 4, 1)).exists()
    viken = follow_ups_awaiting(partnership=world.partnership, party=world.county)
    council = follow_ups_awaiting(partnership=world.partnership, party=world.council)
    assert [f.elected_body.slug for f in viken] == ["viken-fylkesting"]
    assert list(council) == [], "Asker (a member municipality of the council) has answered"
    area = proposal.areas.first()
    assert list(proposals_in_area(area=area)) == [proposal]


def _areas_text(world, extra: str) -> str:
    section = version_in_force(part=world.partnership.agreement.special_part).sections.get(
        slug="samarbeidsomrader"
    )
    return section.body + f"\n- **{extra}.** Dialog om {extra.lower()}.\n"


def test_a10_a3_amendment_takes_force_only_when_every_required_body_has_adopted(
    world, bodies, proposal_item
):
    part = world.partnership.agreement.special_part
    v1 = version_in_force(part=part)
    proposal = amendment_propose(
        item=proposal_item(),
        title="Nytt samarbeidsområde: kultur",
        text="Endring av avtalen",
        section_slug="samarbeidsomrader",
        proposed_text=_areas_text(world, "Kultur og frivillighet"),
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        other_bodies=[bodies["asker-kommunestyre"]],
        in_force_from=dt.date(2022, 9, 1),
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    assert proposal.amendment_state == Proposal.AmendmentState.PENDING
    inserted = [
        c.text for c in changed_chunks(amendment_diff(proposal=proposal)) if c.op == "insert"
    ]
    assert any("Kultur og frivillighet" in text for text in inserted)
    council = proposal.follow_ups.get(elected_body__slug="radet-representantskap")
    county = proposal.follow_ups.get(elected_body__slug="viken-fylkesting")
    followup_record(
        follow_up=council,
        status=Status.ADOPTED,
        on=dt.date(2022, 5, 10),
        body_case_number="RS 4/22",
        decision_text="Vedtatt",
        actor=None,
    )
    proposal.refresh_from_db()
    assert proposal.amendment_state == Proposal.AmendmentState.PENDING
    assert version_in_force(part=part, on=dt.date(2022, 10, 1)) == v1
    assert areas_current(partnership=world.partnership).count() == 7
    followup_record(
        follow_up=county,
        status=Status.ADOPTED,
        on=dt.date(2022, 6, 15),
        body_case_number="FT 77/22",
        decision_text="Vedtatt",
        actor=None,
    )
    proposal.refresh_from_db()
    assert proposal.amendment_state == Proposal.AmendmentState.ADOPTED
    v2 = proposal.resulting_version
    assert v2.number == v1.number + 1
    assert v2.in_force_from == dt.date(2022, 9, 1)
    assert version_in_force(part=part, on=dt.date(2022, 8, 31)) == v1
    assert version_in_force(part=part, on=dt.date(2022, 9, 1)) == v2
    assert set(v2.adoptions.values_list("decision_reference", flat=True)) == {"RS 4/22", "FT 77/22"}
    assert (
        v1.sections.get(slug="samarbeidsomrader").body
        != v2.sections.get(slug="samarbeidsomrader").body
    )
    names = list(areas_current(partnership=world.partnership).values_list("name", flat=True))
    assert names[-1] == "Kultur og frivillighet"
    assert len(names) == 8


def test_a10_a_rejection_by_a_required_body_leaves_the_text_unchanged(world, bodies, proposal_item):
    part = world.partnership.agreement.special_part
    v1 = version_in_force(part=part)
    proposal = amendment_propose(
        item=proposal_item(),
        title="Endret møtefrekvens",
        text="x",
        section_slug="oppfolging-av-avtalen",
        proposed_text="- Det gjennomføres minst fire møter.",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    followup_record(
        follow_up=proposal.follow_ups.get(elected_body__slug="viken-fylkesting"),
        status=Status.REJECTED,
        on=dt.date(2022, 6, 1),
        decision_text="Avvist",
        actor=None,
    )
    proposal.refresh_from_db()
    assert proposal.amendment_state == Proposal.AmendmentState.REJECTED
    followup_record(
        follow_up=proposal.follow_ups.get(elected_body__slug="radet-representantskap"),
        status=Status.ADOPTED,
        on=dt.date(2022, 6, 2),
        decision_text="Vedtatt",
        actor=None,
    )
    assert version_in_force(part=part, on=dt.date(2030, 1, 1)) == v1
    assert part.versions.count() == 1


def test_a10_every_party_names_a_body_that_must_adopt(world, bodies, proposal_item):
    with pytest.raises(DomainError) as exc:
        amendment_propose(
            item=proposal_item(),
            title="x",
            text="x",
            section_slug="oppfolging-av-avtalen",
            proposed_text="Ny tekst",
            required_bodies=[bodies["viken-fylkesting"]],
            actor=None,
        )
    assert exc.value.code == "followup.amendment.party_without_body"
    assert world.county.name not in str(exc.value)


def test_a10_a3_an_amendment_of_the_areas_must_still_list_areas(world, bodies, proposal_item):
    with pytest.raises(DomainError) as exc:
        amendment_propose(
            item=proposal_item(),
            title="x",
            text="x",
            section_slug="samarbeidsomrader",
            proposed_text="Ingen punkter her.",
            required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
            actor=None,
        )
    assert exc.value.code == "import.no_areas"


def test_a9_steps_are_dated_in_order_and_never_in_the_future(world, bodies, proposal_item):
    proposal = proposal_create(
        item=proposal_item(),
        title="Felles innfartsparkering",
        text="Tekst",
        bodies=[bodies["baerum-kommunestyre"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    follow_up = proposal.follow_ups.get()
    with pytest.raises(DomainError) as before_sent:
        followup_record(
            follow_up=follow_up, status=Status.RECEIVED, on=dt.date(2022, 3, 19), actor=None
        )
    assert before_sent.value.code == "followup.date_order"
    assert before_sent.value.field == "on"
    followup_record(follow_up=follow_up, status=Status.RECEIVED, on=dt.date(2022, 4, 1), actor=None)
    with pytest.raises(DomainError) as before_previous:
        followup_record(
            follow_up=follow_up,
            status=Status.ADOPTED,
            on=dt.date(2022, 3, 25),
            decision_text="Vedtatt",
            actor=None,
        )
    assert before_previous.value.code == "followup.date_order"
    with pytest.raises(DomainError) as future:
        followup_record(
            follow_up=follow_up,
            status=Status.ADOPTED,
            on=time.today() + dt.timedelta(days=1),
            decision_text="Vedtatt",
            actor=None,
        )
    assert future.value.code == "followup.date_future"
    followup_record(
        follow_up=follow_up,
        status=Status.ADOPTED,
        on=dt.date(2022, 4, 1),
        decision_text="Vedtatt",
        actor=None,
    )
    follow_up.refresh_from_db()
    assert follow_up.status == Status.ADOPTED
    assert [e.on for e in follow_up.events.order_by("pk")] == [
        dt.date(2022, 3, 20),
        dt.date(2022, 4, 1),
        dt.date(2022, 4, 1),
    ]
