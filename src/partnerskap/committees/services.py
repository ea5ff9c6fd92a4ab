"""Temporary committees (A11): they exist only by the meeting's procedural decision, which
sets their mandate and composition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import CooperationArea, Party, SustainableDevelopmentGoal
from partnerskap.agreements.selectors import areas_current
from partnerskap.committees.models import Committee, CommitteeMembership, CommitteeReport
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AgendaItem
from partnerskap.people.models import Person


@dataclass(frozen=True)
class Member:
    person: Person
    party: Party
    role: str = CommitteeMembership.Role.MEMBER


def _require_committee_decision(item: AgendaItem) -> None:
    if (
        item.kind != AgendaItem.Kind.PROCEDURAL
        or item.procedural_subject != AgendaItem.ProceduralSubject.COMMITTEE
        or item.outcome != AgendaItem.Outcome.PROCEDURAL
    ):
        raise DomainError(
            "committees.needs_procedural_decision",
            _(
                "A temporary committee is set up (or dissolved) only by the meeting's procedural "
                "decision: choose an item about a committee whose outcome is a procedural decision."
            ),
            field="item",
        )


def _require_each_person_once(members: Sequence[Member]) -> None:
    """A person sits on a committee once, for one party and in one role."""
    seen: set[int] = set()
    twice: list[Person] = []
    for member in members:
        if member.person.pk in seen and member.person not in twice:
            twice.append(member.person)
        seen.add(member.person.pk)
    if twice:
        raise DomainError(
            "committees.member_twice",
            _("Each person sits on the committee once; named more than once: %(people)s.")
            % {"people": ", ".join(str(p) for p in twice)},
            field="members",
        )


@transaction.atomic
def committee_establish(
    *,
    item: AgendaItem,
    name: str,
    task: str,
    mandate: str,
    starts_on: dt.date,
    ends_on: dt.date,
    members: Sequence[Member],
    areas: Sequence[CooperationArea],
    sdgs: Sequence[SustainableDevelopmentGoal] = (),
    actor: Actor,
) -> Committee:
    _require_committee_decision(item)
    if hasattr(item, "committee_established"):
        raise ConflictError(
            "committees.item_used", _("This decision has already set up a committee.")
        )
    if not mandate.strip():
        raise DomainError("committees.mandate_required", _("Give the mandate."), field="mandate")
    if not members:
        raise DomainError(
            "committees.composition_required",
            _("The meeting decides the composition: name at least one member."),
            field="members",
        )
    _require_each_person_once(members)
    partnership = item.partnership
    parties = set(partnership.parties.values_list("pk", flat=True))
    outsiders = [str(m.person) for m in members if m.party.pk not in parties]
    if outsiders:
        raise DomainError(
            "committees.member_party",
            _("Members sit for one of the partnership's parties: %(people)s.")
            % {"people": ", ".join(outsiders)},
            field="members",
        )
    if sum(m.role == CommitteeMembership.Role.LEADER for m in members) > 1:
        raise DomainError(
            "committees.one_leader", _("A committee has at most one leader."), field="members"
        )
    allowed = set(areas_current(partnership=partnership).values_list("pk", flat=True))
    if not areas or any(a.pk not in allowed for a in areas):
        raise DomainError(
            "committees.areas",
            _("A committee belongs to at least one of the agreement's current areas."),
            field="areas",
        )
    committee = Committee(
        partnership=partnership,
        name=name,
        task=task,
        mandate=mandate,
        established_by=item,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    committee.full_clean()
    committee.save()
    committee.areas.set(areas)
    committee.sdgs.set(list(sdgs))
    CommitteeMembership.objects.bulk_create(
        CommitteeMembership(committee=committee, person=m.person, party=m.party, role=m.role)
        for m in members
    )
    audit.record(
        "committees.established",
        actor=actor,
        target=committee,
        data={"item": item.case_number, "members": len(members)},
    )
    return committee


@transaction.atomic
def committee_report(
    *,
    committee: Committee,
    item: AgendaItem,
    summary: str = "",
    is_final: bool = True,
    actor: Actor,
) -> CommitteeReport:
    """The committee reports back to the meeting as an agenda item."""
    if item.partnership_id != committee.partnership_id:
        raise DomainError(
            "committees.report_elsewhere", _("The item belongs to another partnership.")
        )
    if item.meeting.date < committee.starts_on:
        raise DomainError(
            "committees.report_before_start",
            _("The report's meeting is before the committee started."),
        )
    report = CommitteeReport.objects.create(
        committee=committee, item=item, summary=summary, is_final=is_final
    )
    audit.record("committees.reported", actor=actor, target=committee, data={"item": item.pk})
    return report


@transaction.atomic
def committee_dissolve(
    *, committee: Committee, on: dt.date, item: AgendaItem | None = None, actor: Actor
) -> Committee:
    """Dissolve a committee by the meeting's decision, or record that its term has ended."""
    if committee.dissolved_on is not None:
        raise ConflictError("committees.dissolved", _("The committee is already dissolved."))
    if item is not None:
        _require_committee_decision(item)
    elif on < committee.ends_on:
        raise DomainError(
            "committees.dissolve_needs_decision",
            _("Before its end date a committee is dissolved only by the meeting's decision."),
        )
    committee.dissolved_on = on
    committee.dissolved_by = item
    committee.save(update_fields=["dissolved_on", "dissolved_by", "modified"])
    audit.record("committees.dissolved", actor=actor, target=committee, data={"on": str(on)})
    return committee
