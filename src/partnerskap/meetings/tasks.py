"""E-mail jobs about meetings, queued by the meeting services' events. Each sends one message
per recipient through ``core.mail.send_once``: a retry after a failed send sends only what is
still unsent, with the same Message-ID."""

from __future__ import annotations

from partnerskap.core.jobs import job
from partnerskap.meetings import notifications


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
