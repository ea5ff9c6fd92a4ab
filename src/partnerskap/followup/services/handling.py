"""A body's handling of a proposal, step by step (A9): received, on its agenda, decided.
Steps only go forward; a decision is final and may settle an amendment (``outcomes``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.followup.models import FINAL_STATUSES, FollowUp, FollowUpEvent, Proposal
from partnerskap.followup.services.outcomes import amendment_settle

Status = FollowUp.Status
#: Order of the statuses before a decision; a follow-up never moves backwards.
PROGRESS: dict[str, int] = {Status.SENT: 0, Status.RECEIVED: 1, Status.ON_AGENDA: 2}


def _check_step_date(follow_up: FollowUp, on: dt.date) -> None:
    """A step is dated on or after the previous one (or the day the proposal was sent), and
    not in the future: the tracker's dates must read as the order things happened in."""
    previous = (
        follow_up.events.order_by("-on").values_list("on", flat=True).first()
        or follow_up.proposal.sent_on
    )
    if on < previous:
        raise DomainError(
            "followup.date_order",
            _("Date the step on or after %(date)s, the date of the previous step.")
            % {"date": date_format(previous, "SHORT_DATE_FORMAT")},
            field="on",
        )
    if on > time.today():
        raise DomainError(
            "followup.date_future",
            _("A step cannot be dated in the future; record it when it has happened."),
            field="on",
        )


def _locked_current(follow_up: FollowUp, expected_lock_version: int | None) -> FollowUp:
    """The follow-up as saved, locked for this transaction; refused when someone else has
    recorded a step since the form was shown, or when the body has decided."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if expected_lock_version is not None and current.lock_version != expected_lock_version:
        raise ConflictError(
            "followup.changed_meanwhile",
            _("Someone else recorded a step for %(body)s meanwhile; reload and try again.")
            % {"body": follow_up.elected_body},
        )
    if current.status in FINAL_STATUSES:
        raise ConflictError(
            "followup.final",
            _("%(body)s has already decided («%(status)s»).")
            % {"body": follow_up.elected_body, "status": Status(current.status).label},
        )
    return current


def _check_step(
    current: FollowUp,
    *,
    status: str,
    on: dt.date,
    body_meeting_date: dt.date | None,
    body_case_number: str,
    decision_text: str,
) -> None:
    """A9: steps go forward, in date order, with what each step needs."""
    if status in PROGRESS and PROGRESS[status] <= PROGRESS.get(current.status, 0):
        raise DomainError(
            "followup.backwards",
            _("The follow-up is already «%(status)s»; it cannot go back to «%(new)s».")
            % {"status": Status(current.status).label, "new": Status(status).label},
            field="status",
        )
    _check_step_date(current, on)
    if status == Status.ON_AGENDA and not (body_meeting_date and body_case_number):
        raise DomainError(
            "followup.agenda_details",
            _("Give the body's meeting date and its case number."),
            field="body_case_number",
        )
    if status in FINAL_STATUSES and status != Status.NOT_TAKEN_UP and not decision_text.strip():
        raise DomainError(
            "followup.decision_text",
            _("Give the body's decision text."),
            field="decision_text",
        )


@transaction.atomic
def followup_record(
    *,
    follow_up: FollowUp,
    status: str,
    on: dt.date,
    body_meeting_date: dt.date | None = None,
    body_case_number: str = "",
    decision_text: str = "",
    decision_url: str = "",
    note: str = "",
    expected_lock_version: int | None = None,
    actor: Actor,
) -> FollowUp:
    """Record a step in a body's handling of a proposal. Steps only go forward; a decision is
    final; an amendment is settled when its required bodies have decided."""
    current = _locked_current(follow_up, expected_lock_version)
    _check_step(
        current,
        status=status,
        on=on,
        body_meeting_date=body_meeting_date,
        body_case_number=body_case_number,
        decision_text=decision_text,
    )
    follow_up.status = status
    follow_up.lock_version = current.lock_version + 1
    if body_meeting_date:
        follow_up.body_meeting_date = body_meeting_date
    if body_case_number:
        follow_up.body_case_number = body_case_number
    if status in FINAL_STATUSES:
        follow_up.decided_on = on
        follow_up.decision_text = decision_text
        follow_up.decision_url = decision_url
    follow_up.full_clean()
    follow_up.save()
    FollowUpEvent.objects.create(
        follow_up=follow_up, status=status, on=on, note=note, recorded_by=audit.user_of(actor)
    )
    audit.record(
        "followup.recorded",
        actor=actor,
        target=follow_up,
        data={"status": status, "on": on.isoformat(), "before": current.status},
    )
    proposal = follow_up.proposal
    if proposal.kind == Proposal.Kind.AMENDMENT and status in FINAL_STATUSES:
        amendment_settle(proposal=proposal, actor=actor)
    if status in FINAL_STATUSES:  # the proposal's tracker shows a decision (followers hear it)
        events.announce("followup.proposal_changed", proposal_id=proposal.pk)
    return follow_up
