"""E-mail about meetings, sent by jobs (``meetings.tasks``), once per recipient
(``core.mail.send_once``).

Messages carry only what the public may see (e-mail leaves the system and is forwarded): the
agenda comes from ``meetings.selectors.agenda_public``, so a closed item appears with its neutral
title and legal basis; guest and request messages carry no agenda content.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.models import Partnership, Party
from partnerskap.core import time
from partnerskap.core.mail import send_once
from partnerskap.core.models import OutboundMessage
from partnerskap.core.time import local
from partnerskap.meetings.models import GuestInvitation, Meeting, MeetingRequest, Notice
from partnerskap.meetings.selectors import DELEGATE_ROLES, agenda_public, memberships_on
from partnerskap.people.models import Membership, Role


def _seat(partnership: Partnership, party_id: int, *, on: dt.date) -> set[int]:
    """The party and, when it has ceased, its successor acting in its seat (A1)."""
    party = Party.objects.get(pk=party_id)
    return {party_id, succession.acting_party(party, on=on, partnership=partnership).pk}


def _secretariat_emails(
    meeting_or_request: Meeting | MeetingRequest, *, except_party: int
) -> set[str]:
    partnership = meeting_or_request.partnership
    day = time.today()
    return set(
        Membership.objects.filter(
            Q(party__partnerships=partnership)
            | Q(party__in=succession.successors_in(partnership, on=day)),
            role=Role.SECRETARIAT,
            valid_from__lte=day,
        )
        .exclude(valid_to__lt=day)
        .exclude(party_id__in=_seat(partnership, except_party, on=day))
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )


def _agenda_lines(meeting: Meeting) -> list[str]:
    """The agenda as the public sees it (``agenda_public``): e-mail leaves the system, so a
    closed item appears with its neutral title and legal basis, never its real title (L3)."""
    lines = []
    for item in agenda_public(meeting=meeting):
        basis = f" ({item.legal_basis})" if item.closed else ""
        lines.append(f"  {item.case_number}  {item.title}{basis}")
    return lines


def _notice_key(notice: Notice, email: str) -> str:
    """One message per recipient and issue of the notice (the first issue kept its old key)."""
    if notice.version == 1:
        return f"notice:{notice.pk}:{email}"
    return f"notice:{notice.pk}:v{notice.version}:{email}"


def _got_the_notice(notice: Notice) -> set[str]:
    """Everyone an earlier issue of this notice was sent to."""
    return set(
        OutboundMessage.objects.filter(key__startswith=f"notice:{notice.pk}:")
        .exclude(sent_at=None)
        .values_list("to", flat=True)
    )


def notice_published(*, notice_id: int) -> None:
    """The notice to the delegates not absent and the substitutes called in; an issue after a
    change (``version`` > 1) goes to them and to everyone who got an earlier issue, and says
    what changed."""
    notice = Notice.objects.select_related("meeting__partnership", "meeting__location").get(
        pk=notice_id
    )
    meeting = notice.meeting
    absent = set(meeting.absences.values_list("person_id", flat=True))
    recipients = {
        m.person.email
        for m in memberships_on(meeting, DELEGATE_ROLES)
        if m.person.email and m.person_id not in absent
    }
    recipients |= set(
        meeting.attendances.filter(capacity="substitute")
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    changed = notice.version > 1
    if changed:
        recipients |= _got_the_notice(notice)
    with translation.override(settings.LANGUAGE_CODE):
        if changed:
            subject = _("Changed notice: %(meeting)s") % {"meeting": meeting}
            opening = [
                _("The notice of %(meeting)s has changed.") % {"meeting": meeting.title},
                notice.change_reason,
                "",
            ]
        else:
            subject = _("Notice: %(meeting)s") % {"meeting": meeting}
            opening = []
        body = "\n".join(
            [
                *opening,
                _("You are called to %(meeting)s.") % {"meeting": meeting.title},
                _("Time: %(time)s") % {"time": f"{local(meeting.starts_at):%d.%m.%Y %H:%M}"},
                _("Place: %(place)s")
                % {"place": meeting.location or Meeting.Form(meeting.form).label},
                _("Form: %(form)s") % {"form": Meeting.Form(meeting.form).label},
                "",
                _("Agenda:"),
                *_agenda_lines(meeting),
                "",
                notice.message,
            ]
        )
    for email in sorted(recipients):
        send_once(key=_notice_key(notice, email), to=email, subject=subject, body=body)


def guest_invited(*, invitation_id: int) -> None:
    invitation = GuestInvitation.objects.select_related(
        "meeting__partnership", "inviting_party"
    ).get(pk=invitation_id)
    meeting = invitation.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Guest at %(meeting)s") % {"meeting": meeting}
        body = _(
            "%(party)s has invited %(guest)s (%(role)s) to %(meeting)s. The agreement asks that "
            "the other party is told of guests in reasonable time before the meeting."
        ) % {
            "party": invitation.inviting_party,
            "guest": invitation.guest_name,
            "role": invitation.guest_role,
            "meeting": meeting,
        }
    for email in sorted(_secretariat_emails(meeting, except_party=invitation.inviting_party_id)):
        send_once(key=f"guest:{invitation.pk}:{email}", to=email, subject=subject, body=body)


def meeting_requested(*, request_id: int) -> None:
    request = MeetingRequest.objects.select_related("partnership", "requesting_party").get(
        pk=request_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Request for an extra partnership meeting")
        body = _(
            "%(party)s asks for an extra meeting of %(partnership)s.\n\nReason: %(reason)s"
        ) % {
            "party": request.requesting_party,
            "partnership": request.partnership,
            "reason": request.reason,
        }
    for email in sorted(_secretariat_emails(request, except_party=request.requesting_party_id)):
        send_once(key=f"request:{request.pk}:{email}", to=email, subject=subject, body=body)
