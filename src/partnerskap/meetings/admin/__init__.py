"""The admin as the first back office for meetings: every step runs through a service, so the
rules hold here exactly as elsewhere. Adds use service-backed forms; later steps are actions.
One module per sub-concept; importing this package registers them all."""

from partnerskap.meetings.admin.annual_cycle import AdoptForm, AnnualCycleAdmin, AnnualCycleForm
from partnerskap.meetings.admin.attendance import (
    AbsenceAdmin,
    AbsenceForm,
    AttendanceAdmin,
    AttendanceForm,
    GuestForm,
    GuestInvitationAdmin,
)
from partnerskap.meetings.admin.items import (
    AgendaItemAdmin,
    AgendaItemForm,
    ClosedSessionAdmin,
    CloseForm,
    OutcomeForm,
    VoteAdmin,
    VoteForm,
)
from partnerskap.meetings.admin.meetings import (
    ChairForm,
    MeetingAdmin,
    MeetingForm,
    MeetingRequestAdmin,
    MeetingRequestForm,
    ReasonForm,
)
from partnerskap.meetings.admin.records import LocationAdmin, MinutesAdmin

__all__ = [
    "AbsenceAdmin",
    "AbsenceForm",
    "AdoptForm",
    "AgendaItemAdmin",
    "AgendaItemForm",
    "AnnualCycleAdmin",
    "AnnualCycleForm",
    "AttendanceAdmin",
    "AttendanceForm",
    "ChairForm",
    "CloseForm",
    "ClosedSessionAdmin",
    "GuestForm",
    "GuestInvitationAdmin",
    "LocationAdmin",
    "MeetingAdmin",
    "MeetingForm",
    "MeetingRequestAdmin",
    "MeetingRequestForm",
    "MinutesAdmin",
    "OutcomeForm",
    "ReasonForm",
    "VoteAdmin",
    "VoteForm",
]
