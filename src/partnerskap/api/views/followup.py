"""Proposals with their follow-ups, committees (read), and recording a follow-up step for the
body's party (``followup.services.followup_record``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from partnerskap.api import inputs, selectors
from partnerskap.api import serializers as out
from partnerskap.api.links import api_url
from partnerskap.api.pagination import Keyset
from partnerskap.api.views.base import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    LIST_PARAMETERS,
    WRITE_ERRORS,
    ApiView,
    Doc,
    PublicDetail,
    PublicList,
    acting_user,
    deny,
    page_of,
    validated,
)
from partnerskap.committees.models import Committee
from partnerskap.core import time
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import of_party
from partnerskap.followup.services import followup_record
from partnerskap.people import policy


def _today_context(request: Request) -> dict[str, Any]:
    return {"request": request, "today": time.today()}


class ProposalList(PublicList[Proposal]):
    docs = {
        "get": Doc(
            tags=["proposals"],
            summary="Proposals to the parties, with their follow-ups",
            description="Newest first. A proposal from an item dealt with in closed session is "
            "not public.",
            parameters=[inputs.ProposalFilter, *LIST_PARAMETERS],
            responses={200: page_of(out.ProposalSerializer), **LIST_ERRORS},
        ),
    }
    keyset = Keyset("-sent_on", "-id")
    filter_class = inputs.ProposalFilter
    serializer_class = out.ProposalSerializer

    def get_queryset(self) -> QuerySet[Proposal]:
        return selectors.proposals()

    def context(self) -> dict[str, Any]:
        return _today_context(self.request)

    def filter(self, queryset: QuerySet[Proposal], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "partnership" in params:
            queryset = queryset.filter(partnership=params["partnership"])
        if "year" in params:
            queryset = queryset.filter(sent_on__year=params["year"])
        if "area" in params:
            queryset = queryset.filter(
                pk__in=Proposal.objects.filter(areas=params["area"]).values("pk")
            )
        follow_ups = FollowUp.objects.all()
        if "party" in params:
            follow_ups = follow_ups.filter(of_party(params["party"]))
        if "status" in params:
            follow_ups = follow_ups.filter(status=params["status"])
        if "party" in params or "status" in params:
            queryset = queryset.filter(pk__in=follow_ups.values("proposal_id"))
        return queryset


class ProposalDetail(PublicDetail[Proposal]):
    docs = {
        "get": Doc(
            tags=["proposals"],
            summary="One proposal, with its follow-ups",
            responses={200: out.ProposalSerializer, **DETAIL_ERRORS},
        ),
    }
    serializer_class = out.ProposalSerializer

    def get_queryset(self) -> QuerySet[Proposal]:
        return selectors.proposals()

    def get(self, request: Request, pk: int) -> Response:
        proposal = self.get_object(pk)
        return Response(out.ProposalSerializer(proposal, context=_today_context(request)).data)


class FollowUpList(PublicList[FollowUp]):
    docs = {
        "get": Doc(
            tags=["proposals"],
            summary="Follow-ups: each body's handling of a public proposal",
            description="By id. Filter by `party` to see what a party's bodies still owe "
            "(with `status`).",
            parameters=[inputs.FollowUpFilter, *LIST_PARAMETERS],
            responses={200: page_of(out.FollowUpSerializer), **LIST_ERRORS},
        ),
    }
    keyset = Keyset("id")
    filter_class = inputs.FollowUpFilter
    serializer_class = out.FollowUpSerializer

    def get_queryset(self) -> QuerySet[FollowUp]:
        return selectors.follow_ups()

    def context(self) -> dict[str, Any]:
        return _today_context(self.request)

    def filter(self, queryset: QuerySet[FollowUp], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "partnership" in params:
            queryset = queryset.filter(proposal__partnership=params["partnership"])
        if "proposal" in params:
            queryset = queryset.filter(proposal=params["proposal"])
        if "party" in params:
            queryset = queryset.filter(of_party(params["party"]))
        if "body" in params:
            queryset = queryset.filter(elected_body=params["body"])
        if "status" in params:
            queryset = queryset.filter(status=params["status"])
        return queryset


class FollowUpDetail(PublicDetail[FollowUp]):
    docs = {
        "get": Doc(
            tags=["proposals"],
            summary="One follow-up, with its history",
            responses={200: out.FollowUpSerializer, **DETAIL_ERRORS},
        ),
    }
    serializer_class = out.FollowUpSerializer

    def get_queryset(self) -> QuerySet[FollowUp]:
        return selectors.follow_ups()

    def get(self, request: Request, pk: int) -> Response:
        follow_up = self.get_object(pk)
        return Response(out.FollowUpSerializer(follow_up, context=_today_context(request)).data)


class FollowUpSteps(ApiView):
    docs = {
        "post": Doc(
            tags=["proposals"],
            summary="Record a step in a body's follow-up",
            description="For the body's own party: its secretariat, or its case officers (a "
            "member municipality's case officer answers for the municipality's bodies). Steps only "
            "go forward (sent → received → on the body's agenda → a decision), and a decision is "
            "final. Send `expected_lock_version` to be refused (409) instead of recording over a "
            "step made meanwhile.",
            request=inputs.FollowUpStep,
            responses={201: out.FollowUpSerializer, **WRITE_ERRORS},
        ),
    }

    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        follow_up = get_object_or_404(selectors.follow_ups_to_write(user), pk=pk)
        body = follow_up.elected_body
        if not policy.can_record_follow_up(user, body):
            raise deny(
                _(
                    "Only the secretariat or the case officers of %(party)s may record the "
                    "follow-up of %(body)s."
                )
                % {"party": body.party, "body": body},
                "api.forbidden.record_follow_up",
            )
        data = validated(inputs.FollowUpStep, request.data)
        followup_record(
            follow_up=follow_up,
            status=data["status"],
            on=data.get("on") or time.today(),
            body_meeting_date=data.get("body_meeting_date"),
            body_case_number=data.get("body_case_number", ""),
            decision_text=data.get("decision_text", ""),
            decision_url=data.get("decision_url", ""),
            note=data.get("note", ""),
            expected_lock_version=data.get("expected_lock_version"),
            actor=user,
        )
        fresh = selectors.follow_up_with_history(follow_up.pk)
        return Response(
            out.FollowUpSerializer(fresh, context=_today_context(request)).data,
            status=201,
            headers={"Location": api_url(request, "follow-up-detail", fresh.pk)},
        )


def _committees() -> QuerySet[Committee]:
    return selectors.committees().select_related("partnership")


class CommitteeList(PublicList[Committee]):
    docs = {
        "get": Doc(
            tags=["committees"],
            summary="Temporary committees (A11)",
            description="Newest first. A committee set up in closed session is not public.",
            parameters=[inputs.CommitteeFilter, *LIST_PARAMETERS],
            responses={200: page_of(out.CommitteeSerializer), **LIST_ERRORS},
        ),
    }
    keyset = Keyset("-starts_on", "-id")
    filter_class = inputs.CommitteeFilter
    serializer_class = out.CommitteeSerializer

    def get_queryset(self) -> QuerySet[Committee]:
        return _committees()

    def filter(self, queryset: QuerySet[Committee], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "partnership" in params:
            queryset = queryset.filter(partnership=params["partnership"])
        if "year" in params:
            queryset = queryset.filter(
                starts_on__year__lte=params["year"], ends_on__year__gte=params["year"]
            )
        if "area" in params:
            queryset = queryset.filter(
                pk__in=Committee.objects.filter(areas=params["area"]).values("pk")
            )
        return queryset


class CommitteeDetail(PublicDetail[Committee]):
    docs = {
        "get": Doc(
            tags=["committees"],
            summary="One committee",
            responses={200: out.CommitteeSerializer, **DETAIL_ERRORS},
        ),
    }
    serializer_class = out.CommitteeSerializer

    def get_queryset(self) -> QuerySet[Committee]:
        return _committees()
