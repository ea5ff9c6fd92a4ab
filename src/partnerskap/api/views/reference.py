"""Partnerships, parties, elected bodies, cooperation areas and locations (read only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from partnerskap.agreements.models import CooperationArea, ElectedBody, Partnership, Party
from partnerskap.api import inputs, selectors
from partnerskap.api import serializers as out
from partnerskap.api.pagination import Keyset
from partnerskap.api.views.base import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    LIST_PARAMETERS,
    Doc,
    PublicDetail,
    PublicList,
    page_of,
)
from partnerskap.meetings.models import Location


def _list(tag: str, summary: str, item: Any, filters: Any) -> dict[str, Doc]:
    return {
        "get": Doc(
            tags=[tag],
            summary=summary,
            parameters=[filters, *LIST_PARAMETERS],
            responses={200: page_of(item), **LIST_ERRORS},
        )
    }


def _detail(tag: str, summary: str, item: Any) -> dict[str, Doc]:
    return {"get": Doc(tags=[tag], summary=summary, responses={200: item, **DETAIL_ERRORS})}


class PartnershipList(PublicList[Partnership]):
    docs = _list(
        "partnerships", "Public partnerships", out.PartnershipSerializer, inputs.PartnershipFilter
    )
    keyset = Keyset("id")
    filter_class = inputs.PartnershipFilter
    serializer_class = out.PartnershipSerializer

    def get_queryset(self) -> QuerySet[Partnership]:
        return selectors.partnerships()

    def filter(self, queryset: QuerySet[Partnership], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "status" in params:
            queryset = queryset.filter(status=params["status"])
        if "party" in params:
            queryset = queryset.filter(
                pk__in=Partnership.objects.filter(parties=params["party"]).values("pk")
            )
        if "year" in params:
            queryset = queryset.filter(
                period_start__year__lte=params["year"], period_end__year__gte=params["year"]
            )
        return queryset


class PartnershipDetail(PublicDetail[Partnership]):
    docs = _detail("partnerships", "One partnership", out.PartnershipSerializer)
    serializer_class = out.PartnershipSerializer

    def get_queryset(self) -> QuerySet[Partnership]:
        return selectors.partnerships()


class PartyList(PublicList[Party]):
    """Parties to public partnerships, their member municipalities and successors."""

    docs = _list(
        "parties", "Parties of public partnerships", out.PartySerializer, inputs.PartyFilter
    )

    keyset = Keyset("id")
    filter_class = inputs.PartyFilter
    serializer_class = out.PartySerializer

    def get_queryset(self) -> QuerySet[Party]:
        return selectors.parties()

    def filter(self, queryset: QuerySet[Party], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "partnership" in params:
            pk = params["partnership"]
            queryset = queryset.filter(Q(partnerships=pk) | Q(council__partnerships=pk))
        if "kind" in params:
            queryset = queryset.filter(kind=params["kind"])
        return queryset


class PartyDetail(PublicDetail[Party]):
    docs = _detail("parties", "One party", out.PartySerializer)
    serializer_class = out.PartySerializer

    def get_queryset(self) -> QuerySet[Party]:
        return selectors.parties()


class BodyList(PublicList[ElectedBody]):
    """The bodies where proposals are followed up."""

    docs = _list(
        "bodies", "Elected bodies of the parties", out.ElectedBodySerializer, inputs.BodyFilter
    )

    keyset = Keyset("id")
    filter_class = inputs.BodyFilter
    serializer_class = out.ElectedBodySerializer

    def get_queryset(self) -> QuerySet[ElectedBody]:
        return selectors.bodies()

    def filter(self, queryset: QuerySet[ElectedBody], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "party" in params:
            queryset = queryset.filter(party=params["party"])
        return queryset


class BodyDetail(PublicDetail[ElectedBody]):
    docs = _detail("bodies", "One elected body", out.ElectedBodySerializer)
    serializer_class = out.ElectedBodySerializer

    def get_queryset(self) -> QuerySet[ElectedBody]:
        return selectors.bodies()


class AreaList(PublicList[CooperationArea]):
    docs = _list("areas", "Current cooperation areas (A3)", out.AreaSerializer, inputs.AreaFilter)
    keyset = Keyset("id")
    filter_class = inputs.AreaFilter
    serializer_class = out.AreaSerializer

    def get_queryset(self) -> QuerySet[CooperationArea]:
        return selectors.areas().select_related("part__agreement__partnership")

    def filter(self, queryset: QuerySet[CooperationArea], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "partnership" in params:
            queryset = queryset.filter(part__agreement__partnership=params["partnership"])
        return queryset


class AreaDetail(PublicDetail[CooperationArea]):
    docs = _detail("areas", "One cooperation area", out.AreaSerializer)
    serializer_class = out.AreaSerializer

    def get_queryset(self) -> QuerySet[CooperationArea]:
        return selectors.areas().select_related("part__agreement__partnership")


class LocationList(PublicList[Location]):
    """Places meetings are held; a new meeting names one by its id."""

    docs = _list("meetings", "Meeting places", out.LocationSerializer, inputs.Filter)

    keyset = Keyset("id")
    serializer_class = out.LocationSerializer

    def get_queryset(self) -> QuerySet[Location]:
        return selectors.locations()
