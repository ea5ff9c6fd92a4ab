"""Proposals with their follow-up tracker, and temporary committees."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.core import time
from partnerskap.documents.selectors import documents_public
from partnerskap.followup.models import FINAL_STATUSES, Proposal
from partnerskap.followup.selectors import amendment_diff
from partnerskap.meetings.selectors import item_public
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.portal.selectors import (
    committees_detailed,
    committees_listed,
    proposal_follow_ups,
    proposals_listed,
    proposals_tracked,
)

#: Proposals a page: each shows its whole tracker (5–9 bodies, about 1 ms of rendering).
PROPOSALS_PER_PAGE = 10


@public_page
def proposal_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    state = request.GET.get("status", "")
    proposals = proposals_listed(partnership=obj, awaiting=state == "venter")
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "partnership": obj,
        "page": page,
        "state": state,
        "today": time.today(),
        "final_statuses": FINAL_STATUSES,
    }
    return render(request, "portal/proposal_list.html", context)


@public_page
def proposal_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    proposal: Proposal = get_object_or_404(proposals_tracked(partnership=obj), pk=pk)
    context = {
        "partnership": obj,
        "proposal": proposal,
        "item": item_public(item=proposal.item),
        "follow_ups": proposal_follow_ups(proposal=proposal),
        "diff": amendment_diff(proposal=proposal)
        if proposal.kind == Proposal.Kind.AMENDMENT
        else None,
        "today": time.today(),
        "final_statuses": FINAL_STATUSES,
        "documents": documents_public(partnership=proposal.partnership, proposal=proposal),
    }
    return render(request, "portal/proposal_detail.html", context)


@public_page
def committee_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    committees = committees_listed(partnership=obj)
    context = {"partnership": obj, "committees": committees, "today": time.today()}
    return render(request, "portal/committee_list.html", context)


@public_page
def committee_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    committee = get_object_or_404(committees_detailed(partnership=obj), pk=pk)
    context = {
        "partnership": obj,
        "committee": committee,
        "today": time.today(),
        "documents": documents_public(partnership=obj, committee=committee),
    }
    return render(request, "portal/committee_detail.html", context)
