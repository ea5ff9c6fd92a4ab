"""Proposals with their follow-up tracker, and temporary committees."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee, CommitteeMembership, CommitteeReport
from partnerskap.committees.selectors import committees_public
from partnerskap.core import time
from partnerskap.documents.selectors import documents_public
from partnerskap.followup.models import FINAL_STATUSES, FollowUp, FollowUpEvent, Proposal
from partnerskap.followup.selectors import amendment_diff, proposals_public
from partnerskap.meetings.selectors import item_public
from partnerskap.portal.http import partnership_or_404, public_page

#: Proposals a page: each shows its whole tracker (5–9 bodies, about 1 ms of rendering).
PROPOSALS_PER_PAGE = 10
#: What ``portal/_tracker.html`` reads of a follow-up without its decisions.
TRACKER_FIELDS = (
    "proposal_id",
    "status",
    "expected_by",
    "body_case_number",
    "body_meeting_date",
    "decided_on",
    "elected_body__name",
)


def _tracked(partnership: Partnership) -> QuerySet[Proposal]:
    return proposals_public(partnership=partnership).prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("elected_body__party").order_by(
                "elected_body__party__name", "elected_body__name"
            ),
        ),
        "areas",
    )


def _listed(partnership: Partnership) -> QuerySet[Proposal]:
    """The proposal list and its trackers (without the decisions): only the columns the list
    shows. Loading whole rows (texts, timestamps, each proposal's meeting and partnership)
    took half of the page's time on a 20-year partnership."""
    return (
        proposals_public(partnership=partnership)
        .select_related(None)
        .select_related("item")
        .only("pk", "title", "sent_on", "kind", "partnership_id", "item__number", "item__year")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("elected_body")
                .only(*TRACKER_FIELDS)
                .order_by("elected_body__party__name", "elected_body__name"),
            )
        )
    )


@public_page
def proposal_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    proposals = _listed(obj).order_by("-sent_on", "-id")
    state = request.GET.get("status", "")
    if state == "venter":
        # exclude() over a multi-valued relation is a NOT EXISTS: no duplicates to remove.
        proposals = proposals.exclude(follow_ups__status__in=FINAL_STATUSES)
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
    proposal: Proposal = get_object_or_404(
        _tracked(obj).prefetch_related(
            Prefetch("follow_ups__events", queryset=FollowUpEvent.objects.order_by("on", "id"))
        ),
        pk=pk,
    )
    context = {
        "partnership": obj,
        "proposal": proposal,
        "item": item_public(item=proposal.item),
        "follow_ups": list(proposal.follow_ups.all()),
        "diff": amendment_diff(proposal=proposal)
        if proposal.kind == Proposal.Kind.AMENDMENT
        else None,
        "today": time.today(),
        "final_statuses": FINAL_STATUSES,
        "documents": documents_public(partnership=obj, proposal=proposal),
    }
    return render(request, "portal/proposal_detail.html", context)


def _committees(partnership: Partnership) -> QuerySet[Committee]:
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


@public_page
def committee_list(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    # The list shows names, dates and whether a report exists: not members, areas, reports.
    committees = (
        committees_public(partnership=obj)
        .annotate(has_reports=Exists(CommitteeReport.objects.filter(committee=OuterRef("pk"))))
        .order_by("-starts_on")
    )
    context = {"partnership": obj, "committees": committees, "today": time.today()}
    return render(request, "portal/committee_list.html", context)


@public_page
def committee_detail(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    committee = get_object_or_404(_committees(obj), pk=pk)
    context = {
        "partnership": obj,
        "committee": committee,
        "today": time.today(),
        "documents": documents_public(partnership=obj, committee=committee),
    }
    return render(request, "portal/committee_detail.html", context)
