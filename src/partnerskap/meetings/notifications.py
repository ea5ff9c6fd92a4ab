"""E-mail about meetings, sent by jobs (``meetings.tasks``), once per recipient
(``core.mail.send_once``). docs/notifications.md lists every message, who gets it and why.

Messages carry only what the public may see (e-mail leaves the system and is forwarded): the
agenda comes from ``meetings.selectors.agenda_public``, so a closed item appears with its neutral
title and legal basis; guest and request messages carry no agenda content.

The notice goes to the delegates called (members not absent and substitutes called in), the
party's other substitutes for information, both secretariats and the guests with an address;
each message has a text and an HTML part and a calendar invitation (``meetings.calendar``).
People have no language of their own yet: every message is in bokmål with English below it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.models import Partnership, Party
from partnerskap.core import time
from partnerskap.core.mail import reading_languages, send_once
from partnerskap.core.models import OutboundMessage
from partnerskap.core.time import local
from partnerskap.meetings import calendar
from partnerskap.meetings.models import GuestInvitation, Meeting, MeetingRequest, Notice
from partnerskap.meetings.selectors import DELEGATE_ROLES, agenda_public, memberships_on
from partnerskap.people.models import Membership, Role
from partnerskap.people.selectors import languages_of

#: Why someone gets the notice; the first that applies counts.
MEMBER = "member"
SUBSTITUTE = "substitute"
SECRETARIAT = "secretariat"
GUEST = "guest"
EARLIER = "earlier"


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


@dataclass
class Letter:
    """One message in one language: lines, the public agenda under a heading, closing lines."""

    lines: list[str]
    agenda: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    def text(self) -> str:
        agenda = ["", _("Agenda:"), *self.agenda, ""] if self.agenda else [""]
        return "\n".join([*self.lines, *agenda, *self.closing]).strip()

    def html(self, language: str) -> str:
        paragraphs = format_html_join("", "<p>{}</p>", ((line,) for line in self.lines if line))
        agenda = ""
        if self.agenda:
            items = format_html_join("", "<li>{}</li>", ((a.strip(),) for a in self.agenda))
            agenda = format_html("<h2>{}</h2><ul>{}</ul>", _("Agenda:"), items)
        closing = format_html_join("", "<p>{}</p>", ((line,) for line in self.closing if line))
        return format_html('<div lang="{}">{}{}{}</div>', language, paragraphs, agenda, closing)


def _in_languages(write: Callable[[], Letter], language: str | None = None) -> tuple[str, str]:
    """The text and HTML bodies: the letter ``write()`` gives in the reader's ``language``
    (``core.mail.reading_languages``: the site's when unknown), then in English below it."""
    languages = reading_languages(language)
    texts, htmls = [], []
    for each in languages:
        with translation.override(each):
            letter = write()
            texts.append(letter.text())
            htmls.append(letter.html(each))
    text = "\n\n----------------------------------------\n\n".join(texts)
    html = format_html(
        '<!DOCTYPE html><html lang="{}"><body>{}</body></html>',
        languages[0],
        format_html_join(mark_safe("<hr>"), "{}", ((h,) for h in htmls)),
    )
    return text, str(html)


def _in_language(language: str, words: Callable[[], str]) -> str:
    """``words()`` in the reader's language: a subject or a one-line message."""
    with translation.override(language):
        return words()


def _notice_recipients(notice: Notice) -> dict[str, str]:
    """Each address the notice goes to, with why (the first reason that applies)."""
    meeting = notice.meeting
    found: dict[str, str] = {}

    def add(emails: Iterable[str], kind: str) -> None:
        for email in sorted(e for e in emails if e):
            found.setdefault(email, kind)

    absent = set(meeting.absences.values_list("person_id", flat=True))
    delegates = memberships_on(meeting, DELEGATE_ROLES)
    add((m.person.email for m in delegates if m.person_id not in absent), MEMBER)
    called = meeting.attendances.filter(capacity="substitute")
    add(called.values_list("person__email", flat=True), MEMBER)
    for role, kind in ((Role.SECRETARIAT, SECRETARIAT), (Role.SUBSTITUTE, SUBSTITUTE)):
        add((m.person.email for m in memberships_on(meeting, (role,))), kind)
    add(meeting.guests.values_list("guest_email", flat=True), GUEST)
    if notice.version > 1:
        add(_got_the_notice(notice), EARLIER)
    return found


def _why(kind: str, meeting: Meeting) -> str:
    words = {
        MEMBER: _("You are called to %(meeting)s."),
        SUBSTITUTE: _(
            "For information: you are a substitute for your party. You are called to "
            "%(meeting)s only if a member has to be absent; the secretariat will then tell you."
        ),
        SECRETARIAT: _("For information: the notice of %(meeting)s, as the members got it."),
        GUEST: _("You are invited as a guest to %(meeting)s."),
        EARLIER: _("For information: you got an earlier notice of %(meeting)s."),
    }
    return words[kind] % {"meeting": meeting.title}


def _notice_subject(notice: Notice) -> str:
    if notice.version > 1:
        return _("Changed notice: %(meeting)s") % {"meeting": notice.meeting}
    return _("Notice: %(meeting)s") % {"meeting": notice.meeting}


def _notice_letter(notice: Notice, kind: str) -> Letter:
    meeting = notice.meeting
    opening = []
    if notice.version > 1:
        opening = [
            _("The notice of %(meeting)s has changed.") % {"meeting": meeting.title},
            notice.change_reason,
            "",
        ]
    form = Meeting.Form(meeting.form).label
    return Letter(
        lines=[
            *opening,
            _why(kind, meeting),
            _("Time: %(time)s") % {"time": f"{local(meeting.starts_at):%d.%m.%Y %H:%M}"},
            _("Place: %(place)s") % {"place": meeting.location or form},
            _("Form: %(form)s") % {"form": form},
        ],
        agenda=_agenda_lines(meeting),
        closing=[notice.message],
    )


def _invitation(meeting: Meeting, email: str, *, method: str, sequence: int, text: str) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        summary = meeting.title
        if method == calendar.CANCEL:
            summary = _("Cancelled: %(meeting)s") % {"meeting": meeting.title}
    return calendar.invitation_ics(
        calendar.Invitation(
            meeting=meeting,
            method=method,
            sequence=sequence,
            organizer=settings.DEFAULT_FROM_EMAIL,
            organizer_name=str(meeting.partnership),
            attendee=email,
            summary=summary,
            description=text,
            stamp=time.now(),
        )
    )


def _send_notice(
    notice: Notice,
    recipients: dict[str, str],
    *,
    key: Callable[[Notice, str], str] = _notice_key,
) -> None:
    """The notice to each recipient in its wording, with an invitation whose SEQUENCE is the
    issue (0 for the first): a calendar moves the event with each new issue. ``key`` names
    the message (a substitute called in after the notice gets it again, as called)."""
    languages = languages_of(recipients)
    bodies = {
        (kind, language): _in_languages(functools.partial(_notice_letter, notice, kind), language)
        for email, kind in recipients.items()
        for language in [languages[email]]
    }
    for email, kind in sorted(recipients.items()):
        language = languages[email]
        text, html = bodies[kind, language]
        invitation = _invitation(
            notice.meeting, email, method=calendar.REQUEST, sequence=notice.version - 1, text=text
        )
        send_once(
            key=key(notice, email),
            to=email,
            subject=_in_language(language, lambda: _notice_subject(notice)),
            body=text,
            html=html,
            calendar=invitation,
            calendar_method=calendar.REQUEST,
        )


def _notice(notice_id: int) -> Notice:
    return Notice.objects.select_related("meeting__partnership", "meeting__location").get(
        pk=notice_id
    )


def notice_published(*, notice_id: int) -> None:
    """The notice to everyone it concerns (``_notice_recipients``); an issue after a change
    (``version`` > 1) also goes to everyone who got an earlier issue, and says what changed."""
    notice = _notice(notice_id)
    _send_notice(notice, _notice_recipients(notice))


def _cancel_letter(meeting: Meeting) -> Letter:
    when = f"{local(meeting.starts_at):%d.%m.%Y %H:%M}"
    return Letter(
        lines=[
            _("%(meeting)s, %(time)s, is cancelled.") % {"meeting": meeting.title, "time": when},
            _("Reason: %(reason)s") % {"reason": meeting.status_reason},
            _("The calendar invitation you got is withdrawn."),
        ]
    )


def meeting_cancelled(*, meeting_id: int) -> None:
    """A meeting cancelled after its notice: everyone who got the notice hears it, with an
    invitation that cancels the event (``METHOD:CANCEL``, a SEQUENCE above every issue)."""
    notice = (
        Notice.objects.filter(meeting_id=meeting_id)
        .select_related("meeting__partnership", "meeting__location")
        .first()
    )
    if notice is None or notice.meeting.status != Meeting.Status.CANCELLED:
        return
    meeting = notice.meeting
    recipients = _got_the_notice(notice)
    languages = languages_of(recipients)
    for email in sorted(recipients):
        language = languages[email]
        text, html = _in_languages(lambda: _cancel_letter(meeting), language)
        subject = _in_language(
            language, lambda: _("Meeting cancelled: %(meeting)s") % {"meeting": meeting}
        )
        invitation = _invitation(
            meeting, email, method=calendar.CANCEL, sequence=notice.version, text=text
        )
        send_once(
            key=f"cancel:{meeting.pk}:{email}",
            to=email,
            subject=subject,
            body=text,
            html=html,
            calendar=invitation,
            calendar_method=calendar.CANCEL,
        )


def _guest_gets_the_notice(invitation: GuestInvitation) -> None:
    """A guest with an address invited after the notice gets it at once (the notice job has
    already run); before the notice, the notice job reaches the guest."""
    notice = Notice.objects.filter(meeting_id=invitation.meeting_id).first()
    if notice is None or not invitation.guest_email:
        return
    if invitation.meeting.status != Meeting.Status.NOTICE_PUBLISHED:
        return
    notice = _notice(notice.pk)
    _send_notice(notice, {invitation.guest_email: GUEST})


def guest_invited(*, invitation_id: int) -> None:
    invitation = GuestInvitation.objects.select_related(
        "meeting__partnership", "inviting_party"
    ).get(pk=invitation_id)
    meeting = invitation.meeting

    def body() -> str:
        return _(
            "%(party)s has invited %(guest)s (%(role)s) to %(meeting)s. The agreement asks that "
            "the other party is told of guests in reasonable time before the meeting."
        ) % {
            "party": invitation.inviting_party,
            "guest": invitation.guest_name,
            "role": invitation.guest_role,
            "meeting": meeting,
        }

    recipients = _secretariat_emails(meeting, except_party=invitation.inviting_party_id)
    languages = languages_of(recipients)
    for email in sorted(recipients):
        language = languages[email]
        send_once(
            key=f"guest:{invitation.pk}:{email}",
            to=email,
            subject=_in_language(
                language, lambda: _("Guest at %(meeting)s") % {"meeting": meeting}
            ),
            body=_in_language(language, body),
        )
    _guest_gets_the_notice(invitation)


def meeting_requested(*, request_id: int) -> None:
    request = MeetingRequest.objects.select_related("partnership", "requesting_party").get(
        pk=request_id
    )

    def body() -> str:
        return _(
            "%(party)s asks for an extra meeting of %(partnership)s.\n\nReason: %(reason)s"
        ) % {
            "party": request.requesting_party,
            "partnership": request.partnership,
            "reason": request.reason,
        }

    recipients = _secretariat_emails(request, except_party=request.requesting_party_id)
    languages = languages_of(recipients)
    for email in sorted(recipients):
        language = languages[email]
        send_once(
            key=f"request:{request.pk}:{email}",
            to=email,
            subject=_in_language(language, lambda: _("Request for an extra partnership meeting")),
            body=_in_language(language, body),
        )
