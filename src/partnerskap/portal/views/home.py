"""Home, partnership front page and search."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from partnerskap.agreements.selectors import (
    areas_current,
    parties_in_public_partnerships,
    partnerships_public,
)
from partnerskap.core import time
from partnerskap.core.page_cache import not_shared
from partnerskap.core.params import MAX_PAGE, int_param, year_param
from partnerskap.followup.models import FINAL_STATUSES
from partnerskap.followup.selectors import proposals_carried_over_public
from partnerskap.meetings.selectors import compliance_for_years
from partnerskap.portal.http import public_page
from partnerskap.portal.selectors import (
    HOME_CARDS_UP_TO,
    highlights_of,
    home_overview,
    home_partnership_ids,
    parties_in_order,
    partnership_highlights,
    search_areas,
)
from partnerskap.search.models import SearchEntry


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Each partnership with its highlights; on a site with many, the next meetings and latest
    minutes across them and the partnerships by county (``HOME_CARDS_UP_TO``)."""
    if len(home_partnership_ids()) > HOME_CARDS_UP_TO:
        return render(request, "portal/home.html", {"overview": home_overview()})
    cards = partnership_highlights(partnerships=partnerships_public())
    return render(request, "portal/home.html", {"cards": cards})


@public_page
def partnership(request: HttpRequest, partnership: str) -> HttpResponse:
    highlights = highlights_of(slug=partnership)
    if highlights is None:
        raise Http404
    obj = highlights["partnership"]
    years = compliance_for_years(partnership=obj)
    current = next((y for y in years if y.is_current), years[-1] if years else None)
    context = {
        "partnership": obj,
        "parties": parties_in_order(partnership=obj),
        "areas": areas_current(partnership=obj),
        "compliance": current,
        "years": years,
        "carried_over": proposals_carried_over_public(partnership=obj),
        **highlights,
    }
    return render(request, "portal/partnership.html", context)


# Not shared: the index follows a write through a job, so the data version runs ahead of it.
@not_shared
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
        "areas": search_areas(),
        "parties": parties_in_public_partnerships(),
        "years": range(time.today().year, 2019, -1),
        "final_statuses": FINAL_STATUSES,
        "kinds": SearchEntry.Kind.choices,
    }
    return render(request, "portal/search.html", context)
