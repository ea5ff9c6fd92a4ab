"""Forfall by personal link and substitutes asked in turn (issue 18, point 2; L7).

A member called to a meeting gets a reminder some days before (``Partnership.
forfall_reminder_days``) with personal links: one to report forfall (for the whole meeting or a
part, with a reason), one to declare possible disqualification (inhabilitet) for an item. A link
is the authority for its one action: signed for its purpose, stored only as a hash, valid until
the meeting starts and used once. No login is needed.

When a member reports forfall, the first substitute of the member's party (in the party's order,
``Membership.substitute_order``) is asked by e-mail to accept or decline by link. A «no», or no
answer by ``answer_by``, passes the request to the next; a «yes» calls the substitute in
(``substitute_call_in``), which pre-fills the attendance form; the secretariats hear when the
seat is covered or nobody is left to ask. The secretariat still records at the meeting who was
there (L7).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from partnerskap.core import audit, events, time
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import (
    Absence,
    AgendaItem,
    Attendance,
    Disqualification,
    Meeting,
    PersonalLink,
    SubstituteRequest,
)
from partnerskap.meetings.selectors import DELEGATE_ROLES, memberships_on
from partnerskap.meetings.services.attendance import absence_register, substitute_call_in
from partnerskap.people.models import Membership, Person, Role

Purpose = PersonalLink.Purpose
_SALT = "partnerskap.meetings.link."
#: How long a substitute has to answer before the next is asked (never past the meeting's start).
SUBSTITUTE_ANSWER_TIME = dt.timedelta(hours=24)


# ---------------------------------------------------------------- links


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _signer(purpose: str) -> signing.Signer:
    return signing.Signer(salt=_SALT + purpose)


@transaction.atomic
def personal_link_issue(
    *,
    meeting: Meeting,
    person: Person,
    purpose: str,
    request: SubstituteRequest | None = None,
) -> str:
    """A new link for ``person``'s one action on ``meeting``; returns its token (the only
    place the secret exists: it goes into the e-mail). A link of the same purpose not yet used
    is replaced (a retried e-mail carries the new one)."""
    PersonalLink.objects.filter(
        meeting=meeting, person=person, purpose=purpose, request=request, used_at=None
    ).delete()
    secret = secrets.token_urlsafe(24)
    link = PersonalLink.objects.create(
        meeting=meeting,
        person=person,
        purpose=purpose,
        request=request,
        secret_hash=_hash(secret),
        expires_at=meeting.starts_at,
    )
    audit.record(
        "meetings.link.issued",
        actor=None,
        target=meeting,
        data={"person": person.pk, "purpose": purpose},
    )
    return _signer(purpose).sign(f"{link.pk}.{secret}")


class LinkRefusedError(ConflictError):
    """A link that cannot be used: unknown, for another page, used, or expired. ``link`` is
    the row when it is known (the page then names the meeting and its secretariat)."""

    def __init__(self, code: str, message: str, link: PersonalLink | None = None) -> None:
        super().__init__(code, message)
        self.link = link


def _unsign(token: str, purpose: str) -> tuple[int, str] | None:
    try:
        value = _signer(purpose).unsign(token)
    except signing.BadSignature:
        return None
    pk, _dot, secret = value.partition(".")
    return (int(pk), secret) if pk.isdigit() and secret else None


def personal_link_open(*, token: str, purpose: str, for_update: bool = False) -> PersonalLink:
    """The link behind ``token`` if it may be used now for ``purpose``; else
    ``LinkRefusedError`` saying why in the reader's words."""
    found = _unsign(token, purpose)
    if found is None:
        for other in Purpose.values:
            if other != purpose and _unsign(token, other) is not None:
                raise LinkRefusedError(
                    "meetings.link.wrong_purpose",
                    _(
                        "This link is for something else than this page. Use the link from "
                        "the e-mail as it is."
                    ),
                )
        raise LinkRefusedError(
            "meetings.link.unknown",
            _("This link is not valid. It may have been copied only in part."),
        )
    pk, secret = found
    rows = PersonalLink.objects.select_related("meeting__partnership", "person", "request")
    if for_update:
        rows = rows.select_for_update(of=("self",))  # PostgreSQL: not the outer-joined rows
    link = rows.filter(pk=pk).first()
    if link is None or not hmac.compare_digest(link.secret_hash, _hash(secret)):
        raise LinkRefusedError(
            "meetings.link.replaced",
            _(
                "This link has been replaced by a newer one, or withdrawn. Use the link in the "
                "latest e-mail."
            ),
        )
    if link.used_at is not None:
        raise LinkRefusedError(
            "meetings.link.used",
            _("This link has already been used (%(when)s). Each link works once.")
            % {"when": f"{time.local(link.used_at):%d.%m.%Y %H:%M}"},
            link,
        )
    request = link.request
    answered = request is not None and request.status != SubstituteRequest.Status.ASKED
    if link.expires_at <= time.now() or answered:
        raise LinkRefusedError(
            "meetings.link.expired",
            _("This link has expired: it worked until %(when)s.")
            % {"when": f"{time.local(_expiry(link)):%d.%m.%Y %H:%M}"},
            link,
        )
    if link.meeting.status not in (Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.PLANNED):
        raise LinkRefusedError(
            "meetings.link.meeting_closed",
            _("The meeting is %(status)s; the link no longer works.")
            % {"status": Meeting.Status(link.meeting.status).label},
            link,
        )
    return link


def _expiry(link: PersonalLink) -> dt.datetime:
    request = link.request
    if request is not None:
        return min(link.expires_at, request.answer_by)
    return link.expires_at


def _use(link: PersonalLink) -> None:
    link.used_at = time.now()
    link.save(update_fields=["used_at", "modified"])


# ---------------------------------------------------------------- forfall and inhabilitet


@dataclass(frozen=True)
class Part:
    """The part of the meeting a member is absent from; empty: the whole meeting."""

    items: Sequence[AgendaItem] = ()
    absent_from: dt.time | None = None
    absent_until: dt.time | None = None


@transaction.atomic
def forfall_report_by_link(*, token: str, reason: str, part: Part | None = None) -> Absence:
    """The member behind the link reports forfall (L7); the first substitute is asked."""
    link = personal_link_open(token=token, purpose=Purpose.FORFALL, for_update=True)
    part = part or Part()
    absence = absence_register(
        meeting=link.meeting,
        person=link.person,
        reason=reason.strip(),
        actor=None,
        items=part.items,
        absent_from=part.absent_from,
        absent_until=part.absent_until,
        by_link=True,
    )
    _use(link)
    substitute_ask_next(absence=absence)
    return absence


@transaction.atomic
def disqualification_declare_by_link(*, token: str, item: AgendaItem, reason: str) -> None:
    """The member behind the link declares possible disqualification for ``item``; the
    meeting decides it (the secretariat sees the declaration on the meeting page)."""
    link = personal_link_open(token=token, purpose=Purpose.DISQUALIFICATION, for_update=True)
    if item.meeting_id != link.meeting_id or item.withdrawn:
        raise DomainError(
            "meetings.disqualification.item", _("Choose an item on this meeting's agenda.")
        )
    if not reason.strip():
        raise DomainError(
            "meetings.disqualification.reason_required",
            _("Say briefly why you may be disqualified."),
            field="reason",
        )
    Disqualification.objects.update_or_create(
        item=item, person=link.person, defaults={"meeting": link.meeting, "reason": reason}
    )
    _use(link)
    audit.record(
        "meetings.disqualification.declared",
        actor=None,
        target=link.meeting,
        data={"person": link.person_id, "item": item.pk, "by_link": True},
    )


# ---------------------------------------------------------------- substitutes in turn


def _substitutes_in_order(absence: Absence) -> list[Membership]:
    return list(
        memberships_on(absence.meeting, (Role.SUBSTITUTE,))
        .filter(party=absence.party)
        .order_by(F("substitute_order").asc(nulls_last=True), "valid_from", "pk")
    )


def _busy(meeting: Meeting) -> set[int]:
    """People who cannot take a seat: attending, absent, a delegate, or asked for another."""
    busy = set(meeting.attendances.values_list("person_id", flat=True))
    busy |= set(meeting.absences.values_list("person_id", flat=True))
    busy |= {m.person_id for m in memberships_on(meeting, DELEGATE_ROLES)}
    busy |= set(
        meeting.substitute_requests.filter(status=SubstituteRequest.Status.ASKED).values_list(
            "substitute_id", flat=True
        )
    )
    return busy


@transaction.atomic
def substitute_ask_next(*, absence: Absence) -> SubstituteRequest | None:
    """Ask the next substitute of the absent member's party who has not been asked for this
    seat (and has an e-mail address); when nobody is left, the secretariats are told. Nothing
    when the seat is covered or a request is waiting for an answer."""
    meeting = absence.meeting
    if Attendance.objects.filter(meeting=meeting, substitute_for=absence.person_id).exists():
        return None
    if absence.substitute_requests.filter(status=SubstituteRequest.Status.ASKED).exists():
        return None
    asked = set(absence.substitute_requests.values_list("substitute_id", flat=True))
    busy = _busy(meeting)
    for membership in _substitutes_in_order(absence):
        person = membership.person
        if person.pk in asked or person.pk in busy or not person.email:
            continue
        request = SubstituteRequest(
            meeting=meeting,
            absence=absence,
            substitute=person,
            party=absence.party,
            answer_by=min(time.now() + SUBSTITUTE_ANSWER_TIME, meeting.starts_at),
        )
        request.full_clean()
        request.save()
        audit.record(
            "meetings.substitute.asked",
            actor=None,
            target=meeting,
            data={"substitute": person.pk, "for": absence.person_id},
        )
        events.announce("meetings.substitute_asked", meeting_id=meeting.pk, request_id=request.pk)
        return request
    audit.record(
        "meetings.substitute.none_left",
        actor=None,
        target=meeting,
        data={"for": absence.person_id},
    )
    events.announce("meetings.substitutes_used_up", meeting_id=meeting.pk, absence_id=absence.pk)
    return None


@transaction.atomic
def substitute_answer_by_link(*, token: str, accept: bool) -> SubstituteRequest:
    """The substitute behind the link accepts (is called in, L7) or declines (the next is
    asked)."""
    link = personal_link_open(token=token, purpose=Purpose.SUBSTITUTE, for_update=True)
    if link.request_id is None:
        raise LinkRefusedError("meetings.link.unknown", _("This link is not valid."))
    request = SubstituteRequest.objects.select_for_update().get(pk=link.request_id)
    absence = Absence.objects.select_related("meeting", "person", "party").get(
        pk=request.absence_id
    )
    request.answered_at = time.now()
    _use(link)
    if accept:
        substitute_call_in(
            meeting=absence.meeting,
            substitute=request.substitute,
            for_person=absence.person,
            actor=None,
        )
        request.status = SubstituteRequest.Status.ACCEPTED
        request.save(update_fields=["status", "answered_at", "modified"])
        events.announce(
            "meetings.substitute_accepted", meeting_id=request.meeting_id, request_id=request.pk
        )
        return request
    request.status = SubstituteRequest.Status.DECLINED
    request.save(update_fields=["status", "answered_at", "modified"])
    audit.record(
        "meetings.substitute.declined",
        actor=None,
        target=absence.meeting,
        data={"substitute": request.substitute_id, "for": absence.person_id},
    )
    substitute_ask_next(absence=absence)
    return request


@transaction.atomic
def substitute_requests_expire(*, now: dt.datetime | None = None) -> int:
    """Requests not answered by their deadline pass to the next substitute (the sweep job).
    Returns how many expired."""
    now = now or time.now()
    due = SubstituteRequest.objects.select_for_update().filter(
        status=SubstituteRequest.Status.ASKED, answer_by__lte=now
    )
    count = 0
    for request in due.select_related("absence__meeting"):
        request.status = SubstituteRequest.Status.EXPIRED
        request.save(update_fields=["status", "modified"])
        audit.record(
            "meetings.substitute.no_answer",
            actor=None,
            target=request.absence.meeting,
            data={"substitute": request.substitute_id, "for": request.absence.person_id},
        )
        if request.absence.meeting.starts_at > now:
            substitute_ask_next(absence=request.absence)
        count += 1
    return count


def reminders_due(*, now: dt.datetime | None = None) -> list[Meeting]:
    """Meetings whose forfall reminder is due: the notice is out, the meeting has not started,
    and it is no more than the partnership's ``forfall_reminder_days`` away (in Oslo days)."""
    now = now or time.now()
    today = time.local(now).date()
    upcoming = Meeting.objects.filter(starts_at__gt=now).select_related("partnership", "location")
    return [
        m
        for m in upcoming
        if m.status == Meeting.Status.NOTICE_PUBLISHED  # called, not postponed or cancelled
        and m.date - dt.timedelta(days=m.partnership.forfall_reminder_days) <= today
    ]


def reminder_recipients(meeting: Meeting) -> list[Person]:
    """The delegates called (no registered absence) with an e-mail address."""
    absent = set(meeting.absences.values_list("person_id", flat=True))
    people = {
        m.person.pk: m.person
        for m in memberships_on(meeting, DELEGATE_ROLES)
        if m.person_id not in absent and m.person.email
    }
    return sorted(people.values(), key=lambda p: p.email)
