"""Turn the history's data (``spec``) into records, through the meetings services only.

Each meeting is keyed by (partnership, starts_at): a meeting that already exists is skipped
entirely, so a second run writes nothing, not even audit entries. The one write outside the
services is ``_backdate`` (see there). Places have no service yet, so ``_locations`` looks
them up by name and room and creates only the missing ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from partnerskap.agreements.models import (
    CooperationArea,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.agreements.selectors import areas_current
from partnerskap.core.models import LegalBasis
from partnerskap.demo.history import spec
from partnerskap.meetings.models import AgendaItem, AnnualCycleEntry, Attendance, Location, Meeting
from partnerskap.meetings.selectors import DELEGATE_ROLES, memberships_on
from partnerskap.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_close,
    agenda_item_record_outcome,
    vote_record,
)
from partnerskap.meetings.services.attendance import (
    absence_register,
    attendance_record,
    guest_invite,
    substitute_call_in,
)
from partnerskap.meetings.services.cycle import CycleEntry, annual_cycle_adopt, annual_cycle_draft
from partnerskap.meetings.services.lifecycle import (
    meeting_create,
    meeting_publish_notice,
    meeting_record_held,
    meeting_request_create,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from partnerskap.people.models import Person

MINUTES_APPROVED_DAYS_AFTER = 7
CYCLE_SUBJECT = AgendaItem.ProceduralSubject.ANNUAL_CYCLE


@dataclass(frozen=True)
class _World:
    partnership: Partnership
    parties: dict[str, Party]
    people: dict[str, Person]
    areas: dict[str, CooperationArea]
    locations: dict[str, Location]


def build(
    *,
    partnership: Partnership,
    parties: dict[str, Party],
    people: dict[str, Person],
    years: tuple[spec.Year, ...],
) -> int:
    """Create what is missing of ``years``; returns how many places and meetings it created."""
    locations, created = _locations()
    world = _World(
        partnership=partnership,
        parties=parties,
        people=people,
        areas={area.slug: area for area in areas_current(partnership=partnership)},
        locations=locations,
    )
    for year in years:
        meetings = sorted(year.meetings, key=lambda m: m.starts_at)
        for meeting in meetings:
            created += _meeting(world, year, meeting, adopts_cycle=meeting is meetings[0])
    return created


def _backdate(record: models.Model, **stamps: dt.datetime) -> None:
    """DEMO ONLY: move times that a service stamped with ``time.now()`` into the past.

    The services record *when* a notice was published, a guest announced, a meeting held or
    minutes approved as "now"; a history loaded today needs the times it happened. Nothing
    outside the demo may rewrite these fields. Call it right after the service, before anything
    reads the time (the draft minutes copy the notice time and the guests' late flags). The
    instance is updated too: ``minutes_approve`` saves the whole meeting, which would otherwise
    write ``held_at`` back to now.
    """
    type(record)._default_manager.filter(pk=record.pk).update(**stamps)
    for name, value in stamps.items():
        setattr(record, name, value)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=spec.OSLO)


def _locations() -> tuple[dict[str, Location], int]:
    locations: dict[str, Location] = {}
    created = 0
    for key, (name, room) in spec.LOCATIONS.items():
        location = Location.objects.filter(name=name, room=room).order_by("pk").first()
        if location is None:
            location = Location(name=name, room=room)
            location.full_clean()
            location.save()
            created += 1
        locations[key] = location
    return locations, created


def _meeting(world: _World, year: spec.Year, data: spec.Meeting, *, adopts_cycle: bool) -> int:
    """Run one meeting from request to approved minutes; 0 when it already exists."""
    if Meeting.objects.filter(partnership=world.partnership, starts_at=data.starts_at).exists():
        return 0
    request = None
    if data.request is not None:
        request = meeting_request_create(
            partnership=world.partnership,
            requesting_party=world.parties[data.request.party],
            reason=data.request.reason,
            requested_on=data.request.requested_on,
            wished_date=data.request.wished_date,
            actor=None,
        )
    meeting = meeting_create(
        partnership=world.partnership,
        title=data.title,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        location=world.locations[data.location] if data.location else None,
        form=data.form,
        request=request,
        actor=None,
    )
    items = [_item(world, meeting, item) for item in data.items]
    cycle = None
    if adopts_cycle:
        cycle = annual_cycle_draft(
            partnership=world.partnership,
            year=year.year,
            entries=_cycle_entries(year, meeting),
            note=year.cycle_note,
            actor=None,
        )
    _before_the_meeting(world, meeting, data, items)
    attendance_record(meeting=meeting, present=_present(meeting), actor=None)
    for item, item_data in zip(items, data.items, strict=True):
        agenda_item_record_outcome(
            item=item, outcome=item_data.outcome, outcome_text=item_data.outcome_text, actor=None
        )
        for motion in item_data.motions:
            for party, choice in motion.votes:
                vote_record(
                    item=item,
                    motion=motion.motion,
                    party=world.parties[party],
                    choice=choice,
                    actor=None,
                )
        if cycle is not None and item_data.procedural_subject == CYCLE_SUBJECT:
            annual_cycle_adopt(cycle=cycle, item=item, actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    _backdate(meeting, held_at=data.ends_at)
    minutes = minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    approved_on = data.starts_at.date() + dt.timedelta(days=MINUTES_APPROVED_DAYS_AFTER)
    _backdate(minutes, approved_at=_at(approved_on, 12))
    return 1


def _item(world: _World, meeting: Meeting, data: spec.Item) -> AgendaItem:
    item = agenda_item_add(
        meeting=meeting,
        kind=data.kind,
        title=data.title,
        areas=[world.areas[slug] for slug in data.areas],
        sdgs=SustainableDevelopmentGoal.objects.filter(number__in=data.sdgs),
        case_presentation=data.presentation,
        recommendation=data.recommendation,
        procedural_subject=data.procedural_subject,
        actor=None,
    )
    if data.closed is not None:
        agenda_item_close(
            item=item,
            legal_basis=LegalBasis.objects.get(code=data.closed.basis),
            public_title=data.closed.public_title,
            decision=data.closed.decision,
            actor=None,
        )
    return item


def _before_the_meeting(
    world: _World, meeting: Meeting, data: spec.Meeting, items: list[AgendaItem]
) -> None:
    """The notice (L1), the guests (A13), absences and substitutes (L7)."""
    day = data.starts_at.date()
    notice = meeting_publish_notice(meeting=meeting, message=data.notice_message, actor=None)
    _backdate(notice, published_at=_at(day - dt.timedelta(days=data.notice_days_before), 9))
    for guest in data.guests:
        invitation = guest_invite(
            meeting=meeting,
            inviting_party=world.parties[guest.party],
            guest_name=guest.name,
            guest_role=guest.role,
            guest_kind=guest.kind,
            item=items[guest.item] if guest.item is not None else None,
            actor=None,
        )
        told = _at(day - dt.timedelta(days=guest.told_days_before), 10)
        _backdate(invitation, notified_other_party_at=told)
    for person, reason in data.absences:
        absence_register(meeting=meeting, person=world.people[person], reason=reason, actor=None)
    for substitute, absent in data.substitutes:
        substitute_call_in(
            meeting=meeting,
            substitute=world.people[substitute],
            for_person=world.people[absent],
            actor=None,
        )


def _present(meeting: Meeting) -> dict[Person, bool]:
    """Everyone expected attended: the members without absence and the substitutes called in."""
    absent = set(meeting.absences.values_list("person_id", flat=True))
    present = {
        membership.person: True
        for membership in memberships_on(meeting, DELEGATE_ROLES)
        if membership.person_id not in absent
    }
    substitutes = meeting.attendances.filter(capacity=Attendance.Capacity.SUBSTITUTE)
    present.update({attendance.person: True for attendance in substitutes.select_related("person")})
    return present


def _cycle_entries(year: spec.Year, meeting: Meeting) -> list[CycleEntry]:
    """The year's ordinary meetings (an extra meeting on request is not planned) and
    milestones; the meeting that adopts the cycle is linked to its entry."""
    entries = [
        CycleEntry(
            kind=AnnualCycleEntry.Kind.MEETING,
            date=planned.starts_at.date(),
            title=planned.title,
            meeting=meeting if planned.starts_at == meeting.starts_at else None,
        )
        for planned in year.meetings
        if planned.request is None
    ]
    entries += [
        CycleEntry(
            kind=AnnualCycleEntry.Kind.MILESTONE,
            date=milestone.date,
            title=milestone.title,
            description=milestone.description,
        )
        for milestone in year.milestones
    ]
    return sorted(entries, key=lambda entry: entry.date)
