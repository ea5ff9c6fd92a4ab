"""Meetings: calendar and list, a meeting with its agenda and minutes, an item, the guests."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.models import Party, SustainableDevelopmentGoal
from partnerskap.agreements.selectors import areas_current
from partnerskap.core.time import local
from partnerskap.documents.selectors import documents_public
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, GuestInvitation, Meeting
from partnerskap.meetings.selectors import (
    AGENDA_PUBLIC,
    agenda_public,
    item_public,
    meetings_public,
    minutes_public,
)
from partnerskap.portal.http import partnership_or_404, public_page

#: Items that may reveal what a meeting dealt with: on a public agenda and not closed.
OPEN_ITEMS = Q(items__withdrawn=False, items__closed_session__isnull=True) & Q(
    status__in=AGENDA_PUBLIC
)


@public_page
def meeting_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    meetings = meetings_public(partnership=obj).order_by("-starts_at")
    years = sorted(
        {local(m).year for m in meetings.values_list("starts_at", flat=True)}, reverse=True
    )
    chosen = {
        "year": request.GET.get("ar", ""),
        "area": request.GET.get("omrade", ""),
        "sdg": request.GET.get("mal", ""),
        "party": request.GET.get("part", ""),
    }
    if chosen["year"].isdigit():
        meetings = meetings.filter(starts_at__year=int(chosen["year"]))
    if chosen["area"]:
        meetings = meetings.filter(OPEN_ITEMS, items__areas__slug=chosen["area"])
    if chosen["sdg"].isdigit():
        meetings = meetings.filter(OPEN_ITEMS, items__sdgs__number=int(chosen["sdg"]))
    if chosen["party"]:
        meetings = meetings.filter(
            Q(OPEN_ITEMS, items__proposal__follow_ups__elected_body__party__slug=chosen["party"])
            | Q(
                OPEN_ITEMS,
                items__proposal__follow_ups__elected_body__party__council__slug=chosen["party"],
            )
            | Q(requested_by__requesting_party__slug=chosen["party"])
        )
    page = Paginator(meetings.distinct(), 25).get_page(request.GET.get("side"))
    by_year = [
        (year, list(group)) for year, group in groupby(page.object_list, key=lambda m: m.date.year)
    ]
    context = {
        "partnership": obj,
        "page": page,
        "by_year": by_year,
        "years": years,
        "areas": areas_current(partnership=obj),
        "sdgs": SustainableDevelopmentGoal.objects.all(),
        "parties": obj.parties.order_by("partnershipparty__position"),
        "chosen": chosen,
        "filtered": any(chosen.values()),
    }
    return render(request, "portal/meeting_list.html", context)


@public_page
def meeting_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    meeting = get_object_or_404(meetings_public(partnership=obj), pk=pk)
    agenda = agenda_public(meeting=meeting)
    proposals = {
        p.item_id: p for p in proposals_public(partnership=obj).filter(item__meeting=meeting)
    }
    guests = []
    if meeting.status in AGENDA_PUBLIC:
        guests = list(meeting.guests.select_related("inviting_party", "item"))
    context = {
        "partnership": obj,
        "meeting": meeting,
        "notice": getattr(meeting, "notice", None),
        "agenda": agenda,
        "proposals": proposals,
        "minutes": minutes_public(meeting=meeting),
        "guests": guests,
        "documents": documents_public(partnership=obj, meeting=meeting),
    }
    return render(request, "portal/meeting_detail.html", context)


@public_page
def item_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__partnership", "meeting__location"),
        pk=pk,
        partnership=obj,
        withdrawn=False,
    )
    public = item_public(item=item)
    if public is None:
        raise Http404
    areas, sdgs, proposal = [], [], None
    if not public.closed:
        areas = list(item.areas.all())
        sdgs = list(item.sdgs.all())
        proposal = proposals_public(partnership=obj).filter(item=item).first()
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
    invitations = (
        GuestInvitation.objects.filter(meeting__partnership=obj, meeting__status__in=AGENDA_PUBLIC)
        .select_related("meeting", "inviting_party", "item__closed_session")
        .order_by("-meeting__starts_at", "guest_name")
    )
    return render(
        request,
        "portal/guests.html",
        {"partnership": obj, "invitations": invitations, "Meeting": Meeting, "Party": Party},
    )
