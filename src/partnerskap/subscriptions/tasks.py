"""E-mail jobs of the public subscriptions: the confirmation (queued by the sign-up) and what
the followers receive (subscribed to the meetings' and proposals' events)."""

from __future__ import annotations

from partnerskap.core.jobs import job
from partnerskap.subscriptions import notifications


@job()
def mail_confirmation(subscription_id: int, attempt: int) -> None:
    notifications.confirmation(subscription_id=subscription_id, attempt=attempt)


@job()
def subscribers_notice(notice_id: int) -> None:
    notifications.notice(notice_id=notice_id)


@job()
def subscribers_cancellation(meeting_id: int) -> None:
    notifications.cancellation(meeting_id=meeting_id)


@job()
def subscribers_minutes(meeting_id: int, minutes_id: int) -> None:
    notifications.minutes(meeting_id=meeting_id, minutes_id=minutes_id)


@job()
def subscribers_outcome(proposal_id: int) -> None:
    notifications.outcome(proposal_id=proposal_id)
