"""Home, partnership front page and search."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import (
    areas_current,
    areas_public,
    parties_in_public_partnerships,
    partnerships_public,
)
from partnerskap.core import time
from partnerskap.core.params import MAX_PAGE, int_param, year_param
from partnerskap.followup.models import AWAITING_STATUSES, FINAL_STATUSES, FollowUp, Proposal
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.public import item_open_q
from partnerskap.meetings.selectors import compliance_for_years
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.search.models import SearchEntry


def _with_highlights(partnerships: QuerySet[Partnership]) -> list[dict[str, object]]:
    """Each partnership with its next meeting, latest minutes and the number of proposals
    awaiting the parties, in a constant number of queries however many there are."""
    now = timezone.now()
    upcoming = (
        Meeting.objects.filter(partnership=OuterRef("pk"), starts_at__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values("pk")[:1]
    )
    latest = (
        Meeting.objects.filter(partnership=OuterRef("pk"), status=Meeting.Status.MINUTES_APPROVED)
        .order_by("-starts_at")
        .values("pk")[:1]
    )
    # Counted per partnership over its proposals, each probing the partial index of awaiting
    # follow-ups (``follow_up_awaiting_idx``): the cost does not grow with every answer ever
    # recorded, as a join of all proposals × follow-ups did.
    awaiting = (
        Proposal.objects.filter(item_open_q("item"), partnership=OuterRef("pk"))
        .filter(
            Exists(FollowUp.objects.filter(proposal=OuterRef("pk"), status__in=AWAITING_STATUSES))
        )
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
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


@public_page
def home(request: HttpRequest) -> HttpResponse:
    cards = _with_highlights(partnerships_public())
    return render(request, "portal/home.html", {"cards": cards})


@public_page
def partnership(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    (highlights,) = _with_highlights(partnerships_public().filter(pk=obj.pk))
    years = compliance_for_years(partnership=obj)
    current = next((y for y in years if y.is_current), years[-1] if years else None)
    context = {
        "partnership": obj,
        "parties": obj.parties.order_by("partnershipparty__position"),
        "areas": areas_current(partnership=obj),
        "compliance": current,
        "years": years,
        **highlights,
    }
    return render(request, "portal/partnership.html", context)


@public_page
def search(request: HttpRequest) -> HttpResponse:
    from partnerskap.search import service  # noqa: PLC0415 - optional until search lands

    query = request.GET.get("q", "").strip()[:200]
    filters = {
        "partnership": request.GET.get("partnerskap") or None,
        "kind": request.GET.get("type") or None,
        "year": year_param(request.GET, "ar"),
        "area": request.GET.get("omrade") or None,
        "party": request.GET.get("part") or None,
    }
    page_number = int_param(request.GET, "side", maximum=MAX_PAGE) or 1
    results = service.search_public(query=query, page=page_number, **filters) if query else None
    context = {
        "query": query,
        "results": results,
        "filters": filters,
        "partnerships": partnerships_public(),
        "areas": areas_public().select_related("part"),
        "parties": parties_in_public_partnerships(),
        "years": range(time.today().year, 2019, -1),
        "final_statuses": FINAL_STATUSES,
        "kinds": SearchEntry.Kind.choices,
    }
    return render(request, "portal/search.html", context)
