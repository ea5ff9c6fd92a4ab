"""What the public may see of meetings and agenda items, as querysets and conditions: the one
place outside the domain's selectors that filters on the notice status (L1), on withdrawal and
on closed sessions (L3).

The rule, for every public surface (portal, REST API, OParl, feeds, sitemap, search, the year
page and the public annual report):

* a meeting is public unless its partnership is a draft (``meetings_public``, L2);
* its agenda is public once the notice is published: the meeting's status is one of
  ``AGENDA_PUBLIC`` (notice published, held, minutes approved);
* an item is public when it is on a public agenda and not withdrawn (``items_public``);
* an item is *open* when it was not dealt with in closed session; only an open item's areas,
  goals, proposals, guests' purpose and documents may be public (L3). A closed item shows its
  existence, neutral title and legal basis only, and only through
  ``meetings.selectors.agendas_public``, which has the last word on what each item shows.

The conditions (``*_q``) take the path from the model being filtered to the meeting or the
item, so that documents, committees, proposals and subqueries state the rule through their own
relations (``item_open_q("established_by")`` for a committee). ``tests/
test_visibility_guard.py`` fails when a module outside the selectors and this one writes the
closed-session or notice-status lookups by hand.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.meetings.models import AgendaItem, GuestInvitation, Meeting
from partnerskap.meetings.selectors import AGENDA_PUBLIC, meetings_public


def _at(path: str, lookup: str) -> str:
    return f"{path}__{lookup}" if path else lookup


# ---------------------------------------------------------------- conditions


def agenda_public_q(meeting: str = "") -> Q:
    """The meeting at ``meeting`` (a path to a ``Meeting``; empty for the meeting itself) has a
    public agenda: its notice is published (L1)."""
    return Q(**{_at(meeting, "status__in"): AGENDA_PUBLIC})


def notice_issued_q(meeting: str = "") -> Q:
    """The meeting at ``meeting`` has a notice: one was published, even if the meeting was
    cancelled or postponed since (the notice feed lists those too)."""
    return Q(**{_at(meeting, "notice__isnull"): False})


def item_public_q(item: str = "") -> Q:
    """The item at ``item`` (a path to an ``AgendaItem``) is on a public agenda and not
    withdrawn. Whether it is open is ``item_open_q``."""
    return agenda_public_q(_at(item, "meeting")) & Q(**{_at(item, "withdrawn"): False})


def item_open_q(item: str = "") -> Q:
    """The item at ``item`` was not dealt with in closed session (L3): what came of it
    (areas, goals, proposals, committees, documents) may be public.

    The test is on the closed session's ``item`` (its join column), not on its id: PostgreSQL
    then plans the outer join as an anti-join and estimates its rows, where «no closed session
    id» looked like almost no rows and led to nested loops over every item (docs/performance.md,
    «Closed sessions in the plans»)."""
    return Q(**{_at(item, "closed_session__item__isnull"): True})


def item_closed_q(item: str = "") -> Q:
    """The item at ``item`` was dealt with in closed session (L3)."""
    return Q(**{_at(item, "closed_session__item__isnull"): False})


def item_public_open_q(item: str = "") -> Q:
    """``item_public_q`` and ``item_open_q``: a public item whose content is public."""
    return item_public_q(item) & item_open_q(item)


def agenda_is_public(meeting: Meeting) -> bool:
    """``agenda_public_q`` for one meeting in hand."""
    return meeting.status in AGENDA_PUBLIC


# ---------------------------------------------------------------- querysets


def meetings_with_public_agenda(*, partnership: Partnership | None = None) -> QuerySet[Meeting]:
    """Public meetings whose notice is published (L1)."""
    return meetings_public(partnership=partnership).filter(agenda_public_q())


def items_on_public_agendas(*, partnership: Partnership | None = None) -> QuerySet[AgendaItem]:
    """Items on the public agendas, withdrawn ones too (OParl lists those as deleted). Rows to
    look up, not to show: what each shows comes from ``agendas_public``. The conditions of
    ``meetings_with_public_agenda`` on the item's meeting, as joins rather than a subquery of
    meetings (Django builds and compiles them in about half the time). With a partnership the
    items are also filtered on their own partnership column (the same as their meeting's), so
    that PostgreSQL starts from the item indexes rather than from a year's items of every
    partnership."""
    items = AgendaItem.objects.filter(agenda_public_q("meeting")).exclude(
        meeting__partnership__status=Partnership.Status.DRAFT
    )
    if partnership is None:
        return items
    return items.filter(meeting__partnership=partnership, partnership=partnership)


def items_public(*, partnership: Partnership | None = None) -> QuerySet[AgendaItem]:
    """Items on the public agendas, not withdrawn (L1). Closed ones too: they show their
    neutral title and legal basis (``agendas_public``)."""
    return items_on_public_agendas(partnership=partnership).filter(withdrawn=False)


def items_public_open(*, partnership: Partnership | None = None) -> QuerySet[AgendaItem]:
    """``items_public`` that are open: those whose areas, goals and proposals are public."""
    return items_public(partnership=partnership).filter(item_open_q())


def items_in_area(*, area_id: int) -> QuerySet[AgendaItem]:
    """The open public items in a cooperation area. A closed item's areas are not public
    (``agendas_public`` gives only its neutral title and legal basis), so a closed item is never
    in an area. Pass an area of a public partnership."""
    return AgendaItem.objects.filter(item_public_open_q(), areas=area_id)


def meetings_in_area(*, area_id: int, partnership: Partnership | None = None) -> QuerySet[Meeting]:
    """Public meetings whose public agenda has an open item in the area (``items_in_area``)."""
    return meetings_public(partnership=partnership).filter(
        pk__in=items_in_area(area_id=area_id).values("meeting_id")
    )


def guests_public(*, partnership: Partnership) -> QuerySet[GuestInvitation]:
    """The guests of the partnership's meetings with a public agenda: the portal's guest list
    and the year page's count. A guest invited for a closed item shows that item's public form
    only."""
    return GuestInvitation.objects.filter(
        agenda_public_q("meeting"), meeting__partnership=partnership
    )
