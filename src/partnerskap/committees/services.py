"""Temporary committees (A11): they exist only by the meeting's procedural decision, which
sets their mandate and composition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import (
    CooperationArea,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.agreements.selectors import areas_current
from partnerskap.committees.models import Committee, CommitteeMembership, CommitteeReport
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AgendaItem
from partnerskap.people.models import Person
from partnerskap.people.services import person_create


@dataclass(frozen=True)
class Member:
    """A seat on the committee: a person who sits for one of the partnership's parties, or
    (``party`` ``None``) an external member such as an expert; ``organisation`` says where a
    member from outside the parties' roles comes from."""

    person: Person
    party: Party | None
    role: str = CommitteeMembership.Role.MEMBER
    organisation: str = ""


@dataclass(frozen=True)
class NewMember:
    """A member the meeting puts on the committee who is not registered yet and holds no role
    with the parties (A11): an expert, or another elected representative. Only the name and
    the organisation are kept (L10)."""

    given_name: str
    family_name: str
    organisation: str = ""
    party: Party | None = None
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


def _require_decision_unused(item: AgendaItem) -> None:
    if hasattr(item, "committee_established"):
        raise ConflictError(
            "committees.item_used", _("This decision has already set up a committee.")
        )


def _require_mandate(mandate: str) -> None:
    if not mandate.strip():
        raise DomainError("committees.mandate_required", _("Give the mandate."), field="mandate")


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


def _require_composition(
    partnership: Partnership, members: Sequence[Member], new_members: Sequence[NewMember]
) -> None:
    """At least one member; each sits for one of the partnership's parties or is external;
    at most one leader; a new member has a name."""
    if not members and not new_members:
        raise DomainError(
            "committees.composition_required",
            _("The meeting decides the composition: name at least one member."),
            field="members",
        )
    _require_each_person_once(members)
    parties = set(partnership.parties.values_list("pk", flat=True))
    sitting_for = [m.party for m in members] + [m.party for m in new_members]
    outsiders = [str(p) for p in sitting_for if p is not None and p.pk not in parties]
    if outsiders:
        raise DomainError(
            "committees.member_party",
            _(
                "Members sit for one of the partnership's parties, or as external members; "
                "not for %(parties)s."
            )
            % {"parties": ", ".join(sorted(set(outsiders)))},
            field="members",
        )
    if any(not (m.given_name.strip() and m.family_name.strip()) for m in new_members):
        raise DomainError(
            "committees.member_name",
            _("Give both the given name and the family name of each member from outside."),
            field="members",
        )
    roles = [m.role for m in members] + [m.role for m in new_members]
    if roles.count(CommitteeMembership.Role.LEADER) > 1:
        raise DomainError(
            "committees.one_leader", _("A committee has at most one leader."), field="members"
        )


def _require_current_areas(partnership: Partnership, areas: Sequence[CooperationArea]) -> None:
    allowed = set(areas_current(partnership=partnership).values_list("pk", flat=True))
    if not areas or any(a.pk not in allowed for a in areas):
        raise DomainError(
            "committees.areas",
            _("A committee belongs to at least one of the agreement's current areas."),
            field="areas",
        )


def _register_new_members(new_members: Sequence[NewMember], *, actor: Actor) -> list[Member]:
    """Register the people the meeting put on the committee from outside the parties' roles."""
    return [
        Member(
            person=person_create(given_name=m.given_name, family_name=m.family_name, actor=actor),
            party=m.party,
            role=m.role,
            organisation=" ".join(m.organisation.split()),
        )
        for m in new_members
    ]


def _seat(committee: Committee, members: Sequence[Member]) -> None:
    for m in members:
        seat = CommitteeMembership(
            committee=committee,
            person=m.person,
            party=m.party,
            role=m.role,
            organisation=m.organisation,
        )
        seat.full_clean()
        seat.save()


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
    new_members: Sequence[NewMember] = (),
    areas: Sequence[CooperationArea],
    sdgs: Sequence[SustainableDevelopmentGoal] = (),
    actor: Actor,
) -> Committee:
    """Set up a temporary committee by the meeting's procedural decision under ``item``
    (A11), with the mandate and the composition it decided: ``members`` are registered people
    (for a party, or external), ``new_members`` people from outside the parties' roles who are
    registered here (experts, other elected representatives)."""
    _require_committee_decision(item)
    _require_decision_unused(item)
    _require_mandate(mandate)
    partnership = item.partnership
    _require_composition(partnership, members, new_members)
    _require_current_areas(partnership, areas)
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
    seated = [*members, *_register_new_members(new_members, actor=actor)]
    _seat(committee, seated)
    audit.record(
        "committees.established",
        actor=actor,
        target=committee,
        data={
            "item": item.case_number,
            "members": len(seated),
            "external": sum(m.party is None for m in seated),
        },
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


def committees_running(*, partnership: Partnership) -> list[Committee]:
    """The partnership's committees not dissolved and still running at its period's end: at a
    renewal each is continued or ended (A18)."""
    return list(
        Committee.objects.filter(
            partnership=partnership,
            dissolved_on__isnull=True,
            continued_in__isnull=True,
            ends_on__gte=partnership.period_end,
        ).order_by("starts_on", "name")
    )


@transaction.atomic
def committees_renew(
    *,
    partnership: Partnership,
    renewed: Partnership,
    continued: Collection[int],
    actor: Actor,
) -> None:
    """At a renewal (A18): each running committee whose id is in ``continued`` continues in
    ``renewed`` (a link); every other one ends on the old period's last day."""
    if renewed.predecessor_id != partnership.pk:
        raise DomainError(
            "committees.not_renewal", _("The committees continue only into the renewal.")
        )
    for committee in committees_running(partnership=partnership):
        if committee.pk in continued:
            committee.continued_in = renewed
            committee.save(update_fields=["continued_in", "modified"])
            audit.record(
                "committees.continued", actor=actor, target=committee, data={"into": renewed.slug}
            )
        else:
            committee.ends_on = max(partnership.period_end, committee.starts_on)
            committee.full_clean()
            committee.save(update_fields=["ends_on", "modified"])
            audit.record(
                "committees.ended_with_period",
                actor=actor,
                target=committee,
                data={"on": str(committee.ends_on)},
            )
