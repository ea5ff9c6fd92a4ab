"""Meetings: creation, requests for extra meetings (A5), the notice (L1) and the status
lifecycle planned → notice published → held → minutes approved, with cancelled/postponed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.time import local
from partnerskap.meetings.models import Location, Meeting, MeetingRequest, Notice
from partnerskap.meetings.services.chair import meeting_chair
from partnerskap.meetings.services.rules import (
    check_form_allows_closed_items,
    notice_deadline,
    require_active_party,
    require_notice_publishable,
    require_started,
)

Status = Meeting.Status

#: The only transitions a meeting may make; every status change goes through ``_transition``.
TRANSITIONS: dict[str, set[str]] = {
    Status.PLANNED: {Status.NOTICE_PUBLISHED, Status.CANCELLED, Status.POSTPONED},
    Status.NOTICE_PUBLISHED: {Status.HELD, Status.CANCELLED, Status.POSTPONED},
    Status.POSTPONED: {Status.PLANNED, Status.NOTICE_PUBLISHED, Status.CANCELLED},
    Status.HELD: {Status.MINUTES_APPROVED},
    Status.MINUTES_APPROVED: set(),
    Status.CANCELLED: set(),
}


#: The fields a status change writes; saves name them so a stale object cannot overwrite others.
STATUS_FIELDS = ["status", "status_reason", "lock_version", "modified"]


def _transition(meeting: Meeting, to: str, *, reason: str = "") -> None:
    if to not in TRANSITIONS[meeting.status]:
        raise ConflictError(
            "meetings.meeting.illegal_transition",
            _("A meeting that is «%(current)s» cannot become «%(target)s».")
            % {"current": Status(meeting.status).label, "target": Status(to).label},
        )
    meeting.status = to
    meeting.status_reason = reason
    meeting.lock_version += 1


def _check_body(party: Party, body: ElectedBody | None) -> None:
    """The body that asked is one of the requesting party's (or, for a council, one of its
    member municipalities')."""
    if body is not None and party.pk not in (body.party_id, body.party.council_id):
        raise DomainError(
            "meetings.request.body_of_other_party",
            _("%(body)s is not a body of %(party)s: choose one of the requesting party's bodies.")
            % {"body": body.name, "party": party.name},
            field="requesting_body",
        )


@transaction.atomic
def meeting_request_create(
    *,
    partnership: Partnership,
    requesting_party: Party,
    reason: str,
    requested_on: dt.date | None = None,
    wished_date: dt.date | None = None,
    requesting_body: ElectedBody | None = None,
    asked_by: str = "",
    actor: Actor,
) -> MeetingRequest:
    """Either party may ask for an extra meeting (A5): which party, which of its bodies or
    which person asked, when and why. The request stays open until a meeting is convened for
    it (``meeting_create`` with the request closes it). Without ``requesting_body`` and
    ``asked_by`` (the admin's and the demo's old form), the party itself asked."""
    requested_on = requested_on or time.today()
    require_active_party(partnership, requesting_party, on=requested_on)
    _check_body(requesting_party, requesting_body)
    if not reason.strip():
        raise DomainError(
            "meetings.request.reason_required",
            _("Give the reason for the extra meeting."),
            field="reason",
        )
    request = MeetingRequest(
        partnership=partnership,
        requesting_party=requesting_party,
        requesting_body=requesting_body,
        asked_by=asked_by.strip(),
        reason=reason,
        requested_on=requested_on,
        wished_date=wished_date,
    )
    request.full_clean()
    request.save()
    audit.record("meetings.request.created", actor=actor, target=request)
    events.announce("meetings.request_created", request_id=request.pk)
    return request


@transaction.atomic
def meeting_create(
    *,
    partnership: Partnership,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: Location | None = None,
    form: str = Meeting.Form.IN_PERSON,
    request: MeetingRequest | None = None,
    actor: Actor,
) -> Meeting:
    if ends_at <= starts_at:
        raise DomainError(
            "meetings.meeting.ends_before_start",
            _("The meeting must end after it starts."),
            field="ends_at",
        )
    if request is not None:
        if request.partnership_id != partnership.pk:
            raise DomainError(
                "meetings.request.other_partnership",
                _("The request belongs to another partnership."),
            )
        if hasattr(request, "meeting"):
            raise ConflictError(
                "meetings.request.already_convened",
                _("A meeting has already been convened for this request: %(meeting)s.")
                % {"meeting": request.meeting},
            )
    meeting = Meeting(
        partnership=partnership,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        form=form,
        requested_by=request,
    )
    meeting.full_clean()
    meeting.save()
    audit.record(
        "meetings.meeting.created",
        actor=actor,
        target=meeting,
        data={"outside_period": meeting.is_outside_period, "request": request and request.pk},
    )
    if request is not None:
        # The meeting convened for the request closes it (A5).
        audit.record(
            "meetings.request.closed", actor=actor, target=request, data={"meeting": meeting.pk}
        )
    return meeting


def _when_where(meeting: Meeting) -> dict[str, str | None]:
    """Time, place and form as the audit log keeps them (before and after a change)."""
    return {
        "starts_at": local(meeting.starts_at).isoformat(),
        "ends_at": local(meeting.ends_at).isoformat(),
        "location": str(meeting.location) if meeting.location else None,
        "form": meeting.form,
    }


def _check_movable(meeting: Meeting, *, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Only a meeting not yet held (or cancelled) moves, and it ends after it starts."""
    if meeting.status not in (Status.PLANNED, Status.NOTICE_PUBLISHED, Status.POSTPONED):
        raise ConflictError(
            "meetings.meeting.not_changeable",
            _("A meeting that is «%(status)s» cannot be moved.")
            % {"status": Status(meeting.status).label},
        )
    if ends_at <= starts_at:
        raise DomainError(
            "meetings.meeting.ends_before_start",
            _("The meeting must end after it starts."),
            field="ends_at",
        )


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: Location | None = None,
    form: str | None = None,
    reason: str = "",
    actor: Actor,
) -> Meeting:
    """Change time, place or form before the meeting is held; a postponed meeting becomes
    planned again. L5 holds for the new form. When the notice is out, it is issued again
    (L1): a new version of the notice with ``reason`` (else a sentence saying what changed),
    its late flag counted from now, and everyone who got it, and everyone called now, is told
    by e-mail (a job after commit)."""
    _check_movable(meeting, starts_at=starts_at, ends_at=ends_at)
    new_form = form or meeting.form
    check_form_allows_closed_items(meeting=meeting, form=new_form)
    notice: Notice | None = Notice.objects.filter(meeting=meeting).first()
    before = _when_where(meeting)
    meeting.starts_at, meeting.ends_at, meeting.form = starts_at, ends_at, new_form
    if location is not None:
        meeting.location = location
    after = _when_where(meeting)
    if notice is not None:
        if after == before:
            raise DomainError(
                "meetings.meeting.unchanged",
                _("Nothing has changed; change the time, the place or the form."),
            )
        require_notice_publishable(meeting=meeting)  # the new notice still says where (L1)
    if meeting.status == Status.POSTPONED:
        # A meeting whose notice was out before it was postponed is called again at once.
        _transition(meeting, Status.NOTICE_PUBLISHED if notice else Status.PLANNED)
    else:
        meeting.lock_version += 1
    meeting.full_clean()
    meeting.save()
    data: dict[str, object] = {"before": before, "after": after}
    if notice is not None:
        _notice_reissue(
            notice=notice, reason=reason.strip() or _changes(before, after), actor=actor
        )
        data.update(reason=reason, notice_version=notice.version, late=notice.is_late)
    audit.record("meetings.meeting.rescheduled", actor=actor, target=meeting, data=data)
    if notice is not None:
        # The notice PDF (a new version) and the e-mail to those called, after commit.
        events.announce("meetings.notice_published", meeting_id=meeting.pk, notice_id=notice.pk)
    events.announce("meetings.meeting_changed", meeting_id=meeting.pk)
    return meeting


def _changes(before: dict[str, str | None], after: dict[str, str | None]) -> str:
    """What changed, in a sentence for those who got the notice."""
    parts = []
    if before["starts_at"] != after["starts_at"] or before["ends_at"] != after["ends_at"]:
        parts.append(_("the time"))
    if before["location"] != after["location"]:
        parts.append(_("the place"))
    if before["form"] != after["form"]:
        parts.append(_("the form of the meeting"))
    return _("Changed: %(what)s.") % {"what": ", ".join(str(p) for p in parts)}


def _notice_reissue(*, notice: Notice, reason: str, actor: Actor) -> None:
    notice.version += 1
    notice.published_at = time.now()
    notice.published_by = audit.user_of(actor)
    notice.deadline = notice_deadline(meeting=notice.meeting)
    notice.change_reason = reason
    notice.full_clean()
    notice.save()


@transaction.atomic
def meeting_publish_notice(*, meeting: Meeting, actor: Actor, message: str = "") -> Notice:
    """Publish the notice (L1): time, place and agenda become public at once. A notice later
    than the partnership's lead time is published, and flagged as late."""
    require_notice_publishable(meeting=meeting)
    _transition(meeting, Status.NOTICE_PUBLISHED)
    meeting.save(update_fields=STATUS_FIELDS)
    notice = Notice.objects.create(
        meeting=meeting,
        published_at=time.now(),
        published_by=audit.user_of(actor),
        deadline=notice_deadline(meeting=meeting),
        message=message,
    )
    audit.record(
        "meetings.notice.published",
        actor=actor,
        target=meeting,
        data={"late": notice.is_late, "deadline": notice.deadline.isoformat()},
    )
    # E-mail to the delegates and the archival PDF (jobs queued in this transaction).
    events.announce("meetings.notice_published", meeting_id=meeting.pk, notice_id=notice.pk)
    events.announce("meetings.meeting_changed", meeting_id=meeting.pk)
    return notice


@transaction.atomic
def meeting_record_held(*, meeting: Meeting, actor: Actor) -> Meeting:
    """Record that the meeting was held, with who chaired it and why (A8, L6); not before it
    starts (L4)."""
    if meeting.status == Status.NOTICE_PUBLISHED:
        require_started(meeting=meeting, code="meetings.meeting.not_started")
    resolution = meeting_chair(meeting=meeting)
    if resolution.person is None:
        raise DomainError(
            "meetings.chair.election_needed",
            _(
                "Both the chair and the deputy chair have registered absence; the meeting "
                "must elect a chair for this meeting first."
            ),
        )
    _transition(meeting, Status.HELD)
    meeting.chaired_by = resolution.person
    meeting.chair_reason = resolution.reason
    meeting.held_at = time.now()
    meeting.save(update_fields=[*STATUS_FIELDS, "chaired_by", "chair_reason", "held_at"])
    audit.record(
        "meetings.meeting.held",
        actor=actor,
        target=meeting,
        data={"chaired_by": resolution.person.pk, "reason": resolution.reason},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: Actor) -> Meeting:
    return _with_reason(meeting, Status.CANCELLED, reason, actor, "meetings.meeting.cancelled")


@transaction.atomic
def meeting_postpone(*, meeting: Meeting, reason: str, actor: Actor) -> Meeting:
    return _with_reason(meeting, Status.POSTPONED, reason, actor, "meetings.meeting.postponed")


def _with_reason(meeting: Meeting, to: str, reason: str, actor: Actor, action: str) -> Meeting:
    if not reason.strip():
        raise DomainError(
            "meetings.meeting.reason_required",
            _("Say why the meeting is «%(status)s».") % {"status": Status(to).label},
            field="reason",
        )
    _transition(meeting, to, reason=reason)
    meeting.save(update_fields=STATUS_FIELDS)
    audit.record(action, actor=actor, target=meeting, data={"reason": reason})
    if to == Status.CANCELLED:
        # Everyone who got the notice hears it, with a cancelled calendar event.
        events.announce("meetings.meeting_cancelled", meeting_id=meeting.pk)
    events.announce("meetings.meeting_changed", meeting_id=meeting.pk)
    return meeting
