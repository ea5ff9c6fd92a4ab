"""The meetings' attendance, absence (forfall), votes and guests."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.meetings.models import Absence, Attendance, GuestInvitation, Meeting, Minutes, Vote
from partnerskap.privacy.providers.base import (
    ERASED_REASON,
    GUEST_PSEUDONYM,
    meetings_in,
    when_text,
)
from partnerskap.privacy.registry import Context, Provider, Row, Subject


class AttendanceProvider(Provider):
    key = "meetings.attendance"
    title = gettext_lazy("Attendance")
    kind = "attendance"
    columns = (
        ("meeting", gettext_lazy("Meeting")),
        ("date", gettext_lazy("Date")),
        ("party", gettext_lazy("Party")),
        ("capacity", gettext_lazy("Capacity")),
        ("present", gettext_lazy("Present")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        person = subject.person
        if person is None:
            return []
        rows: list[Row] = []
        attended = (
            Attendance.objects.filter(Q(person=person) & meetings_in(subject))
            .select_related("meeting", "party", "substitute_for")
            .order_by("meeting__starts_at", "pk")
        )
        for a in attended:
            capacity = str(a.get_capacity_display())
            if a.substitute_for is not None:
                capacity = _("%(capacity)s for %(person)s") % {
                    "capacity": capacity,
                    "person": a.substitute_for,
                }
            rows.append(
                {
                    "meeting": a.meeting.title,
                    "date": when_text(a.meeting.starts_at),
                    "party": a.party.name,
                    "capacity": capacity,
                    "present": "" if a.present is None else (_("yes") if a.present else _("no")),
                }
            )
        chaired = Meeting.objects.filter(chaired_by=person)
        if subject.partnership_ids is not None:
            chaired = chaired.filter(partnership__in=subject.partnership_ids)
        rows += [
            {
                "meeting": m.title,
                "date": when_text(m.starts_at),
                "party": "",
                "capacity": _("chaired the meeting"),
                "present": _("yes"),
            }
            for m in chaired.order_by("starts_at")
        ]
        return rows

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None:
            return ""
        return _("Who attended and who chaired is in the minutes, which the archive keeps.")


class AbsenceProvider(Provider):
    key = "meetings.absence"
    title = gettext_lazy("Absence (forfall)")
    kind = "absence_reason"
    columns = (
        ("meeting", gettext_lazy("Meeting")),
        ("date", gettext_lazy("Date")),
        ("party", gettext_lazy("Party")),
        ("reason", gettext_lazy("Reason")),
    )

    def _rows(self, subject: Subject) -> QuerySet[Absence]:
        return Absence.objects.filter(Q(person=subject.person) & meetings_in(subject))

    def collect(self, subject: Subject) -> list[Row]:
        if subject.person is None:
            return []
        rows = self._rows(subject).select_related("meeting", "party")
        return [
            {
                "meeting": a.meeting.title,
                "date": when_text(a.meeting.starts_at),
                "party": a.party.name,
                "reason": a.reason,
            }
            for a in rows.order_by("meeting__starts_at", "pk")
        ]

    def _due(self, rows: QuerySet[Absence], context: Context) -> QuerySet[Absence]:
        cutoff = context.cutoff(self.kind)
        if cutoff is None:
            return rows.none()
        return rows.filter(meeting__starts_at__lt=cutoff).exclude(reason=ERASED_REASON)

    def erase(self, subject: Subject, *, context: Context) -> int:
        if subject.person is None:
            return 0
        due = self._due(self._rows(subject), context)
        return Absence.objects.filter(pk__in=list(due.values_list("pk", flat=True))).update(
            reason=ERASED_REASON, modified=context.now
        )

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None:
            return ""
        period = context.periods.get(self.kind)
        waiting = self._rows(subject).exclude(reason=ERASED_REASON)
        if not waiting.exists() or period is None:
            return _("That a member was absent is in the minutes and stays.")
        return _(
            "That a member was absent is in the minutes and stays. Reasons given for "
            "meetings in the last %(months)s months are kept until their period is over, "
            "then erased."
        ) % {"months": period.months}

    def sweep(self, *, context: Context) -> int:
        due = self._due(Absence.objects.all(), context)
        return Absence.objects.filter(pk__in=list(due.values_list("pk", flat=True))).update(
            reason=ERASED_REASON, modified=context.now
        )


class VoteProvider(Provider):
    key = "meetings.vote"
    title = gettext_lazy("Votes while attending")
    kind = "votes"
    columns = (
        ("meeting", gettext_lazy("Meeting")),
        ("case", gettext_lazy("Case")),
        ("motion", gettext_lazy("Motion")),
        ("party", gettext_lazy("Party")),
        ("vote", gettext_lazy("Vote")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        if subject.person is None:
            return []
        attended = Attendance.objects.filter(
            person=subject.person,
            meeting=OuterRef("item__meeting"),
            party=OuterRef("party"),
        ).exclude(present=False)
        votes = Vote.objects.filter(Exists(attended))
        if subject.partnership_ids is not None:
            votes = votes.filter(item__meeting__partnership__in=subject.partnership_ids)
        votes = votes.select_related("item__meeting", "party").order_by(
            "item__meeting__starts_at", "item__position", "pk"
        )
        return [
            {
                "meeting": v.item.meeting.title,
                "case": v.item.case_number,
                "motion": v.motion,
                "party": v.party.name,
                "vote": str(v.get_choice_display()),
            }
            for v in votes
        ]

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None:
            return ""
        return _(
            "Votes are cast by party and are the record of the meeting: the approved minutes "
            "keep them, with the names of those present."
        )


def _approved(invitations: QuerySet[GuestInvitation]) -> QuerySet[GuestInvitation]:
    approved = Minutes.objects.filter(meeting=OuterRef("meeting"), status=Minutes.Status.APPROVED)
    return invitations.filter(Exists(approved))


def _not_approved(invitations: QuerySet[GuestInvitation]) -> QuerySet[GuestInvitation]:
    approved = Minutes.objects.filter(meeting=OuterRef("meeting"), status=Minutes.Status.APPROVED)
    return invitations.exclude(Exists(approved)).exclude(guest_name__startswith=GUEST_PSEUDONYM)


def _forget_guest_emails(invitations: QuerySet[GuestInvitation], context: Context) -> int:
    """A guest's address is only for sending the notice: no minutes keep it, so it goes from
    every invitation, approved minutes or not."""
    return invitations.exclude(guest_email="").update(guest_email="", modified=context.now)


def _pseudonymise_guests(invitations: QuerySet[GuestInvitation], context: Context) -> int:
    changed = 0
    for pk in list(invitations.values_list("pk", flat=True)):
        changed += GuestInvitation.objects.filter(pk=pk).update(
            guest_name=f"{GUEST_PSEUDONYM} {pk}", modified=context.now
        )
    return changed


class GuestProvider(Provider):
    key = "meetings.guest"
    title = gettext_lazy("Guest invitations")
    kind = "guest_name"
    columns = (
        ("meeting", gettext_lazy("Meeting")),
        ("date", gettext_lazy("Date")),
        ("name", gettext_lazy("Name")),
        ("role", gettext_lazy("Role or title")),
        ("email", gettext_lazy("E-mail")),
        ("inviting_party", gettext_lazy("Invited by")),
    )

    def _rows(self, subject: Subject) -> QuerySet[GuestInvitation]:
        if not subject.guest_name:
            return GuestInvitation.objects.none()
        return GuestInvitation.objects.filter(
            guest_name=subject.guest_name, meeting__partnership=subject.guest_partnership_id
        )

    def collect(self, subject: Subject) -> list[Row]:
        rows = self._rows(subject).select_related("meeting", "inviting_party")
        return [
            {
                "meeting": g.meeting.title,
                "date": when_text(g.meeting.starts_at),
                "name": g.guest_name,
                "role": g.guest_role,
                "email": g.guest_email,
                "inviting_party": g.inviting_party.name,
            }
            for g in rows.order_by("meeting__starts_at", "pk")
        ]

    def erase(self, subject: Subject, *, context: Context) -> int:
        emails = _forget_guest_emails(self._rows(subject), context)
        return emails + _pseudonymise_guests(_not_approved(self._rows(subject)), context)

    def kept(self, subject: Subject, *, context: Context) -> str:
        if not _approved(self._rows(subject)).exists():
            return ""
        return _(
            "Guests at meetings whose minutes are approved are named in the minutes "
            "and keep their name there and in the invitation."
        )

    def sweep(self, *, context: Context) -> int:
        cutoff = context.cutoff(self.kind)
        if cutoff is None:
            return 0
        past = GuestInvitation.objects.filter(meeting__starts_at__lt=cutoff)
        return _forget_guest_emails(past, context) + _pseudonymise_guests(
            _not_approved(past), context
        )
