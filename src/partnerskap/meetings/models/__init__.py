from partnerskap.meetings.models.agenda import (
    AgendaItem,
    AgendaNumberSequence,
    ClosedSession,
    Vote,
)
from partnerskap.meetings.models.attendance import Absence, Attendance, GuestInvitation
from partnerskap.meetings.models.cycle import AnnualCycle, AnnualCycleEntry
from partnerskap.meetings.models.forfall import Disqualification, PersonalLink, SubstituteRequest
from partnerskap.meetings.models.meeting import Location, Meeting, MeetingRequest, Notice
from partnerskap.meetings.models.minutes import Minutes

__all__ = [
    "Absence",
    "AgendaItem",
    "AgendaNumberSequence",
    "AnnualCycle",
    "AnnualCycleEntry",
    "Attendance",
    "ClosedSession",
    "Disqualification",
    "GuestInvitation",
    "Location",
    "Meeting",
    "MeetingRequest",
    "Minutes",
    "Notice",
    "PersonalLink",
    "SubstituteRequest",
    "Vote",
]
