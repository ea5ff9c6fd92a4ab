"""Reads about meetings, with the visibility rules in one place: the portal, the APIs, the
feeds and search all get public agendas from ``agenda_public``. The same rule as querysets and
conditions (which items, meetings and guests are public; an item in an area) is in
``meetings.public``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerskap.agreements import succession
from partnerskap.agreements.models import Partnership
from partnerskap.core import time
from partnerskap.core.models import legal_basis_label
from partnerskap.meetings.models import AgendaItem, AnnualCycle, Meeting, MeetingRequest, Minutes
from partnerskap.people import policy
from partnerskap.people.models import Membership, Role
from partnerskap.people.policy import AnyUser

#: Roles whose holders are members of the partnership meeting.
DELEGATE_ROLES: tuple[str, ...] = (Role.CHAIR, Role.DEPUTY_CHAIR, Role.MEMBER)
#: Statuses after which the agenda is public (L1).
AGENDA_PUBLIC = (
    Meeting.Status.NOTICE_PUBLISHED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_APPROVED,
)
HELD = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)


def memberships_on(meeting: Meeting, roles: tuple[str, ...]) -> QuerySet[Membership]:
    """Memberships with the meeting's parties in ``roles``, valid on the meeting's date; a
    ceased party's successor's people sit in its seat (A1)."""
    day = meeting.date
    acting = succession.successors_in(meeting.partnership, on=day)
    return (
        Membership.objects.filter(
            Q(party__partnerships=meeting.partnership) | Q(party__in=acting),
            role__in=roles,
            valid_from__lte=day,
        )
        .exclude(valid_to__lt=day)
        .select_related("person", "party")
    )


def meeting_requests_open(*, partnership: Partnership) -> QuerySet[MeetingRequest]:
    """Requests for extra meetings that no meeting has been convened for yet (A5)."""
    return meeting_requests_open_in(partnerships=[partnership])


def meeting_requests_open_in(
    *, partnerships: Iterable[Partnership] | QuerySet[Partnership]
) -> QuerySet[MeetingRequest]:
    """``meeting_requests_open`` for several partnerships in one query."""
    return MeetingRequest.objects.filter(
        partnership__in=partnerships, meeting__isnull=True
    ).select_related("requesting_party")


@dataclass(frozen=True)
class PublicItem:
    """What the public may know about an agenda item. A closed item shows only that it
    exists, its neutral title and its legal basis (L3)."""

    pk: int
    case_number: str
    title: str
    kind: str
    closed: bool
    legal_basis: str
    case_presentation: str
    recommendation: str
    outcome: str
    outcome_text: str


#: The columns a public agenda reads: never more than ``_public_item`` may show.
_ITEM_COLUMNS = (
    "pk",
    "meeting_id",
    "number",
    "year",
    "title",
    "kind",
    "case_presentation",
    "recommendation",
    "outcome",
    "outcome_text",
    "closed_session__pk",
    "closed_session__public_title",
    "closed_session__legal_basis__reference",
    "closed_session__legal_basis__plain_name",
)


def _public_item(row: dict[str, Any]) -> PublicItem:
    """An item of a public agenda as the public sees it, from its ``_ITEM_COLUMNS`` (L3: a
    closed item gives its neutral title and legal basis, nothing of its content)."""
    case_number = AgendaItem.format_case_number(row["number"], row["year"])
    if row["closed_session__pk"] is not None:
        return PublicItem(
            pk=row["pk"],
            case_number=case_number,
            title=row["closed_session__public_title"],
            kind=row["kind"],
            closed=True,
            legal_basis=legal_basis_label(
                row["closed_session__legal_basis__reference"],
                row["closed_session__legal_basis__plain_name"],
            ),
            case_presentation="",
            recommendation="",
            outcome=row["outcome"],
            outcome_text="",
        )
    return PublicItem(
        pk=row["pk"],
        case_number=case_number,
        title=row["title"],
        kind=row["kind"],
        closed=False,
        legal_basis="",
        case_presentation=row["case_presentation"],
        recommendation=row["recommendation"],
        outcome=row["outcome"],
        outcome_text=row["outcome_text"],
    )


def agendas_public(meetings: Iterable[Meeting]) -> dict[int, list[PublicItem]]:
    """The public agenda of each meeting, in one query: meeting pk → its items (empty until
    the notice is published, L1; withdrawn items left out; closed ones as ``_public_item``)."""
    agendas: dict[int, list[PublicItem]] = {}
    public_ids = []
    for meeting in meetings:
        agendas[meeting.pk] = []
        if meeting.status in AGENDA_PUBLIC:
            public_ids.append(meeting.pk)
    if not public_ids:
        return agendas
    # Rows, not model instances: a third of the time on a page of meetings went into making
    # three objects per item.
    rows = (
        AgendaItem.objects.filter(meeting_id__in=public_ids, withdrawn=False)
        .order_by("meeting_id", "position")
        .values(*_ITEM_COLUMNS)
    )
    for row in rows:
        agendas[row["meeting_id"]].append(_public_item(row))
    return agendas


def agenda_public(*, meeting: Meeting) -> list[PublicItem]:
    """The public agenda of one meeting (``agendas_public`` for one)."""
    return agendas_public([meeting])[meeting.pk]


@dataclass(frozen=True)
class ItemShown(PublicItem):
    """An agenda item as one signed-in user may see it inside (back office, e-mail to them,
    API answers to them). ``readable`` says whether the real content is shown: always for an
    open item, for a closed one only to readers of the partnership's exempt content
    (``people.policy.can_read_exempt``). Otherwise every field is the public form
    (``_public_item``): the neutral title, the legal basis, no text and no areas."""

    meeting_id: int
    partnership_id: int
    withdrawn: bool
    readable: bool
    #: The neutral public title of a closed item, for readers (empty for others and open items).
    public_title: str
    #: The cooperation areas' names; empty for a closed item the user may not read.
    areas: tuple[str, ...]

    @property
    def is_closed(self) -> bool:
        return self.closed


def _row_of(item: AgendaItem) -> dict[str, Any]:
    """An item instance as the ``_ITEM_COLUMNS`` row ``_public_item`` reads."""
    closed = getattr(item, "closed_session", None)
    return {
        "pk": item.pk,
        "meeting_id": item.meeting_id,
        "number": item.number,
        "year": item.year,
        "title": item.title,
        "kind": item.kind,
        "case_presentation": item.case_presentation,
        "recommendation": item.recommendation,
        "outcome": item.outcome,
        "outcome_text": item.outcome_text,
        "closed_session__pk": closed.pk if closed else None,
        "closed_session__public_title": closed.public_title if closed else "",
        "closed_session__legal_basis__reference": closed.legal_basis.reference if closed else "",
        "closed_session__legal_basis__plain_name": closed.legal_basis.plain_name if closed else "",
    }


def items_shown(*, user: AnyUser, items: Iterable[AgendaItem]) -> list[ItemShown]:
    """Each item as ``user`` may see it: the one place the back office (and anything else that
    shows items to a signed-in user) decides between an item's real content and its public
    form. Pass items with ``closed_session__legal_basis`` selected and ``areas`` prefetched."""
    readable_in = policy.partnerships_exempt_readable(user)
    shown = []
    for item in items:
        public = _public_item(_row_of(item))
        readable = not public.closed or item.partnership_id in readable_in
        if readable:
            fields = vars(public) | {
                "title": item.title,
                "case_presentation": item.case_presentation,
                "recommendation": item.recommendation,
                "outcome_text": item.outcome_text,
            }
            areas = tuple(a.name for a in item.areas.all())
            public_title = public.title if public.closed else ""
        else:
            fields, areas, public_title = vars(public), (), ""
        shown.append(
            ItemShown(
                **fields,
                meeting_id=item.meeting_id,
                partnership_id=item.partnership_id,
                withdrawn=item.withdrawn,
                readable=readable,
                public_title=public_title,
                areas=areas,
            )
        )
    return shown


def item_shown(*, user: AnyUser, item: AgendaItem) -> ItemShown:
    """``items_shown`` for one item."""
    return items_shown(user=user, items=[item])[0]


@dataclass
class YearCompliance:
    """A4: meetings planned and held in a calendar year against the minimum."""

    year: int
    minimum: int
    planned: int
    held: int
    cycle_adopted: bool
    is_current: bool
    is_past: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return self.held >= self.minimum if self.is_past else self.planned >= self.minimum


def meetings_counted_in(
    *, partnerships: Iterable[Partnership], today: dt.date | None = None
) -> dict[tuple[int, int], Mapping[str, int]]:
    """A4, per (partnership, year), in one query: the meetings ``planned`` (not cancelled) and
    ``held`` (recorded as held or with approved minutes, on a day up to ``today``: a meeting
    dated later is only planned, whatever its record says)."""
    day = today or time.today()
    rows = (
        Meeting.objects.filter(partnership__in=list(partnerships))
        .values("partnership", "starts_at__year")
        .annotate(
            planned=Count("pk", filter=~Q(status=Meeting.Status.CANCELLED)),
            held=Count("pk", filter=Q(status__in=HELD, starts_at__date__lte=day)),
        )
    )
    return {
        (row["partnership"], row["starts_at__year"]): {
            "planned": row["planned"],
            "held": row["held"],
        }
        for row in rows
    }


def compliance_for_years(
    *, partnership: Partnership, today: dt.date | None = None
) -> list[YearCompliance]:
    """Every year of the partnership's period up to the current one, with warnings."""
    return compliance_by_partnership(partnerships=[partnership], today=today)[partnership.pk]


def compliance_by_partnership(
    *, partnerships: Sequence[Partnership], today: dt.date | None = None
) -> dict[int, list[YearCompliance]]:
    """``compliance_for_years`` for several partnerships, in the same two queries."""
    today = today or time.today()
    counts = meetings_counted_in(partnerships=partnerships, today=today)
    adopted = set(
        AnnualCycle.objects.filter(
            partnership__in=partnerships, adopted_by__isnull=False
        ).values_list("partnership", "year")
    )
    return {
        p.pk: _compliance(
            p,
            today,
            counts={year: row for (pk, year), row in counts.items() if pk == p.pk},
            adopted_years={year for pk, year in adopted if pk == p.pk},
        )
        for p in partnerships
    }


def _compliance(
    partnership: Partnership,
    today: dt.date,
    *,
    counts: Mapping[int, Mapping[str, Any]],
    adopted_years: set[int],
) -> list[YearCompliance]:
    first = partnership.period_start.year
    last = min(partnership.period_end.year, today.year)
    minimum = partnership.minimum_meetings_per_year
    years = []
    for year in range(first, last + 1):
        row = counts.get(year, {"planned": 0, "held": 0})
        status = YearCompliance(
            year=year,
            minimum=minimum,
            planned=row["planned"],
            held=row["held"],
            cycle_adopted=year in adopted_years,
            is_current=year == today.year,
            is_past=year < today.year,
        )
        if status.is_past and status.held < minimum:
            status.warnings.append(
                ngettext(
                    "Only %(held)d of at least %(minimum)d meeting was held in %(year)d.",
                    "Only %(held)d of at least %(minimum)d meetings were held in %(year)d.",
                    minimum,
                )
                % {"held": status.held, "minimum": minimum, "year": year}
            )
        if status.is_current and status.planned < minimum:
            status.warnings.append(
                ngettext(
                    "Only %(planned)d of at least %(minimum)d meeting is planned for %(year)d.",
                    "Only %(planned)d of at least %(minimum)d meetings are planned for %(year)d.",
                    minimum,
                )
                % {"planned": status.planned, "minimum": minimum, "year": year}
            )
        if not status.cycle_adopted:
            status.warnings.append(_("No annual cycle is adopted for %(year)d.") % {"year": year})
        years.append(status)
    return years


def meetings_beyond_cycle_in(
    *, partnerships: Sequence[Partnership], from_year: int | None = None
) -> dict[tuple[int, int], list[Meeting]]:
    """A5: per (partnership, year), the meetings beyond the adopted annual cycle's count of
    meetings with no request behind them, the latest first to go over. A meeting the cycle's
    entries name counts first; a cancelled meeting or one convened for a request does not
    count. A year without an adopted cycle flags nothing here (compliance says it lacks one).
    Three queries for any number of partnerships (``from_year``: that year and later)."""
    cycles = (
        AnnualCycle.objects.filter(partnership__in=partnerships, adopted_by__isnull=False)
        .prefetch_related("entries")
        .order_by("version")
    )
    if from_year is not None:
        cycles = cycles.filter(year__gte=from_year)
    in_force = {(c.partnership_id, c.year): c for c in cycles}  # the latest version wins
    planned: dict[tuple[int, int], tuple[int, set[int]]] = {}
    for key, cycle in in_force.items():
        entries = [e for e in cycle.entries.all() if e.kind == e.Kind.MEETING]
        planned[key] = (len(entries), {e.meeting_id for e in entries if e.meeting_id})
    if not planned:
        return {}
    meetings = (
        Meeting.objects.filter(
            partnership__in=partnerships,
            requested_by__isnull=True,
            starts_at__year__in={year for _, year in planned},
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    by_year: dict[tuple[int, int], list[Meeting]] = {}
    for meeting in meetings:
        key = (meeting.partnership_id, meeting.date.year)
        if key in planned:
            by_year.setdefault(key, []).append(meeting)
    beyond = {}
    for key, rows in by_year.items():
        count, named = planned[key]
        # The meetings the cycle names fill its places first, then the others by date.
        ordered = sorted(rows, key=lambda m: m.pk not in named)
        if len(ordered) > count:
            beyond[key] = ordered[count:]
    return beyond


def meetings_beyond_cycle(*, partnership: Partnership, year: int) -> list[Meeting]:
    """``meetings_beyond_cycle_in`` for one partnership and year."""
    found = meetings_beyond_cycle_in(partnerships=[partnership], from_year=year)
    return found.get((partnership.pk, year), [])


def annual_cycle_in_force(*, partnership: Partnership, year: int) -> AnnualCycle | None:
    return (
        AnnualCycle.objects.filter(partnership=partnership, year=year, adopted_by__isnull=False)
        .order_by("-version")
        .prefetch_related("entries")
        .first()
    )


def meetings_public(*, partnership: Partnership | None = None) -> QuerySet[Meeting]:
    """Meetings anyone may see: all of them (the calendar is public, L2), with what list pages
    need. Their agendas are public only through ``agenda_public``."""
    meetings = Meeting.objects.select_related("partnership", "location", "notice")
    if partnership is not None:
        meetings = meetings.filter(partnership=partnership)
    return meetings.exclude(partnership__status=Partnership.Status.DRAFT)


def minutes_public(*, meeting: Meeting) -> dict[str, Any] | None:
    """The public part of the latest approved minutes, or None. Never the internal part."""
    approved = meeting.minutes.filter(status=Minutes.Status.APPROVED).order_by("-version").first()
    if approved is None:
        return None
    public: dict[str, Any] = dict(approved.content.get("public", {}))
    public["version"] = approved.version
    public["approved_at"] = approved.approved_at
    public["correction_reason"] = approved.correction_reason
    return public


def item_public(*, item: AgendaItem) -> PublicItem | None:
    """One item as the public may see it, or None before the notice is published."""
    return next((p for p in agenda_public(meeting=item.meeting) if p.pk == item.pk), None)
