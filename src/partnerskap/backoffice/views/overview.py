"""The view across partnerships (``/sekretariat/oversikt/``): for a county or a council that is
a party to several partnerships, their upcoming meetings, their warnings, and the follow-ups
its bodies (and a council's member municipalities' bodies) owe, as the case officers' work
list. Filters are a GET form; both lists page; the work list sorts by its columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.backoffice.overview import (
    WorkFilters,
    bodies_of_parties,
    flags_of,
    meetings_upcoming_in,
    parties_named,
    partnerships_of_parties,
    work_list,
)
from partnerskap.backoffice.sorting import Column, Sorting
from partnerskap.core import time
from partnerskap.followup.models import AWAITING_STATUSES, FollowUp
from partnerskap.followup.selectors import proposal_titles
from partnerskap.people import policy

#: Rows a page in the work list and in the upcoming meetings.
PER_PAGE = 25
MEETINGS_PER_PAGE = 10
#: The upcoming meetings' page parameter (the work list's is «side»).
MEETING_PAGE = "moteside"

WORK_COLUMNS = [
    Column("frist", gettext_lazy("Answer expected by"), ("expected_by",)),
    Column("forslag", gettext_lazy("Proposal")),
    Column("samarbeid", gettext_lazy("Partnership"), ("proposal__partnership__name",)),
    Column("organ", gettext_lazy("Elected body"), ("elected_body__name",)),
    Column("status", gettext_lazy("Status"), ("status",)),
]


@dataclass(frozen=True)
class Scope:
    """Whose view it is: the parties (all the user oversees, or the one chosen), their
    partnerships on the page (narrowed by the partnership filter) and the bodies answered for."""

    parties: list[Party]
    chosen: list[Party]
    partnerships: list[Partnership]
    shown: list[Partnership]
    bodies: list[ElectedBody]
    #: The partnership chosen with ``?partnerskap=`` (``None``: all of them).
    partnership: Partnership | None


Named = TypeVar("Named", Party, Partnership, ElectedBody)


def _by_slug(rows: list[Named], slug: str | None) -> Named | None:
    return next((r for r in rows if slug and r.slug == slug), None)


def _scope(request: HttpRequest, *, concluded: bool) -> Scope:
    parties = parties_named(parties=policy.parties_overseen(request.user))
    if not parties:
        raise PermissionDenied(
            _("This view is for the secretariats and case officers of a partnership's parties.")
        )
    party = _by_slug(parties, request.GET.get("part"))
    chosen = [party] if party else parties
    ids = [p.pk for p in chosen]
    partnerships = list(partnerships_of_parties(parties=ids, concluded=concluded))
    partnership = _by_slug(partnerships, request.GET.get("partnerskap"))
    shown = [partnership] if partnership else partnerships
    bodies = bodies_of_parties(parties=ids, user=request.user)
    return Scope(parties, chosen, partnerships, shown, bodies, partnership)


def _filters(request: HttpRequest, scope: Scope) -> WorkFilters:
    body = _by_slug(scope.bodies, request.GET.get("organ"))
    status = request.GET.get("status", "")
    return WorkFilters(
        partnership=scope.partnership.pk if scope.partnership else None,
        body=body.pk if body else None,
        status=status if status in AWAITING_STATUSES else "",
        overdue_only=request.GET.get("forfalt") == "1",
        concluded=request.GET.get("avsluttet") == "1",
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    concluded = request.GET.get("avsluttet") == "1"
    scope = _scope(request, concluded=concluded)
    filters = _filters(request, scope)
    body_ids = [b.pk for b in scope.bodies]
    sorting = Sorting(request, WORK_COLUMNS, default="frist")
    work = work_list(
        partnerships=scope.shown, bodies=body_ids, filters=filters, order=sorting.order_by()
    )
    page = Paginator(work, PER_PAGE).get_page(request.GET.get("side"))
    meetings = Paginator(meetings_upcoming_in(partnerships=scope.shown), MEETINGS_PER_PAGE)
    context = {
        "scope": scope,
        "filters": filters,
        "flags": flags_of(partnerships=scope.shown, bodies=body_ids),
        "meetings": meetings.get_page(request.GET.get(MEETING_PAGE)),
        "meeting_page": MEETING_PAGE,
        "page": page,
        "sorting": sorting,
        "statuses": [(s, FollowUp.Status(s).label) for s in AWAITING_STATUSES],
        "titles": proposal_titles(user=request.user, proposal_ids=[f.proposal_id for f in page]),
        "today": time.today(),
    }
    return render(request, "backoffice/overview.html", context)


urlpatterns: list[URLPattern] = [path("oversikt/", overview, name="overview")]
