"""Reads for forfall by link and the substitutes asked (issue 18, point 2): the secretariats'
addresses a link page offers, and the back office's overview per seat."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from partnerskap.meetings.models import (
    Absence,
    AgendaItem,
    Attendance,
    Disqualification,
    Meeting,
    SubstituteRequest,
)
from partnerskap.meetings.selectors import memberships_on
from partnerskap.people.models import Person, Role


def secretariat_addresses(*, meeting: Meeting) -> list[str]:
    """The secretariats' e-mail addresses for a meeting's parties."""
    return sorted(
        {m.person.email for m in memberships_on(meeting, (Role.SECRETARIAT,)) if m.person.email}
    )


@dataclass
class Seat:
    """An absent member's seat: the absence, the substitutes asked in turn, who took it."""

    absence: Absence
    requests: list[SubstituteRequest] = field(default_factory=list)
    covered_by: Person | None = None

    @property
    def waiting(self) -> SubstituteRequest | None:
        return next((r for r in self.requests if r.status == SubstituteRequest.Status.ASKED), None)


@dataclass
class ForfallOverview:
    seats: list[Seat]
    disqualifications: list[Disqualification]


def forfall_overview(*, meeting: Meeting) -> ForfallOverview:
    """Every reported absence with its part, the substitute requests per seat in the order
    asked, who covers the seat, and the declared disqualifications (for the meeting page)."""
    absences = (
        Absence.objects.filter(meeting=meeting)
        .select_related("person", "party")
        .prefetch_related("items")
        .order_by("party__name", "person__family_name")
    )
    requests: dict[int, list[SubstituteRequest]] = {}
    for request in SubstituteRequest.objects.filter(meeting=meeting).select_related("substitute"):
        requests.setdefault(request.absence_id, []).append(request)
    covering = {
        a.substitute_for_id: a.person
        for a in Attendance.objects.filter(meeting=meeting)
        .exclude(substitute_for=None)
        .select_related("person")
    }
    seats = [
        Seat(absence=a, requests=requests.get(a.pk, []), covered_by=covering.get(a.person_id))
        for a in absences
    ]
    declared = list(
        Disqualification.objects.filter(meeting=meeting).select_related("person", "item")
    )
    return ForfallOverview(seats=seats, disqualifications=declared)


def substitutes_called(*, meeting: Meeting) -> dict[int, str]:
    """Each substitute called in, labelled with whom they attend for (the attendance form)."""
    return {
        a.person_id: _("%(substitute)s (substitute for %(member)s)")
        % {"substitute": a.person, "member": a.substitute_for}
        for a in Attendance.objects.filter(meeting=meeting)
        .exclude(substitute_for=None)
        .select_related("person", "substitute_for")
    }


def attendance_prefilled(*, meeting: Meeting) -> list[int]:
    """Who the attendance form ticks: those recorded present; before anything is recorded, the
    substitutes who said yes by link (the secretariat still confirms at the meeting, L7)."""
    present = list(meeting.attendances.filter(present=True).values_list("person", flat=True))
    if present or meeting.attendances.exclude(present=None).exists():
        return present
    return list(
        SubstituteRequest.objects.filter(
            meeting=meeting, status=SubstituteRequest.Status.ACCEPTED
        ).values_list("substitute", flat=True)
    )


def items_of_meeting(*, meeting: Meeting, ids: Iterable[int]) -> list[AgendaItem]:
    """The meeting's agenda items among ``ids`` (a forfall link's choice of items), in agenda
    order; ids of other meetings' items are left out."""
    return list(AgendaItem.objects.filter(meeting=meeting, pk__in=list(ids)).order_by("position"))


def substitute_asked(*, absence: Absence) -> bool:
    """Whether reporting ``absence`` asked a substitute (the link's answer page says so)."""
    return absence.substitute_requests.exists()
