"""Minutes (L4): generated from the meeting's records, approved, then frozen. A correction is
a new approved version with its reason.

The content has two parts. ``public`` holds what anyone may read: closed items appear with
their neutral title and legal basis only. ``internal`` holds the closed items' real titles and
conclusions, for members; public renderers must only ever read ``public``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils.translation import gettext as _

from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.time import local
from partnerskap.meetings.models import Absence, AgendaItem, Attendance, Meeting, Minutes, Vote
from partnerskap.meetings.selectors import DELEGATE_ROLES, memberships_on
from partnerskap.meetings.services.lifecycle import STATUS_FIELDS, _transition
from partnerskap.meetings.services.rules import require_started


def _person(person: Any) -> str:
    return f"{person.given_name} {person.family_name}"


def _absent(
    meeting: Meeting, attendances: QuerySet[Attendance], absences: QuerySet[Absence]
) -> list[dict[str, Any]]:
    """Everyone who did not attend: registered absences, and members of the meeting who
    neither attended nor registered absence (L4: who attended and who did not)."""
    absent = [
        {"name": _person(a.person), "party": a.party.name, "registered_absence": True}
        for a in absences
    ]
    present = {a.person_id for a in attendances if a.present is not False}
    registered = {a.person_id for a in absences}
    absent += [
        {"name": _person(m.person), "party": m.party.name, "registered_absence": False}
        for m in memberships_on(meeting, DELEGATE_ROLES)
        if m.person_id not in present and m.person_id not in registered
    ]
    return absent


def minutes_content(meeting: Meeting) -> dict[str, Any]:
    """Everything L4 asks for, from the records."""
    attendances = meeting.attendances.select_related("person", "party", "substitute_for")
    absences = meeting.absences.select_related("person", "party")
    notice = getattr(meeting, "notice", None)
    public_items, internal = _items_content(meeting)
    public = {
        "title": meeting.title,
        "partnership": meeting.partnership.name,
        "starts_at": local(meeting.starts_at).isoformat(),
        "ends_at": local(meeting.ends_at).isoformat(),
        "location": str(meeting.location) if meeting.location else "",
        "form": meeting.form,
        "chair": {
            "name": _person(meeting.chaired_by) if meeting.chaired_by else "",
            "reason": meeting.chair_reason,
        },
        "notice": {
            "published_at": local(notice.published_at).isoformat() if notice else "",
            "late": notice.is_late if notice else None,
        },
        "attended": [
            {
                "name": _person(a.person),
                "party": a.party.name,
                "capacity": a.capacity,
                "substitute_for": _person(a.substitute_for) if a.substitute_for else "",
            }
            for a in attendances
            if a.present is not False
        ],
        "absent": _absent(meeting, attendances, absences),
        "guests": [
            {
                "name": g.guest_name,
                "role": g.guest_role,
                "inviting_party": g.inviting_party.name,
                "late_notice": g.notice_is_late,
            }
            for g in meeting.guests.select_related("inviting_party")
        ],
        "items": public_items,
    }
    return {"public": public, "internal": internal}


def _items_content(meeting: Meeting) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The items as the public minutes show them, and what of the closed ones only members
    read (their titles, conclusions and votes), by case number."""
    items = (
        meeting.items.filter(withdrawn=False)
        .select_related("closed_session__legal_basis")
        .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("party")))
        .order_by("position")
    )
    public_items: list[dict[str, Any]] = []
    internal: dict[str, dict[str, Any]] = {}
    for item in items:
        entry: dict[str, Any] = {
            "case_number": item.case_number,
            "kind": item.kind,
            "outcome": item.outcome,
            "votes": [],
        }
        votes = [
            {"motion": v.motion, "party": v.party.name, "choice": v.choice}
            for v in item.votes.all()
        ]
        if item.is_closed:
            closed = item.closed_session
            entry.update(
                title=closed.public_title,
                closed=True,
                legal_basis=closed.legal_basis.label,
                outcome_text="",
            )
            # A motion's text could reveal the closed matter: votes stay internal too (L3).
            internal[item.case_number] = {
                "title": item.title,
                "outcome_text": item.outcome_text,
                "votes": votes,
            }
        else:
            entry.update(
                title=item.title, closed=False, outcome_text=item.outcome_text, votes=votes
            )
        public_items.append(entry)
    return public_items, internal


@transaction.atomic
def minutes_draft(*, meeting: Meeting, actor: Actor, correction_reason: str = "") -> Minutes:
    """Generate (or regenerate) the draft minutes of a held meeting from its records: a new
    draft replaces the one before (after corrections to attendance or outcomes). A draft of a
    correction keeps its reason when generated again."""
    draft = meeting.minutes.filter(status=Minutes.Status.DRAFT).first()
    reason = correction_reason or (draft.correction_reason if draft else "")
    if meeting.status == Meeting.Status.MINUTES_APPROVED and not reason:
        raise ConflictError(
            "meetings.minutes.approved",
            _(
                "The minutes are approved and frozen; a change needs a corrected version with "
                "its reason."
            ),
        )
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ConflictError(
            "meetings.minutes.not_held", _("Minutes are drafted after the meeting is held.")
        )
    require_started(meeting=meeting, code="meetings.minutes.meeting_not_held")
    pending = [
        i.case_number
        for i in meeting.items.filter(withdrawn=False, outcome=AgendaItem.Outcome.PENDING)
    ]
    if pending:
        raise DomainError(
            "meetings.minutes.outcomes_missing",
            _("Record the outcome of %(items)s first.") % {"items": ", ".join(pending)},
        )
    if draft is None:
        latest = meeting.minutes.aggregate(v=Max("version"))["v"] or 0
        draft = Minutes(meeting=meeting, version=latest + 1)
    draft.content = minutes_content(meeting)
    draft.correction_reason = reason
    draft.save()
    audit.record("meetings.minutes.drafted", actor=actor, target=draft, data={"v": draft.version})
    return draft


@transaction.atomic
def minutes_approve(*, minutes: Minutes, actor: Actor) -> Minutes:
    if minutes.status != Minutes.Status.DRAFT:
        raise ConflictError("meetings.minutes.not_draft", _("Only a draft can be approved."))
    require_started(meeting=minutes.meeting, code="meetings.minutes.meeting_not_held")
    if minutes.content != minutes_content(minutes.meeting):
        raise ConflictError(
            "meetings.minutes.draft_stale",
            _(
                "The meeting's records have changed since this draft was made; generate the "
                "draft again and read it before approving."
            ),
        )
    if minutes.version > 1 and not minutes.correction_reason:
        raise DomainError(
            "meetings.minutes.reason_required",
            _("A corrected version needs the reason for the correction."),
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = time.now()
    minutes.approved_by = audit.user_of(actor)
    minutes.save()
    meeting = minutes.meeting
    if meeting.status == Meeting.Status.HELD:
        _transition(meeting, Meeting.Status.MINUTES_APPROVED)
        meeting.save(update_fields=STATUS_FIELDS)
    audit.record(
        "meetings.minutes.approved", actor=actor, target=minutes, data={"v": minutes.version}
    )
    events.announce(  # the archival PDF, rendered in a job
        "meetings.minutes_approved", meeting_id=minutes.meeting_id, minutes_id=minutes.pk
    )
    events.announce("meetings.meeting_changed", meeting_id=minutes.meeting_id)
    return minutes


def minutes_correct(*, meeting: Meeting, reason: str, actor: Actor) -> Minutes:
    """Start a corrected version of approved minutes; approve it with ``minutes_approve``."""
    if not reason.strip():
        raise DomainError(
            "meetings.minutes.reason_required",
            _("A corrected version needs the reason for the correction."),
            field="reason",
        )
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        raise ConflictError(
            "meetings.minutes.nothing_to_correct", _("There are no approved minutes to correct.")
        )
    return minutes_draft(meeting=meeting, actor=actor, correction_reason=reason)
