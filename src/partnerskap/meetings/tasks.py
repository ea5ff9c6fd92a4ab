"""E-mail jobs about meetings, queued by the meeting services' events. Each sends one message
per recipient through ``core.mail.send_once``: a retry after a failed send sends only what is
still unsent, with the same Message-ID."""

from __future__ import annotations

from partnerskap.core.jobs import job
from partnerskap.meetings import notifications, notifications_forfall


@job()
def mail_notice(notice_id: int) -> None:
    notifications.notice_published(notice_id=notice_id)


@job()
def mail_cancellation(meeting_id: int) -> None:
    notifications.meeting_cancelled(meeting_id=meeting_id)


@job()
def mail_guest(invitation_id: int) -> None:
    notifications.guest_invited(invitation_id=invitation_id)


@job()
def mail_request(request_id: int) -> None:
    notifications.meeting_requested(request_id=request_id)


@job()
def mail_substitute_request(request_id: int) -> None:
    notifications_forfall.substitute_asked(request_id=request_id)


@job()
def mail_substitute_accepted(request_id: int) -> None:
    notifications_forfall.substitute_accepted(request_id=request_id)


@job()
def mail_substitute_called_in(attendance_id: int) -> None:
    notifications_forfall.substitute_called_in(attendance_id=attendance_id)


@job()
def mail_substitutes_used_up(absence_id: int) -> None:
    notifications_forfall.substitutes_used_up(absence_id=absence_id)


@job()
def forfall_sweep() -> dict[str, int]:
    """Periodic (``partnerskap forfall-sweep --enqueue`` from a timer): reminders that are due,
    and substitute requests past their deadline passed on."""
    return notifications_forfall.forfall_sweep()
