"""Meetings and agenda items: public reads, and writes for the partnership's secretariats
through the meetings services (create, reschedule, add and change items, publish the notice)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnerskap.agreements.models import CooperationArea, Partnership, SustainableDevelopmentGoal
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
    PublicList,
    acting_user,
    deny,
    page_of,
    validated,
)
from partnerskap.core.access import Surface, exempt_access_record
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.selectors import (
    agenda_public,
    agendas_public,
    item_public,
    minutes_public,
)
from partnerskap.meetings.services.agenda import agenda_item_add, agenda_item_update
from partnerskap.meetings.services.lifecycle import (
    meeting_create,
    meeting_publish_notice,
    meeting_reschedule,
)
from partnerskap.people import policy

TAG = "meetings"


def require_editor(user: User, partnership: Partnership) -> None:
    """The user plans in ``partnership`` (``policy.can_plan``): every write of this API plans
    (meetings, their notices and agendas), which a concluded partnership no longer takes."""
    if policy.can_edit_partnership(user, partnership) and policy.is_concluded(partnership):
        raise deny(policy.concluded_message(partnership), "api.forbidden.concluded")
    if not policy.can_plan(user, partnership):
        raise deny(
            _(
                "Only the secretariats of the parties to %(partnership)s may change its "
                "meetings and agendas."
            )
            % {"partnership": partnership},
            "api.forbidden.edit_partnership",
        )


def meeting_to_edit(request: Request, pk: int) -> tuple[Meeting, User]:
    """The meeting and the acting user, who must be one of its partnership's editors."""
    user = acting_user(request)
    meeting = get_object_or_404(selectors.meetings_to_write(user), pk=pk)
    require_editor(user, meeting.partnership)
    return meeting, user


def item_to_edit(request: Request, pk: int) -> tuple[AgendaItem, User]:
    """The item and the acting user, who must be one of its partnership's editors."""
    user = acting_user(request)
    item = get_object_or_404(selectors.items_to_write(user), pk=pk)
    require_editor(user, item.meeting.partnership)
    return item, user


def _unknown(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]}, code="does_not_exist")


def _location(pk: int | None) -> Location | None:
    if pk is None:
        return None
    location = Location.objects.filter(pk=pk).first()
    if location is None:
        raise _unknown("location", _("No such location."))
    return location


def _areas(ids: list[int]) -> list[CooperationArea]:
    found = CooperationArea.objects.in_bulk(ids)
    missing = sorted(set(ids) - set(found))
    if missing:
        raise _unknown(
            "areas",
            _("No such cooperation area: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def _sdgs(numbers: list[int]) -> list[SustainableDevelopmentGoal]:
    return list(SustainableDevelopmentGoal.objects.filter(number__in=numbers))


def meeting_representation(request: Request, meeting: Meeting) -> Any:
    context = {
        "request": request,
        "agenda": agenda_public(meeting=meeting),
        "minutes": minutes_public(meeting=meeting),
    }
    return out.MeetingDetailSerializer(meeting, context=context).data


class MeetingList(PublicList[Meeting]):
    docs = {
        "get": Doc(
            tags=[TAG],
            summary="Meetings",
            description="All meetings of public partnerships (the calendar is public, L2), "
            "by start time.",
            parameters=[inputs.MeetingFilter, *LIST_PARAMETERS],
            responses={200: page_of(out.MeetingSerializer), **LIST_ERRORS},
        ),
        "post": Doc(
            tags=[TAG],
            summary="Create a meeting",
            description="For the secretariats of the partnership's parties. A meeting outside "
            "the agreement period is allowed and flagged (`outside_period`, A18).",
            request=inputs.MeetingCreate,
            responses={201: out.MeetingDetailSerializer, **WRITE_ERRORS},
        ),
    }
    keyset = Keyset("starts_at", "id")
    filter_class = inputs.MeetingFilter
    serializer_class = out.MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings()

    def filter(self, queryset: QuerySet[Meeting], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        if "partnership" in params:
            queryset = queryset.filter(partnership=params["partnership"])
        if "party" in params:
            queryset = queryset.filter(
                partnership__in=Partnership.objects.filter(parties=params["party"]).values("pk")
            )
        if "year" in params:
            queryset = queryset.filter(starts_at__year=params["year"])
        if "status" in params:
            queryset = queryset.filter(status=params["status"])
        if "area" in params:
            area = selectors.area(params["area"])
            if area is None:
                return queryset.none()
            queryset = queryset.filter(pk__in=selectors.meetings_in_area(area).values("pk"))
        return queryset

    def post(self, request: Request) -> Response:
        data = validated(inputs.MeetingCreate, request.data)
        user = acting_user(request)
        partnership = selectors.partnerships_to_write(user).filter(pk=data["partnership"]).first()
        if partnership is None:
            raise _unknown("partnership", _("No such partnership."))
        require_editor(user, partnership)
        meeting = meeting_create(
            partnership=partnership,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=_location(data.get("location")),
            form=data["form"],
            actor=user,
        )
        return Response(
            meeting_representation(request, meeting),
            status=201,
            headers={"Location": api_url(request, "meeting-detail", meeting.pk)},
        )


class MeetingDetail(ApiView):
    docs = {
        "get": Doc(
            tags=[TAG],
            summary="One meeting, with its public agenda and minutes",
            description="The agenda is empty until the notice is published (L1); a closed item "
            "shows only its neutral title and legal basis (L3). `minutes` is the public part of "
            "the latest approved minutes, or null.",
            responses={200: out.MeetingDetailSerializer, **DETAIL_ERRORS},
        ),
        "patch": Doc(
            tags=[TAG],
            summary="Move a meeting, or change its place or form",
            description="Before it is held; a postponed meeting becomes planned again.",
            request=inputs.MeetingChange,
            responses={200: out.MeetingDetailSerializer, **WRITE_ERRORS},
        ),
    }

    def get(self, request: Request, pk: int) -> Response:
        meeting = get_object_or_404(selectors.meetings(), pk=pk)
        return Response(meeting_representation(request, meeting))

    def patch(self, request: Request, pk: int) -> Response:
        meeting, user = meeting_to_edit(request, pk)
        data = validated(inputs.MeetingChange, request.data)
        meeting = meeting_reschedule(
            meeting=meeting,
            starts_at=data.get("starts_at", meeting.starts_at),
            ends_at=data.get("ends_at", meeting.ends_at),
            location=_location(data.get("location")),
            form=data.get("form"),
            actor=user,
        )
        return Response(meeting_representation(request, meeting))


class MeetingItems(ApiView):
    docs = {
        "post": Doc(
            tags=[TAG],
            summary="Add an item to a meeting's agenda",
            description="Numbered `PS n/yyyy`; within the agreement's current areas (A3, A6). "
            "Public once the notice is published.",
            request=inputs.ItemCreate,
            responses={201: out.AgendaItemDraftSerializer, **WRITE_ERRORS},
        ),
    }

    def post(self, request: Request, pk: int) -> Response:
        meeting, user = meeting_to_edit(request, pk)
        data = validated(inputs.ItemCreate, request.data)
        item = agenda_item_add(
            meeting=meeting,
            kind=data["kind"],
            title=data["title"],
            areas=_areas(data["areas"]),
            sdgs=_sdgs(data.get("sdgs", [])),
            case_presentation=data.get("case_presentation", ""),
            recommendation=data.get("recommendation", ""),
            procedural_subject=data.get("procedural_subject", ""),
            actor=user,
        )
        return Response(
            out.AgendaItemDraftSerializer(item, context={"request": request}).data,
            status=201,
            headers={"Location": api_url(request, "item-detail", item.pk)},
        )


class MeetingNotice(ApiView):
    docs = {
        "post": Doc(
            tags=[TAG],
            summary="Publish the notice",
            description="Time, place and agenda become public at once (L1); a notice later than "
            "the partnership's lead time is published and flagged as late.",
            request=inputs.NoticePublish,
            responses={201: out.NoticeSerializer, **WRITE_ERRORS},
        ),
    }

    def post(self, request: Request, pk: int) -> Response:
        meeting, user = meeting_to_edit(request, pk)
        data = validated(inputs.NoticePublish, request.data)
        notice = meeting_publish_notice(
            meeting=meeting, message=data.get("message", ""), actor=user
        )
        return Response(
            out.NoticeSerializer(notice).data,
            status=201,
            headers={"Location": api_url(request, "meeting-detail", meeting.pk)},
        )


def _items() -> QuerySet[AgendaItem]:
    return selectors.items().select_related("partnership").prefetch_related("areas", "sdgs")


class ItemList(PublicList[AgendaItem]):
    docs = {
        "get": Doc(
            tags=[TAG],
            summary="Agenda items",
            description="Items of published agendas, by year and number. A closed item "
            "(`public: false`) shows only its neutral title and legal basis (L3).",
            parameters=[inputs.ItemFilter, *LIST_PARAMETERS],
            responses={200: page_of(out.AgendaItemSerializer), **LIST_ERRORS},
        ),
    }
    keyset = Keyset("year", "number", "id")
    filter_class = inputs.ItemFilter
    serializer_class = out.AgendaItemSerializer

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return _items()

    def filter(self, queryset: QuerySet[AgendaItem], params: dict[str, Any]) -> Any:
        queryset = super().filter(queryset, params)
        for name in ("partnership", "meeting", "year"):
            if name in params:
                queryset = queryset.filter(**{name: params[name]})
        if "area" in params:
            area = selectors.area(params["area"])
            if area is None:
                return queryset.none()
            queryset = queryset.filter(pk__in=selectors.items_in_area(area).values("pk"))
        return queryset

    def represent(self, rows: list[AgendaItem]) -> Any:
        """Each row in its public form, from ``agendas_public`` (one query for the page)."""
        agendas = agendas_public({row.meeting_id: row.meeting for row in rows}.values())
        public = {item.pk: item for agenda in agendas.values() for item in agenda}
        views = [out.ItemView(public[row.pk], row) for row in rows if row.pk in public]
        return self.serializer_class(views, many=True, context=self.context()).data


class ItemDetail(ApiView):
    docs = {
        "get": Doc(
            tags=[TAG],
            summary="One agenda item",
            responses={200: out.AgendaItemSerializer, **DETAIL_ERRORS},
        ),
        "patch": Doc(
            tags=[TAG],
            summary="Change an agenda item",
            description="Before the meeting is held. Send `expected_lock_version` to be refused "
            "(409) instead of overwriting a change made meanwhile.",
            request=inputs.ItemChange,
            responses={200: out.AgendaItemDraftSerializer, **WRITE_ERRORS},
        ),
    }

    def get(self, request: Request, pk: int) -> Response:
        item = get_object_or_404(_items(), pk=pk)
        public = item_public(item=item)
        if public is None:
            raise Http404
        context = {"request": request}
        return Response(out.AgendaItemSerializer(out.ItemView(public, item), context=context).data)

    def patch(self, request: Request, pk: int) -> Response:
        item, user = item_to_edit(request, pk)
        data = validated(inputs.ItemChange, request.data)
        item = agenda_item_update(
            item=item,
            title=data.get("title", item.title),
            areas=_areas(data["areas"]) if "areas" in data else list(item.areas.all()),
            sdgs=_sdgs(data["sdgs"]) if "sdgs" in data else list(item.sdgs.all()),
            case_presentation=data.get("case_presentation", item.case_presentation),
            recommendation=data.get("recommendation", item.recommendation),
            expected_lock_version=data.get("expected_lock_version"),
            actor=user,
        )
        if item.is_closed:
            # Editors read exempt content (their roles are among policy.EXEMPT_READERS); the
            # answer carries the closed item's real content, so it is logged (L3).
            exempt_access_record(
                user=user,
                target=item,
                surface=Surface.API,
                label=item.case_number,
                partnership_id=item.partnership_id,
                path=request.path,
            )
        return Response(out.AgendaItemDraftSerializer(item, context={"request": request}).data)
