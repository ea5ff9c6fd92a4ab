"""Meetings: calendar and list, a meeting with its agenda and minutes, an item, the guests."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.models import Party
from partnerskap.agreements.selectors import areas_current
from partnerskap.core.params import int_param, year_param
from partnerskap.documents.selectors import documents_public
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.selectors import (
    agenda_public,
    item_public,
    meetings_public,
    minutes_public,
)
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.portal.selectors import (
    goals,
    guests_listed,
    item_topics,
    items_of,
    meeting_guests,
    meeting_ids,
    meeting_years,
    meetings_by_id,
    meetings_listed,
    parties_in_order,
    proposals_by_item,
)

MEETINGS_PER_PAGE = 25
GUESTS_PER_PAGE = 25


@public_page
def meeting_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    chosen = {
        "year": request.GET.get("ar", ""),
        "area": request.GET.get("omrade", ""),
        "sdg": request.GET.get("mal", ""),
        "party": request.GET.get("part", ""),
    }
    meetings = meetings_listed(
        partnership=obj,
        year=year_param(chosen, "year"),
        area=chosen["area"],
        sdg=int_param(chosen, "sdg", maximum=17),  # the UN has 17 goals (A2)
        party=chosen["party"],
    )
    page = Paginator(meeting_ids(meetings), MEETINGS_PER_PAGE).get_page(request.GET.get("side"))
    listed = meetings_by_id(partnership=obj, ids=list(page.object_list))
    by_year = [(year, list(group)) for year, group in groupby(listed, key=lambda m: m.date.year)]
    context = {
        "partnership": obj,
        "page": page,
        "by_year": by_year,
        "years": meeting_years(partnership=obj),
        "areas": areas_current(partnership=obj),
        "sdgs": goals(),
        "parties": parties_in_order(partnership=obj),
        "chosen": chosen,
        "filtered": any(chosen.values()),
    }
    return render(request, "portal/meeting_list.html", context)


@public_page
def meeting_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    meeting = get_object_or_404(meetings_public(partnership=obj), pk=pk)
    agenda = agenda_public(meeting=meeting)
    context = {
        "partnership": obj,
        "meeting": meeting,
        "notice": getattr(meeting, "notice", None),
        "agenda": agenda,
        "proposals": proposals_by_item(partnership=obj, meeting=meeting),
        "minutes": minutes_public(meeting=meeting),
        "guests": meeting_guests(meeting=meeting),
        "documents": documents_public(partnership=obj, meeting=meeting),
    }
    return render(request, "portal/meeting_detail.html", context)


@public_page
def item_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    item = get_object_or_404(items_of(partnership=obj), pk=pk)
    public = item_public(item=item)
    if public is None:
        raise Http404
    # Of a closed item the page shows no areas, goals or proposal.
    areas, sdgs, proposal = (
        ([], [], None) if public.closed else item_topics(partnership=obj, item=item)
    )
    context = {
        "partnership": obj,
        "meeting": item.meeting,
        "item": public,
        "areas": areas,
        "sdgs": sdgs,
        "proposal": proposal,
        "documents": [] if public.closed else documents_public(partnership=obj, item=item),
    }
    return render(request, "portal/item_detail.html", context)


@public_page
def guests(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    page = Paginator(guests_listed(partnership=obj), GUESTS_PER_PAGE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "portal/guests.html",
        {
            "partnership": obj,
            "invitations": page,
            "page": page,
            "Meeting": Meeting,
            "Party": Party,
        },
    )
