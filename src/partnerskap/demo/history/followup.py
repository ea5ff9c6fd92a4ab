"""Turn the follow-up data (``followup_data``) into records, through the services only:
``proposal_create``, ``amendment_propose`` and ``followup_record`` (A9, A10);
``committee_establish``, ``committee_report`` and ``committee_dissolve`` (A11);
``allocation_record`` and ``cost_record`` (A15, A16).

Runs after the meetings (``build.py``): every proposal and committee hangs on an agenda item of
the history. Idempotent like the meetings: a proposal is keyed by its item, a committee by the
item that set it up, an allocation by (party, year, decision reference), a cost by (party,
category, date, description); a record that exists is skipped entirely.

Nothing is back-dated. Every date that the reports read is given to the services explicitly
(``sent_on``, ``on``, ``decided_on``, ``incurred_on``, ``in_force_from``, ``starts_on`` …);
what the services stamp themselves is record-keeping (``FollowUpEvent.recorded_at``, the audit
log, created/modified), and it truthfully says when the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerskap.agreements.models import (
    CooperationArea,
    ElectedBody,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.agreements.selectors import areas_current
from partnerskap.committees.models import Committee
from partnerskap.committees.services import (
    Member,
    committee_dissolve,
    committee_establish,
    committee_report,
)
from partnerskap.demo.history import followup_data as data
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.finance.services import allocation_record, cost_record
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import amendment_propose, followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.people.models import Person

Status = FollowUp.Status


def load_followup(
    *,
    partnership: Partnership,
    parties: dict[str, Party],
    people: dict[str, Person],
    until: dt.date | None = None,
) -> int:
    """Create what is missing of the follow-up; returns how many proposals, committees,
    allocations and costs it created. With ``until``: only the proposals sent by then."""
    bodies = {body.slug: body for body in ElectedBody.objects.all()}
    areas = {area.slug: area for area in areas_current(partnership=partnership)}
    created = 0
    for proposal in sorted(data.PROPOSALS, key=lambda p: p.sent_on):
        if until is None or proposal.sent_on <= until:
            created += _proposal(partnership, bodies, proposal)
    if until is not None:
        return created
    for committee in data.COMMITTEES:
        created += _committee(partnership, parties, people, areas, committee)
    allocations: dict[tuple[str, int], BudgetAllocation] = {}
    for allocation in data.ALLOCATIONS:
        record, new = _allocation(partnership, parties, allocation)
        allocations[allocation.party, allocation.year] = record
        created += new
    for cost in data.COSTS:
        created += _cost(partnership, parties, allocations, cost)
    return created


def _item(partnership: Partnership, ref: data.ItemRef) -> AgendaItem:
    return AgendaItem.objects.get(
        partnership=partnership, meeting__starts_at__date=ref.meeting, title=ref.title
    )


# --- A9, A10 ------------------------------------------------------------------------------------


def _proposal(partnership: Partnership, bodies: dict[str, ElectedBody], spec: data.Proposal) -> int:
    item = _item(partnership, spec.item)
    if Proposal.objects.filter(item=item).exists():
        return 0
    if spec.amendment is None:
        proposal = proposal_create(
            item=item,
            title=item.title,
            text=item.outcome_text,
            bodies=[bodies[track.body] for track in spec.tracks],
            sent_on=spec.sent_on,
            actor=None,
        )
    else:
        proposal = amendment_propose(
            item=item,
            title=item.title,
            text=item.outcome_text,
            section_slug=spec.amendment.section,
            proposed_text=spec.amendment.proposed_text,
            required_bodies=[bodies[t.body] for t in spec.tracks if t.required],
            other_bodies=[bodies[t.body] for t in spec.tracks if not t.required],
            in_force_from=spec.amendment.in_force_from,
            sent_on=spec.sent_on,
            actor=None,
        )
    follow_ups = {
        f.elected_body.slug: f for f in proposal.follow_ups.select_related("elected_body")
    }
    # Every body's steps in the order they happened; an amendment settles at the last decision.
    steps = sorted((step for track in spec.tracks for step in _steps(track)), key=lambda s: s.on)
    for step in steps:
        followup_record(
            follow_up=follow_ups[step.body],
            status=step.status,
            on=step.on,
            body_meeting_date=step.body_meeting_date,
            body_case_number=step.body_case_number,
            decision_text=step.decision_text,
            note=step.note,
            actor=None,
        )
    return 1


@dataclass(frozen=True)
class _Step:
    on: dt.date
    body: str
    status: str
    body_meeting_date: dt.date | None = None
    body_case_number: str = ""
    decision_text: str = ""
    note: str = ""


def _steps(track: data.Track) -> list[_Step]:
    steps: list[_Step] = []
    if track.received is not None:
        steps.append(_Step(track.received, track.body, Status.RECEIVED))
    agenda = track.agenda
    if agenda is not None:
        published = agenda.meeting - dt.timedelta(days=data.AGENDA_DAYS_BEFORE)
        steps.append(
            _Step(
                published,
                track.body,
                Status.ON_AGENDA,
                body_meeting_date=agenda.meeting,
                body_case_number=agenda.case,
                note=agenda.note,
            )
        )
    decision = track.decision
    if decision is not None:
        on = decision.on or (agenda.meeting if agenda is not None else None)
        if on is None:
            raise ValueError(f"{track.body}: a decision outside a meeting needs its date")
        steps.append(
            _Step(on, track.body, decision.status, decision_text=decision.text, note=decision.note)
        )
    return steps


# --- A11 ----------------------------------------------------------------------------------------


def _committee(
    partnership: Partnership,
    parties: dict[str, Party],
    people: dict[str, Person],
    areas: dict[str, CooperationArea],
    spec: data.Committee,
) -> int:
    item = _item(partnership, spec.established_by)
    if Committee.objects.filter(established_by=item).exists():
        return 0
    committee = committee_establish(
        item=item,
        name=spec.name,
        task=spec.task,
        mandate=spec.mandate,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        members=[Member(people[m.person], parties[m.party], m.role) for m in spec.members],
        areas=[areas[slug] for slug in spec.areas],
        sdgs=list(SustainableDevelopmentGoal.objects.filter(number__in=spec.sdgs)),
        actor=None,
    )
    if spec.report is not None:
        committee_report(
            committee=committee,
            item=_item(partnership, spec.report),
            summary=spec.report_summary,
            actor=None,
        )
    if spec.term_ended:
        committee_dissolve(committee=committee, on=spec.ends_on, actor=None)
    return 1


# --- A15, A16 -----------------------------------------------------------------------------------


def _allocation(
    partnership: Partnership, parties: dict[str, Party], spec: data.Allocation
) -> tuple[BudgetAllocation, int]:
    party = parties[spec.party]
    existing = BudgetAllocation.objects.filter(
        partnership=partnership, party=party, year=spec.year, decision_reference=spec.reference
    ).first()
    if existing is not None:
        return existing, 0
    allocation = allocation_record(
        partnership=partnership,
        party=party,
        year=spec.year,
        amount=spec.amount,
        decision_reference=spec.reference,
        decided_on=spec.decided_on,
        purpose=spec.purpose,
        actor=None,
    )
    return allocation, 1


def _cost(
    partnership: Partnership,
    parties: dict[str, Party],
    allocations: dict[tuple[str, int], BudgetAllocation],
    spec: data.Cost,
) -> int:
    party = parties[spec.party]
    if CostEntry.objects.filter(
        partnership=partnership,
        party=party,
        category=spec.category,
        incurred_on=spec.on,
        description=spec.description,
    ).exists():
        return 0
    meeting = None
    if spec.at_meeting:
        meeting = Meeting.objects.get(partnership=partnership, starts_at__date=spec.on)
    cost_record(
        partnership=partnership,
        party=party,
        category=spec.category,
        amount=spec.amount,
        incurred_on=spec.on,
        description=spec.description,
        meeting=meeting,
        allocation=allocations[spec.party, spec.on.year] if spec.charged else None,
        actor=None,
    )
    return 1
