"""The portal's reads: what each public page lists, narrowed and loaded as the page shows it.

Built only from the public selectors of the domain apps and the public querysets of
``meetings/public.py`` (never a closed-session or notice-status filter of its own:
``tests/test_visibility_guard.py``); the views in ``portal/views/`` take the partnership from
the URL, call these, page and render (``tests/portal/test_view_reads.py`` keeps queries out of
them). Each read costs a constant number of queries as the data grows
(``tests/portal/test_pages.py``, ``test_lists.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnerskap.agreements import succession
from partnerskap.agreements.models import (
    Agreement,
    AgreementPart,
    AgreementVersion,
    CooperationArea,
    Partnership,
    PartnershipParty,
    Party,
    Signature,
    SustainableDevelopmentGoal,
    VersionAdoption,
)
from partnerskap.agreements.selectors import areas_public, parties_of_part, partnerships_public
from partnerskap.committees.models import Committee, CommitteeMembership, CommitteeReport
from partnerskap.committees.selectors import committees_public
from partnerskap.followup.models import (
    AWAITING_STATUSES,
    DECIDED_STATUSES,
    FollowUp,
    FollowUpEvent,
    Proposal,
)
from partnerskap.followup.selectors import followed_up_under, proposals_public
from partnerskap.meetings.models import (
    AgendaItem,
    AnnualCycle,
    AnnualCycleEntry,
    GuestInvitation,
    Meeting,
)
from partnerskap.meetings.public import (
    agenda_is_public,
    agenda_public_q,
    guests_public,
    item_open_q,
    items_in_area,
)
from partnerskap.meetings.selectors import meetings_public

#: What ``portal/_tracker.html`` reads of a follow-up without its decisions.
TRACKER_FIELDS = (
    "proposal_id",
    "status",
    "expected_by",
    "body_case_number",
    "body_meeting_date",
    "decided_on",
    "elected_body__name",
    "taken_over_on",
    "taken_over_from__elected_body__name",
    "taken_over_by__taken_over_on",
    "taken_over_by__elected_body__name",
)
#: A follow-up handed over to a successor's body, and the one that took it over (A1).
SUCCESSION_RELATED = (
    "taken_over_from__elected_body",
    "taken_over_by__elected_body",
)

# ---------------------------------------------------------------------------- partnerships


def highlights_of(*, slug: str) -> dict[str, Any] | None:
    """``partnership_highlights`` of the public partnership with this slug, found in the same
    query (its ``"partnership"`` is the one ``portal.http.partnership_or_404`` gives); None when
    there is none."""
    found = partnership_highlights(partnerships=partnerships_public().filter(slug=slug))
    return found[0] if found else None


def search_areas() -> list[CooperationArea]:
    """The cooperation areas the search form offers: those of public partnerships, each once.
    An area is in every agreement (and every renewal) that keeps it, and the search filters by
    its slug, so the form lists one entry per slug, by name."""
    seen: set[str] = set()
    areas = []
    for area in areas_public().order_by("name", "slug", "pk"):
        if area.slug not in seen:
            seen.add(area.slug)
            areas.append(area)
    return areas


#: Up to this many public partnerships the home page shows each with its highlights
#: (``partnership_highlights``); a larger site (a county's, the whole country's) shows the next
#: meetings and the latest minutes across all of them and the partnerships by county instead
#: (``home_overview``), so the page does not grow with every partnership.
HOME_CARDS_UP_TO = 6
#: How many meetings each of ``home_overview``'s two lists shows.
HOME_LIST_LENGTH = 8


def home_partnership_ids() -> list[int]:
    """The public partnerships' ids, at most ``HOME_CARDS_UP_TO + 1`` (enough to choose the
    home page's layout)."""
    return list(partnerships_public().values_list("pk", flat=True)[: HOME_CARDS_UP_TO + 1])


def _upcoming_q(now: dt.datetime) -> Q:
    """A meeting still to come: the «next meeting» of ``partnership_highlights``."""
    return Q(starts_at__gte=now) & ~Q(status=Meeting.Status.CANCELLED)


def _minutes_q() -> Q:
    """A meeting whose minutes are approved: the «latest minutes» of ``partnership_highlights``."""
    return Q(status=Meeting.Status.MINUTES_APPROVED)


def home_overview() -> dict[str, Any]:
    """The home page of a site with many partnerships: the next meetings and the latest
    minutes across the public partnerships (the same meetings ``partnership_highlights`` picks
    per partnership), and every public partnership grouped by its county, in three queries
    however many partnerships there are."""
    public = partnerships_public()
    meetings = Meeting.objects.filter(partnership__in=public.values("pk")).select_related(
        "partnership"
    )
    upcoming = meetings.filter(_upcoming_q(timezone.now())).order_by("starts_at", "pk")
    latest = meetings.filter(_minutes_q()).order_by("-starts_at", "-pk")
    county = (
        PartnershipParty.objects.filter(partnership=OuterRef("pk"), party__kind=Party.Kind.COUNTY)
        .order_by("position", "pk")
        .values("party__name")[:1]
    )
    rows = (
        public.select_related(None)
        .annotate(county_name=Subquery(county))
        .order_by("county_name", "name", "-period_start")
        .only("pk", "name", "slug", "period_start", "period_end", "status")
    )
    counties: dict[str, list[Partnership]] = {}
    for row in rows:
        # The period, unless the name already says it («Asker og Bærum – Viken 2020–2024»).
        period = f"{row.period_start:%Y}–{row.period_end:%Y}"
        row.period_shown = "" if period in row.name else period  # type: ignore[attr-defined]
        counties.setdefault(row.county_name or "", []).append(row)
    return {
        "upcoming": list(upcoming[:HOME_LIST_LENGTH]),
        "latest_minutes": list(latest[:HOME_LIST_LENGTH]),
        "counties": sorted(counties.items(), key=lambda pair: (pair[0] == "", pair[0])),
    }


def partnership_highlights(*, partnerships: QuerySet[Partnership]) -> list[dict[str, Any]]:
    """Each partnership with its next meeting, latest minutes and the number of proposals
    awaiting the parties, in a constant number of queries however many there are."""
    now = timezone.now()
    upcoming = (
        Meeting.objects.filter(_upcoming_q(now), partnership=OuterRef("pk"))
        .order_by("starts_at")
        .values("pk")[:1]
    )
    latest = (
        Meeting.objects.filter(_minutes_q(), partnership=OuterRef("pk"))
        .order_by("-starts_at")
        .values("pk")[:1]
    )
    # Counted per partnership over its proposals, each probing the partial index of awaiting
    # follow-ups (``follow_up_awaiting_idx``): the cost does not grow with every answer ever
    # recorded, as a join of all proposals × follow-ups did.
    # A carried-over proposal awaits under the partnership that renewed its own (A18).
    awaiting = (
        Proposal.objects.filter(item_open_q("item"), followed_up_under(OuterRef("pk")))
        .filter(
            Exists(FollowUp.objects.filter(proposal=OuterRef("pk"), status__in=AWAITING_STATUSES))
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    rows = list(
        partnerships.annotate(
            next_meeting_id=Subquery(upcoming),
            latest_minutes_id=Subquery(latest),
            awaiting=Coalesce(Subquery(awaiting, output_field=IntegerField()), 0),
        )
    )
    ids = {r.next_meeting_id for r in rows} | {r.latest_minutes_id for r in rows}
    meetings = Meeting.objects.in_bulk([i for i in ids if i])
    return [
        {
            "partnership": r,
            "next_meeting": meetings.get(r.next_meeting_id),
            "latest_minutes": meetings.get(r.latest_minutes_id),
            "awaiting": r.awaiting,
        }
        for r in rows
    ]


def parties_in_order(*, partnership: Partnership) -> list[Party]:
    """The partnership's parties in the agreement's order, a ceased one with the party that
    acts in its seat here (A1, ``succession.acting_party``: a split county's successor for
    this partnership's council, else its default successor) as ``acting_successor`` and the
    first day it acts as ``acting_from``. One query, and one more per ceased party."""
    parties = list(
        partnership.parties.select_related("successor").order_by("partnershipparty__position")
    )
    for party in parties:
        party.acting_successor = None  # type: ignore[attr-defined]
        party.acting_from = None  # type: ignore[attr-defined]
        if party.valid_to is None:
            continue
        day_after = party.valid_to + dt.timedelta(days=1)
        acting = succession.acting_party(party, on=day_after, partnership=partnership)
        if acting.pk != party.pk:
            party.acting_successor = acting  # type: ignore[attr-defined]
            party.acting_from = day_after  # type: ignore[attr-defined]
    return parties


def goals() -> QuerySet[SustainableDevelopmentGoal]:
    """The UN's sustainable development goals (A2), for the meeting list's filter."""
    return SustainableDevelopmentGoal.objects.all()


# ---------------------------------------------------------------------------- meetings


def _open_items() -> QuerySet[AgendaItem]:
    """Items of the outer meeting that may reveal what it dealt with: not withdrawn, not
    closed (the meeting's agenda must also be public, ``agenda_public_q`` in
    ``meetings_listed``)."""
    return AgendaItem.objects.filter(item_open_q(), meeting=OuterRef("pk"), withdrawn=False)


def meeting_years(*, partnership: Partnership) -> list[int]:
    """The years the partnership has meetings in, newest first."""
    meetings = meetings_public(partnership=partnership)
    return [d.year for d in meetings.datetimes("starts_at", "year", order="DESC")]


def meetings_listed(
    *,
    partnership: Partnership,
    year: int | None = None,
    area: str = "",
    sdg: int | None = None,
    party: str = "",
) -> QuerySet[Meeting]:
    """The meeting list, newest first, narrowed to a year, a cooperation area (slug), a goal
    (number) or a party (slug: the meetings whose open items were sent to its bodies, or that
    it asked for). One EXISTS per filter: no join over items × areas × follow-ups and no
    DISTINCT over the joined rows (which grew with every item and follow-up)."""
    meetings = meetings_public(partnership=partnership).order_by("-starts_at")
    public_agenda = agenda_public_q()
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    if area:
        meetings = meetings.filter(public_agenda, Exists(_open_items().filter(areas__slug=area)))
    if sdg is not None:
        meetings = meetings.filter(public_agenda, Exists(_open_items().filter(sdgs__number=sdg)))
    if party:
        # The proposals are this partnership's (as their items are): without it PostgreSQL
        # reads the party's follow-ups in every partnership it belongs to.
        to_party = FollowUp.objects.filter(
            proposal__item=OuterRef("pk"), proposal__partnership=partnership
        ).filter(Q(elected_body__party__slug=party) | Q(elected_body__party__council__slug=party))
        meetings = meetings.filter(
            Q(public_agenda, Exists(_open_items().filter(Exists(to_party))))
            | Q(requested_by__requesting_party__slug=party)
        )
    return meetings


def meeting_ids(meetings: QuerySet[Meeting]) -> list[int]:
    """The ids of a meeting list, in its order: the filters run once, for the ids (a
    partnership holds tens of meetings, not thousands), and a page's rows are then read by
    id (``meetings_by_id``), so the paginator needs no second COUNT(*) with them."""
    return list(meetings.values_list("pk", flat=True))


def meetings_by_id(*, partnership: Partnership, ids: list[int]) -> list[Meeting]:
    """The partnership's meetings with these ids, in the order given."""
    rows = meetings_public(partnership=partnership).in_bulk(ids)
    return [rows[pk] for pk in ids]


def cycle_entries(*, cycle: AnnualCycle | None) -> list[AnnualCycleEntry]:
    """The entries of an adopted annual cycle (``annual_cycle_in_force`` loads them)."""
    return list(cycle.entries.all()) if cycle else []


def meetings_of_year(*, partnership: Partnership, year: int) -> list[Meeting]:
    return list(
        meetings_public(partnership=partnership).filter(starts_at__year=year).order_by("starts_at")
    )


def proposals_by_item(*, partnership: Partnership, meeting: Meeting) -> dict[int, Proposal]:
    """The public proposals of the meeting's items, by item id."""
    return {
        p.item_id: p
        for p in proposals_public(partnership=partnership).filter(item__meeting=meeting)
    }


def meeting_guests(*, meeting: Meeting) -> list[GuestInvitation]:
    """The meeting's guests, when its agenda is public (none before)."""
    if not agenda_is_public(meeting):
        return []
    return list(meeting.guests.select_related("inviting_party", "item"))


def items_of(*, partnership: Partnership) -> QuerySet[AgendaItem]:
    """The partnership's items that are not withdrawn, for an item page (which then asks
    ``item_public`` what the public sees of the one it shows)."""
    return AgendaItem.objects.select_related("meeting__partnership", "meeting__location").filter(
        partnership=partnership, withdrawn=False
    )


def item_topics(
    *, partnership: Partnership, item: AgendaItem
) -> tuple[list[CooperationArea], list[SustainableDevelopmentGoal], Proposal | None]:
    """An open item's cooperation areas, goals and public proposal."""
    return (
        list(item.areas.all()),
        list(item.sdgs.all()),
        proposals_public(partnership=partnership).filter(item=item).first(),
    )


def guests_listed(*, partnership: Partnership) -> QuerySet[GuestInvitation]:
    """The guest list (L10: what the public may see of guests), newest meeting first."""
    return (
        guests_public(partnership=partnership)
        .select_related("meeting", "inviting_party", "item__closed_session")
        .order_by("-meeting__starts_at", "guest_name", "pk")
    )


# ---------------------------------------------------------------------------- agreement


def agreement_versions(*, part: AgreementPart) -> list[AgreementVersion]:
    """The part's versions, oldest first, with sections, signatures and adoptions."""
    return list(
        AgreementVersion.objects.filter(part=part)
        .prefetch_related(
            "sections",
            Prefetch("signatures", queryset=Signature.objects.select_related("party")),
            Prefetch("adoptions", queryset=VersionAdoption.objects.select_related("elected_body")),
        )
        .order_by("number")
    )


def agreement_of(*, partnership: Partnership) -> Agreement | None:
    return Agreement.objects.filter(partnership=partnership).first()


def versions_signed(*, part: AgreementPart, versions: list[AgreementVersion]) -> dict[int, bool]:
    """For each version (from ``agreement_versions``), whether every party the part needs has
    signed it."""
    required = set(parties_of_part(part=part).values_list("pk", flat=True))
    return {v.pk: required <= {s.party_id for s in v.signatures.all()} for v in versions}


def areas_of(*, partnership: Partnership) -> QuerySet[CooperationArea]:
    """The partnership's cooperation areas, in force or not, for an area page."""
    return CooperationArea.objects.select_related("introduced_in", "retired_in").filter(
        part__agreement__partnership=partnership
    )


def area_items(*, area: CooperationArea) -> QuerySet[AgendaItem]:
    """The area's public items, newest meeting first: the columns the area page lists (case
    number, title, the meeting's date)."""
    return (
        items_in_area(area_id=area.pk)
        .select_related("meeting")
        .only("number", "year", "title", "meeting__starts_at")
        .order_by("-meeting__starts_at", "position")
    )


def area_proposals(*, partnership: Partnership, area: CooperationArea) -> QuerySet[Proposal]:
    """The area's public proposals, newest first: title and date, as the area page lists them."""
    return (
        proposals_public(partnership=partnership)
        .filter(areas=area)
        .select_related(None)
        .only("title", "sent_on")
        .order_by("-sent_on", "-id")
    )


def area_committees(*, partnership: Partnership, area: CooperationArea) -> QuerySet[Committee]:
    """The area's public committees, newest first, by name."""
    return (
        committees_public(partnership=partnership)
        .filter(areas=area)
        .only("name")
        .order_by("-starts_on")
    )


# ---------------------------------------------------------------------------- proposals


def proposals_tracked(*, partnership: Partnership) -> QuerySet[Proposal]:
    """Public proposals with their whole tracker (follow-ups by party and body, areas) and each
    follow-up's events, for a proposal page."""
    return proposals_public(partnership=partnership, carried_in=True).prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related(
                "elected_body__party", *SUCCESSION_RELATED
            ).order_by("elected_body__party__name", "elected_body__name"),
        ),
        "areas",
        Prefetch("follow_ups__events", queryset=FollowUpEvent.objects.order_by("on", "id")),
    )


def proposal_follow_ups(*, proposal: Proposal) -> list[FollowUp]:
    """A proposal's follow-ups as ``proposals_tracked`` loaded them (by party and body)."""
    return list(proposal.follow_ups.all())


def proposals_listed(*, partnership: Partnership, awaiting: bool = False) -> QuerySet[Proposal]:
    """The proposal list, newest first, and its trackers (without the decisions): only the
    columns the list shows. Loading whole rows (texts, timestamps, each proposal's meeting and
    partnership) took half of the page's time on a 20-year partnership. ``awaiting``: only
    those some body has not answered finally."""
    proposals = (
        proposals_public(partnership=partnership, carried_in=True)
        .select_related(None)
        .select_related("item")
        .only(
            "pk",
            "title",
            "sent_on",
            "kind",
            "partnership_id",
            "carried_over_to_id",
            "item__number",
            "item__year",
        )
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("elected_body", *SUCCESSION_RELATED)
                .only(*TRACKER_FIELDS)
                .order_by("elected_body__party__name", "elected_body__name"),
            )
        )
        .order_by("-sent_on", "-id")
    )
    if awaiting:
        # exclude() over a multi-valued relation is a NOT EXISTS: no duplicates to remove. One
        # carried over into the renewal awaits there, not here (A18).
        proposals = proposals.filter(followed_up_under(partnership)).exclude(
            follow_ups__status__in=DECIDED_STATUSES
        )
    return proposals


# ---------------------------------------------------------------------------- committees


def committees_listed(*, partnership: Partnership) -> QuerySet[Committee]:
    """The committee list: names, dates and whether a report exists (not members, areas or
    reports), newest first."""
    return (
        committees_public(partnership=partnership)
        .annotate(has_reports=Exists(CommitteeReport.objects.filter(committee=OuterRef("pk"))))
        .order_by("-starts_on")
    )


def committees_detailed(*, partnership: Partnership) -> QuerySet[Committee]:
    """Public committees with what a committee page shows: the meeting that established it,
    members, reports and areas."""
    return (
        committees_public(partnership=partnership)
        .select_related("established_by__meeting", "dissolved_by")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMembership.objects.select_related("person", "party"),
            ),
            Prefetch(
                "reports",
                queryset=CommitteeReport.objects.select_related(
                    "item__meeting", "item__closed_session"
                ),
            ),
            "areas",
        )
        .order_by("-starts_on")
    )
