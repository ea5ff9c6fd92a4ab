"""Absence (forfall), substitutes and attendance (L7), and invited guests (A13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Party
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.time import local
from partnerskap.meetings.models import (
    Absence,
    AgendaItem,
    Attendance,
    GuestInvitation,
    Meeting,
)
from partnerskap.meetings.selectors import DELEGATE_ROLES, memberships_on
from partnerskap.meetings.services.rules import require_active_party
from partnerskap.people import policy
from partnerskap.people.models import Membership, Person, Role

OPEN = (Meeting.Status.PLANNED, Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.POSTPONED)


def _delegate(meeting: Meeting, person: Person) -> Membership:
    membership = memberships_on(meeting, DELEGATE_ROLES).filter(person=person).first()
    if membership is None:
        raise DomainError(
            "meetings.attendance.not_a_member",
            _("%(person)s is not a member of this meeting.") % {"person": person},
        )
    return membership


@transaction.atomic
def absence_register(
    *,
    meeting: Meeting,
    person: Person,
    reason: str,
    actor: Actor,
    items: Sequence[AgendaItem] = (),
    absent_from: dt.time | None = None,
    absent_until: dt.time | None = None,
    by_link: bool = False,
) -> Absence:
    """Register a member's absence (forfall) with its reason (L7): for the whole meeting, or
    only for some ``items`` or from/until a time of day. ``by_link``: the member reported it
    through their personal link (``meetings.services.forfall``)."""
    if meeting.status not in OPEN:
        raise ConflictError(
            "meetings.absence.too_late",
            _("Absence is registered before the meeting is held."),
        )
    if not reason.strip():
        raise DomainError(
            "meetings.absence.reason_required",
            _("Give the reason for the absence."),
            field="reason",
        )
    if any(item.meeting_id != meeting.pk for item in items):
        raise DomainError("meetings.absence.item_elsewhere", _("The item is on another meeting."))
    if absent_from and absent_until and absent_until <= absent_from:
        raise DomainError(
            "meetings.absence.span",
            _("The time you are absent until must be after the time you are absent from."),
            field="absent_until",
        )
    membership = _delegate(meeting, person)
    absence, _created = Absence.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "party": membership.party,
            "reason": reason,
            "absent_from": absent_from,
            "absent_until": absent_until,
            "by_link": by_link,
        },
    )
    absence.items.set(items)
    Attendance.objects.filter(meeting=meeting, person=person).delete()
    meeting.lock_version += 1
    meeting.save(update_fields=["lock_version", "modified"])
    data: dict[str, object] = {"person": person.pk}
    if by_link:
        data["by_link"] = True
    if items or absent_from or absent_until:
        data["part"] = True
    audit.record("meetings.absence.registered", actor=actor, target=meeting, data=data)
    return absence


@transaction.atomic
def substitute_call_in(
    *, meeting: Meeting, substitute: Person, for_person: Person, actor: Actor
) -> Attendance:
    """Call in a substitute for a member with registered absence; the substitute must be a
    substitute of the same party (L7)."""
    absence = Absence.objects.filter(meeting=meeting, person=for_person).first()
    if absence is None:
        raise DomainError(
            "meetings.substitute.no_absence",
            _("%(person)s has no registered absence; register it before calling in a substitute.")
            % {"person": for_person},
        )
    membership = memberships_on(meeting, (Role.SUBSTITUTE,)).filter(person=substitute).first()
    if membership is None or membership.party_id != absence.party_id:
        raise DomainError(
            "meetings.substitute.wrong_party",
            _("%(substitute)s is not a substitute for %(party)s, the absent member's party.")
            % {"substitute": substitute, "party": absence.party},
            field="substitute",
        )
    if Attendance.objects.filter(meeting=meeting, substitute_for=for_person).exists():
        raise ConflictError(
            "meetings.substitute.already_called",
            _("A substitute has already been called in for %(person)s.") % {"person": for_person},
        )
    attendance = Attendance.objects.create(
        meeting=meeting,
        person=substitute,
        party=absence.party,
        capacity=Attendance.Capacity.SUBSTITUTE,
        substitute_for=for_person,
    )
    audit.record(
        "meetings.substitute.called_in",
        actor=actor,
        target=meeting,
        data={"substitute": substitute.pk, "for": for_person.pk},
    )
    # Called in after the notice (by hand or by accepting a link), the substitute gets the
    # notice as someone called (meetings.notifications_forfall.substitute_called_in).
    events.announce(
        "meetings.substitute_called_in", meeting_id=meeting.pk, attendance_id=attendance.pk
    )
    return attendance


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, present: dict[Person, bool], actor: Actor
) -> list[Attendance]:
    """Record at the meeting who was there. Members without registered absence are listed as
    members; substitutes must have been called in."""
    if meeting.status not in (Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.HELD):
        raise ConflictError(
            "meetings.attendance.not_at_meeting",
            _("Attendance is recorded at the meeting, after the notice is published."),
        )
    absent = set(meeting.absences.values_list("person_id", flat=True))
    records = []
    for person, was_present in present.items():
        if person.pk in absent:
            raise DomainError(
                "meetings.attendance.registered_absent",
                _("%(person)s has registered absence for this meeting.") % {"person": person},
            )
        attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
        if attendance is None:
            membership = _delegate(meeting, person)
            attendance = Attendance(
                meeting=meeting,
                person=person,
                party=membership.party,
                capacity=Attendance.Capacity.MEMBER,
            )
        attendance.present = was_present
        attendance.save()
        records.append(attendance)
    audit.record(
        "meetings.attendance.recorded",
        actor=actor,
        target=meeting,
        data={str(p.pk): v for p, v in present.items()},
    )
    return records


@transaction.atomic
def guest_invite(
    *,
    meeting: Meeting,
    inviting_party: Party,
    guest_name: str,
    guest_role: str,
    guest_kind: str,
    item: AgendaItem | None = None,
    guest_email: str = "",
    actor: Actor,
) -> GuestInvitation:
    """A party invites a guest (A13): only on behalf of the actor's own party (the policy's
    ``can_act_for_party_in``; the system, with no actor, loads history). The other party is told
    at once, by e-mail after commit; a notice later than the partnership's lead time is
    allowed, flagged, and in the minutes. A guest with ``guest_email`` also gets the notice
    and its calendar invitation (``meetings.notifications``)."""
    require_active_party(meeting.partnership, inviting_party, on=meeting.date)
    if actor is not None and not policy.can_act_for_party_in(
        actor, inviting_party, meeting.partnership
    ):
        raise DomainError(
            "meetings.guest.not_own_party",
            _(
                "You can invite guests only on behalf of your own party; %(party)s invites "
                "its own guests. Choose your party, or ask %(party)s's secretariat."
            )
            % {"party": inviting_party},
            field="inviting_party",
        )
    if meeting.status not in OPEN:
        raise ConflictError(
            "meetings.guest.too_late", _("Guests are invited before the meeting is held.")
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError("meetings.guest.item_elsewhere", _("The item is on another meeting."))
    lead = timedelta(days=meeting.partnership.guest_notice_lead_days)
    invitation = GuestInvitation(
        meeting=meeting,
        item=item,
        inviting_party=inviting_party,
        guest_name=guest_name,
        guest_role=guest_role,
        guest_kind=guest_kind,
        guest_email=guest_email.strip(),
        notified_other_party_at=time.now(),
        notice_deadline=local(meeting.starts_at) - lead,  # calendar days in Oslo
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        "meetings.guest.invited",
        actor=actor,
        target=meeting,
        data={"guest": guest_name, "party": inviting_party.slug, "late": invitation.notice_is_late},
    )
    events.announce("meetings.guest_invited", meeting_id=meeting.pk, invitation_id=invitation.pk)
    return invitation
