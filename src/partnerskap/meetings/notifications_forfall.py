"""E-mail about forfall and substitutes (issue 18, point 2), sent by jobs (``meetings.tasks``)
once per recipient (``core.mail.send_once``); docs/notifications.md lists them.

A personal link's secret exists only in the e-mail: the job issues the link
(``personal_link_issue``) just before it sends, and only when the message has not been sent
yet, so a retried job sends one message with a working link. The messages carry no reason for
an absence and no exempt content: the agenda is the public one (``_agenda_lines``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partnerskap.core import time
from partnerskap.core.mail import send_once, site_url
from partnerskap.core.models import OutboundMessage
from partnerskap.meetings.models import (
    Absence,
    Attendance,
    Meeting,
    Notice,
    SubstituteRequest,
)
from partnerskap.meetings.notifications import (
    MEMBER,
    Letter,
    _agenda_lines,
    _in_languages,
    _notice,
    _send_notice,
)
from partnerskap.meetings.selectors_forfall import secretariat_addresses
from partnerskap.meetings.services import forfall
from partnerskap.people.models import Person
from partnerskap.people.selectors import languages_of

Purpose = forfall.Purpose
_ROUTES: dict[str, str] = {
    Purpose.FORFALL: "links:forfall",
    Purpose.DISQUALIFICATION: "links:disqualification",
    Purpose.SUBSTITUTE: "links:substitute",
}


def link_url(purpose: str, token: str) -> str:
    return site_url(reverse(_ROUTES[purpose], args=[token]))


def _when(meeting: Meeting) -> str:
    return f"{time.local(meeting.starts_at):%d.%m.%Y %H:%M}"


def _sent(key: str) -> bool:
    return OutboundMessage.objects.filter(key=key).exclude(sent_at=None).exists()


def _secretariats(meeting: Meeting) -> list[str]:
    return secretariat_addresses(meeting=meeting)


def _subject(words: Callable[[], str], meeting: Meeting, language: str | None = None) -> str:
    """The subject in the reader's language (the site's when unknown): ``words`` gives the
    translated pattern."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return words() % {"meeting": meeting}


def _to_secretariats(
    meeting: Meeting, key: str, words: Callable[[], str], letter: Callable[[], Letter]
) -> None:
    """One message to each of the meeting's secretariats, each in its reader's language."""
    recipients = _secretariats(meeting)
    languages = languages_of(recipients)
    for email in recipients:
        text, html = _in_languages(letter, languages[email])
        send_once(
            key=f"{key}:{email}",
            to=email,
            subject=_subject(words, meeting, languages[email]),
            body=text,
            html=html,
        )


# ---------------------------------------------------------------- the reminder


def _reminder_letter(meeting: Meeting, forfall_url: str, disqualification_url: str) -> Letter:
    return Letter(
        lines=[
            _("You are called to %(meeting)s, %(time)s.")
            % {"meeting": meeting.title, "time": _when(meeting)},
            _("If you cannot attend, for the whole meeting or a part of it, report absence here:"),
            forfall_url,
            _("If you may be disqualified for an item, say so here:"),
            disqualification_url,
            _(
                "The links are yours alone: do not forward this e-mail. Each works once, until "
                "the meeting starts. You need not log in."
            ),
        ],
        agenda=_agenda_lines(meeting),
    )


def send_reminder(meeting: Meeting, person: Person) -> bool:
    """The reminder to one member called, with their two links; once."""
    key = f"reminder:{meeting.pk}:{person.email}"
    if _sent(key):
        return False
    forfall_url, disqualification_url = (
        link_url(
            purpose, forfall.personal_link_issue(meeting=meeting, person=person, purpose=purpose)
        )
        for purpose in (Purpose.FORFALL, Purpose.DISQUALIFICATION)
    )
    text, html = _in_languages(
        lambda: _reminder_letter(meeting, forfall_url, disqualification_url), person.language
    )
    return send_once(
        key=key,
        to=person.email,
        subject=_subject(lambda: _("Reminder: %(meeting)s"), meeting, person.language),
        body=text,
        html=html,
    )


def forfall_sweep() -> dict[str, int]:
    """The periodic work: unanswered substitute requests pass to the next substitute, and the
    reminders that are due go out. Idempotent: run it as often as you like."""
    expired = forfall.substitute_requests_expire()
    sent = 0
    for meeting in forfall.reminders_due():
        for person in forfall.reminder_recipients(meeting):
            sent += send_reminder(meeting, person)
    return {"expired": expired, "reminders": sent}


# ---------------------------------------------------------------- substitutes


def _request(request_id: int) -> SubstituteRequest:
    return SubstituteRequest.objects.select_related(
        "meeting__partnership", "meeting__location", "absence__person", "party", "substitute"
    ).get(pk=request_id)


def _asked_letter(request: SubstituteRequest, url: str) -> Letter:
    meeting = request.meeting
    return Letter(
        lines=[
            _("%(member)s (%(party)s) has reported absence from %(meeting)s, %(time)s.")
            % {
                "member": request.absence.person,
                "party": request.party,
                "meeting": meeting.title,
                "time": _when(meeting),
            },
            _("You are the next substitute of the party to ask. Can you attend?"),
            _("Answer yes or no here by %(deadline)s:")
            % {"deadline": f"{time.local(request.answer_by):%d.%m.%Y %H:%M}"},
            url,
            _(
                "If you do not answer by then, the next substitute is asked. The link is yours "
                "alone and works once; you need not log in."
            ),
        ],
        agenda=_agenda_lines(meeting),
    )


def substitute_asked(*, request_id: int) -> None:
    request = _request(request_id)
    key = f"substitute-ask:{request.pk}:{request.substitute.email}"
    if request.status != SubstituteRequest.Status.ASKED or _sent(key):
        return
    token = forfall.personal_link_issue(
        meeting=request.meeting,
        person=request.substitute,
        purpose=Purpose.SUBSTITUTE,
        request=request,
    )
    url = link_url(Purpose.SUBSTITUTE, token)
    language = request.substitute.language
    text, html = _in_languages(lambda: _asked_letter(request, url), language)
    send_once(
        key=key,
        to=request.substitute.email,
        subject=_subject(
            lambda: _("Can you attend as substitute? %(meeting)s"), request.meeting, language
        ),
        body=text,
        html=html,
    )


def _called_key(notice: Notice, email: str) -> str:
    return f"notice:{notice.pk}:called:v{notice.version}:{email}"


def substitute_accepted(*, request_id: int) -> None:
    """The secretariats hear that the seat is covered (the substitute, now called in, gets the
    notice from ``substitute_called_in``)."""
    request = _request(request_id)
    if request.status != SubstituteRequest.Status.ACCEPTED:
        return
    meeting = request.meeting

    def letter() -> Letter:
        return Letter(
            lines=[
                _("%(substitute)s attends %(meeting)s, %(time)s, for %(member)s (%(party)s).")
                % {
                    "substitute": request.substitute,
                    "meeting": meeting.title,
                    "time": _when(meeting),
                    "member": request.absence.person,
                    "party": request.party,
                },
                _("The seat is covered. The attendance form lists the substitute."),
            ]
        )

    _to_secretariats(
        meeting,
        f"substitute-covered:{request.pk}",
        lambda: _("Substitute found: %(meeting)s"),
        letter,
    )


def substitutes_used_up(*, absence_id: int) -> None:
    absence = Absence.objects.select_related("meeting__partnership", "person", "party").get(
        pk=absence_id
    )
    meeting = absence.meeting

    def letter() -> Letter:
        return Letter(
            lines=[
                _(
                    "%(member)s (%(party)s) has reported absence from %(meeting)s, %(time)s, "
                    "and no more of the party's substitutes can be asked by e-mail."
                )
                % {
                    "member": absence.person,
                    "party": absence.party,
                    "meeting": meeting.title,
                    "time": _when(meeting),
                },
                _("Call in a substitute on the meeting page, or the seat stays empty."),
            ]
        )

    _to_secretariats(
        meeting,
        f"substitutes-used-up:{absence.pk}",
        lambda: _("No substitute: %(meeting)s"),
        letter,
    )


def substitute_called_in(*, attendance_id: int) -> None:
    """A substitute called in after the notice (by the secretariat, or by accepting a link)
    gets the notice as someone called, with its calendar invitation; before the notice, the
    notice itself reaches them as called. Once per issue of the notice (``_called_key``)."""
    attendance = (
        Attendance.objects.select_related("person", "meeting")
        .filter(pk=attendance_id, capacity=Attendance.Capacity.SUBSTITUTE)
        .first()
    )
    if attendance is None or not attendance.person.email:
        return
    if attendance.meeting.status != Meeting.Status.NOTICE_PUBLISHED:
        return
    notice = Notice.objects.filter(meeting_id=attendance.meeting_id).first()
    if notice is not None:
        _send_notice(_notice(notice.pk), {attendance.person.email: MEMBER}, key=_called_key)
