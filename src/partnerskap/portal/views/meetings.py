"""Meetings: calendar and list, a meeting with its agenda and minutes, an item, the guests."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.models import Party, SustainableDevelopmentGoal
from partnerskap.agreements.selectors import areas_current
from partnerskap.core.params import int_param, year_param
from partnerskap.documents.selectors import documents_public
from partnerskap.followup.models import FollowUp
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.public import (
    agenda_is_public,
    agenda_public_q,
    guests_public,
    item_open_q,
)
from partnerskap.meetings.selectors import (
    agenda_public,
    item_public,
    meetings_public,
    minutes_public,
)
from partnerskap.portal.http import partnership_or_404, public_page

MEETINGS_PER_PAGE = 25
GUESTS_PER_PAGE = 25


def _open_items() -> QuerySet[AgendaItem]:
    """Items of the outer meeting that may reveal what it dealt with: not withdrawn, not
    closed (the meeting's agenda must also be public, ``agenda_public_q`` in
    ``meeting_list``)."""
    return AgendaItem.objects.filter(item_open_q(), meeting=OuterRef("pk"), withdrawn=False)


@public_page
def meeting_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    meetings = meetings_public(partnership=obj).order_by("-starts_at")
    years = [d.year for d in meetings.datetimes("starts_at", "year", order="DESC")]
    chosen = {
        "year": request.GET.get("ar", ""),
        "area": request.GET.get("omrade", ""),
        "sdg": request.GET.get("mal", ""),
        "party": request.GET.get("part", ""),
    }
    # One EXISTS per filter: no join over items × areas × follow-ups and no DISTINCT over
    # the joined rows (which grew with every item and follow-up of the partnership).
    public_agenda = agenda_public_q()
    year = year_param(chosen, "year")
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    if chosen["area"]:
        meetings = meetings.filter(
            public_agenda, Exists(_open_items().filter(areas__slug=chosen["area"]))
        )
    sdg = int_param(chosen, "sdg", maximum=17)  # the UN has 17 goals (A2)
    if sdg is not None:
        meetings = meetings.filter(public_agenda, Exists(_open_items().filter(sdgs__number=sdg)))
    if chosen["party"]:
        to_party = FollowUp.objects.filter(proposal__item=OuterRef("pk")).filter(
            Q(elected_body__party__slug=chosen["party"])
            | Q(elected_body__party__council__slug=chosen["party"])
        )
        meetings = meetings.filter(
            Q(public_agenda, Exists(_open_items().filter(Exists(to_party))))
            | Q(requested_by__requesting_party__slug=chosen["party"])
        )
    # The filters run once, for the ids (a partnership holds tens of meetings, not thousands);
    # the page's rows are then read by id, so the paginator needs no second COUNT(*) with them.
    page = Paginator(list(meetings.values_list("pk", flat=True)), MEETINGS_PER_PAGE).get_page(
        request.GET.get("side")
    )
    rows = meetings_public(partnership=obj).in_bulk(page.object_list)
    listed = [rows[pk] for pk in page.object_list]
    by_year = [(year, list(group)) for year, group in groupby(listed, key=lambda m: m.date.year)]
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
    if agenda_is_public(meeting):
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
        guests_public(partnership=obj)
        .select_related("meeting", "inviting_party", "item__closed_session")
        .order_by("-meeting__starts_at", "guest_name", "pk")
    )
    page = Paginator(invitations, GUESTS_PER_PAGE).get_page(request.GET.get("side"))
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
