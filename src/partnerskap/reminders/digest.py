"""The secretariats' daily digest (issue 18, point 3; docs/notifications.md): one e-mail a
day to each person in a party's secretariat, listing what needs doing in the partnerships of
their parties, each line linking into the back office. Nothing to say: no e-mail.

What it lists, from the selectors the dashboard and the view across partnerships use:

* a meeting whose notice is not published and is due within ``PARTNERSKAP_DIGEST_NOTICE_DAYS``
  (or overdue): ``meetings.services.rules.notice_deadline`` (L1);
* from ``PARTNERSKAP_DIGEST_SECOND_MEETING_BY`` (MM-DD) on, a year with fewer meetings planned
  than the agreement's minimum (A4): ``meetings.selectors.compliance_by_partnership``;
* follow-ups past the date an answer was expected: ``followup.selectors.follow_ups_overdue_in``;
* committees past their end without a final report (A11):
  ``committees.selectors.committees_overdue_in``;
* minutes drafted and waiting for approval (L4).

E-mail leaves the system: a proposal made under a closed item is named by its item's case
number and neutral title (``proposal_titles`` as the public sees it), and a committee set up in
closed session by that fact only (``committees_public`` decides), never by their content (L3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership
from partnerskap.backoffice.overview import partnerships_of_parties
from partnerskap.committees.selectors import committees_overdue_in, committees_public
from partnerskap.core import time
from partnerskap.core.mail import site_url
from partnerskap.core.time import local
from partnerskap.followup.selectors import follow_ups_overdue_in, proposal_titles
from partnerskap.meetings.models import Meeting, Minutes
from partnerskap.meetings.selectors import compliance_by_partnership
from partnerskap.meetings.services.rules import notice_deadline
from partnerskap.people.models import Membership, Person, Role
from partnerskap.reminders.models import DigestSetting
from partnerskap.subscriptions.letters import Section


def _day(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def _link(name: str, **kwargs: object) -> str:
    return site_url(reverse(name, kwargs=kwargs))


def _secretariat_roles(*, today: dt.date) -> QuerySet[Membership]:
    return Membership.objects.filter(role=Role.SECRETARIAT, valid_from__lte=today).exclude(
        valid_to__lt=today
    )


def is_secretariat(person: Person, *, today: dt.date) -> bool:
    return _secretariat_roles(today=today).filter(person=person).exists()


def recipients(*, today: dt.date) -> QuerySet[Person]:
    """Everyone in a party's secretariat today, with an address, who has not turned the
    digest off."""
    off = DigestSetting.objects.filter(digest=False).values("person")
    return (
        Person.objects.filter(pk__in=_secretariat_roles(today=today).values("person"))
        .exclude(email="")
        .exclude(pk__in=off)
        .order_by("pk")
    )


def partnerships_of(person: Person, *, today: dt.date) -> list[Partnership]:
    parties = _secretariat_roles(today=today).filter(person=person).values_list("party", flat=True)
    return list(partnerships_of_parties(parties=parties, today=today))


def _notices_due(partnerships: list[Partnership], today: dt.date) -> Section:
    days = settings.PARTNERSKAP_DIGEST_NOTICE_DAYS
    meetings = (
        Meeting.objects.filter(
            partnership__in=partnerships, status=Meeting.Status.PLANNED, starts_at__gte=time.now()
        )
        .select_related("partnership")
        .order_by("starts_at", "pk")
    )
    lines = []
    for meeting in meetings:
        deadline = notice_deadline(meeting=meeting).date()
        if deadline <= today + dt.timedelta(days=days):
            text = _("%(meeting)s, %(date)s: the notice is due %(deadline)s") % {
                "meeting": meeting,
                "date": f"{local(meeting.starts_at):%d.%m.%Y}",
                "deadline": _day(deadline),
            }
            lines.append((text, _link("backoffice:meeting", pk=meeting.pk)))
    return Section(_("Notices to publish"), lines)


def _meetings_planned(partnerships: list[Partnership], today: dt.date) -> Section:
    month, day = (int(x) for x in settings.PARTNERSKAP_DIGEST_SECOND_MEETING_BY.split("-"))
    lines: list[tuple[str, str]] = []
    if today < dt.date(today.year, month, day):
        return Section(_("Meetings to plan this year"), lines)
    compliance = compliance_by_partnership(partnerships=partnerships, today=today)
    for partnership in partnerships:
        for year in compliance[partnership.pk]:
            if year.is_current and year.planned < year.minimum:
                text = _(
                    "%(partnership)s: %(planned)s of at least %(minimum)s meetings in "
                    "%(year)s are planned (A4)"
                ) % {
                    "partnership": partnership,
                    "planned": year.planned,
                    "minimum": year.minimum,
                    "year": year.year,
                }
                link = _link("backoffice:year", slug=partnership.slug, year=year.year)
                lines.append((text, link))
    return Section(_("Meetings to plan this year"), lines)


def _follow_ups(partnerships: list[Partnership], today: dt.date) -> Section:
    overdue = list(follow_ups_overdue_in(partnerships=partnerships, today=today))
    titles = proposal_titles(user=AnonymousUser(), proposal_ids={f.proposal_id for f in overdue})
    lines = [
        (
            _("%(body)s: «%(proposal)s», an answer was expected %(date)s")
            % {
                "body": f.elected_body.name,
                "proposal": titles.get(f.proposal_id, ""),
                "date": _day(f.expected_by),
            },
            _link("backoffice:follow_up_record", pk=f.pk),
        )
        for f in overdue
    ]
    return Section(_("Follow-ups past their deadline"), lines)


def _committees(partnerships: list[Partnership], today: dt.date) -> Section:
    overdue = list(committees_overdue_in(partnerships=partnerships, today=today))
    public = set(
        committees_public().filter(pk__in=[c.pk for c in overdue]).values_list("pk", flat=True)
    )
    lines = []
    for committee in overdue:
        name = (
            committee.name if committee.pk in public else _("A committee set up in closed session")
        )
        text = _("%(committee)s ended %(date)s without a final report") % {
            "committee": name,
            "date": _day(committee.ends_on),
        }
        lines.append((text, _link("backoffice:committee", pk=committee.pk)))
    return Section(_("Committees past their end without a report"), lines)


def _minutes(partnerships: list[Partnership]) -> Section:
    drafts = (
        Minutes.objects.filter(meeting__partnership__in=partnerships, status=Minutes.Status.DRAFT)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    lines = [
        (
            _("%(meeting)s: the minutes are waiting for approval") % {"meeting": m.meeting},
            _link("backoffice:meeting_minutes", pk=m.meeting_id),
        )
        for m in drafts
    ]
    return Section(_("Minutes waiting for approval"), lines)


@dataclass
class Digest:
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.lines) for s in self.sections)


def digest_for(person: Person, *, today: dt.date) -> Digest:
    """What the person's digest lists today (in the active language); empty sections left out."""
    partnerships = partnerships_of(person, today=today)
    if not partnerships:
        return Digest([])
    sections = [
        _notices_due(partnerships, today),
        _meetings_planned(partnerships, today),
        _follow_ups(partnerships, today),
        _committees(partnerships, today),
        _minutes(partnerships),
    ]
    return Digest([s for s in sections if s.lines])
