"""Meetings, their notice, public agenda and minutes, and agenda items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerskap.api.fields import EnumField
from partnerskap.api.links import api_url, web_url
from partnerskap.api.serializers.base import ApiSerializer, AreaRefSerializer
from partnerskap.api.serializers.reference import LocationSerializer
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.selectors import PublicItem

S = serializers


class NoticeSerializer(S.Serializer[Any]):
    published_at = S.DateTimeField()
    deadline = S.DateTimeField(help_text="When the notice should have been published (L1).")
    late = S.BooleanField(source="is_late")
    message = S.CharField()


class PublicItemSerializer(S.Serializer[Any]):
    """An agenda item as the public sees it. A closed item (``public: false``) shows only its
    neutral title and legal basis (L3)."""

    id = S.IntegerField(source="pk")
    url = S.SerializerMethodField()
    case_number = S.CharField()
    kind = EnumField(AgendaItem.Kind, name="AgendaItemKind")
    public = S.SerializerMethodField()
    title = S.CharField()
    legal_basis = S.SerializerMethodField()
    case_presentation = S.CharField()
    recommendation = S.CharField()
    outcome = EnumField(AgendaItem.Outcome, name="AgendaItemOutcome")
    outcome_text = S.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: PublicItem) -> str:
        return api_url(self.context.get("request"), "item-detail", obj.pk)

    def get_public(self, obj: PublicItem) -> bool:
        return not obj.closed

    @extend_schema_field(S.CharField(allow_null=True, help_text="For a closed item."))
    def get_legal_basis(self, obj: PublicItem) -> str | None:
        return obj.legal_basis if obj.closed else None


class MinutesSerializer(S.Serializer[Any]):
    """The public part of the latest approved minutes (L4); never the internal part."""

    version = S.IntegerField()
    approved_at = S.DateTimeField(allow_null=True)
    correction_reason = S.CharField()
    content = S.DictField(help_text="Time, place, attendance, items, outcomes and votes.")


def _notice(meeting: Meeting) -> Any:
    return getattr(meeting, "notice", None)


class MeetingSerializer(ApiSerializer):
    view_name = "meeting-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    web = S.SerializerMethodField()
    partnership = S.IntegerField(source="partnership_id")
    title = S.CharField()
    starts_at = S.DateTimeField()
    ends_at = S.DateTimeField()
    form = EnumField(Meeting.Form, name="MeetingForm")
    status = EnumField(Meeting.Status, name="MeetingStatus")
    status_reason = S.CharField()
    location = LocationSerializer(allow_null=True)
    notice = S.SerializerMethodField()
    outside_period = S.BooleanField(
        source="is_outside_period", help_text="Outside the agreement period (A18)."
    )
    created = S.DateTimeField()
    modified = S.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web(self, obj: Meeting) -> str:
        return web_url(
            self.context.get("request"), "meeting", partnership=obj.partnership.slug, pk=obj.pk
        )

    @extend_schema_field(NoticeSerializer(allow_null=True))
    def get_notice(self, obj: Meeting) -> dict[str, Any] | None:
        notice = _notice(obj)
        return NoticeSerializer(notice).data if notice is not None else None


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting with its public agenda (empty before the notice, L1) and public minutes."""

    agenda = S.SerializerMethodField()
    minutes = S.SerializerMethodField()

    @extend_schema_field(PublicItemSerializer(many=True))
    def get_agenda(self, obj: Meeting) -> Any:
        return PublicItemSerializer(self.context["agenda"], many=True, context=self.context).data

    @extend_schema_field(MinutesSerializer(allow_null=True))
    def get_minutes(self, obj: Meeting) -> Any:
        minutes = self.context["minutes"]
        if minutes is None:
            return None
        return MinutesSerializer(
            {
                "version": minutes["version"],
                "approved_at": minutes["approved_at"],
                "correction_reason": minutes["correction_reason"],
                "content": {
                    k: v
                    for k, v in minutes.items()
                    if k not in {"version", "approved_at", "correction_reason"}
                },
            }
        ).data


@dataclass(frozen=True)
class ItemView:
    """An item's public form with the row it came from (for numbering and, when the item is
    open, its areas and goals)."""

    public: PublicItem
    item: AgendaItem

    @property
    def pk(self) -> int:
        return self.public.pk


class AgendaItemSerializer(S.Serializer[Any]):
    """An agenda item as the public sees it, with its place in the numbering. A closed item
    (``public: false``) shows its neutral title and legal basis, and no areas or goals."""

    id = S.IntegerField(source="public.pk")
    url = S.SerializerMethodField()
    web = S.SerializerMethodField()
    meeting = S.IntegerField(source="item.meeting_id")
    partnership = S.IntegerField(source="item.partnership_id")
    case_number = S.CharField(source="public.case_number")
    year = S.IntegerField(source="item.year")
    number = S.IntegerField(source="item.number")
    position = S.IntegerField(source="item.position")
    kind = EnumField(AgendaItem.Kind, source="public.kind", name="AgendaItemKind")
    public = S.SerializerMethodField()
    title = S.CharField(source="public.title")
    legal_basis = S.SerializerMethodField()
    case_presentation = S.CharField(source="public.case_presentation")
    recommendation = S.CharField(source="public.recommendation")
    outcome = EnumField(AgendaItem.Outcome, source="public.outcome", name="AgendaItemOutcome")
    outcome_text = S.CharField(source="public.outcome_text")
    areas = S.SerializerMethodField()
    sdgs = S.SerializerMethodField()
    modified = S.DateTimeField(source="item.modified")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: ItemView) -> str:
        return api_url(self.context.get("request"), "item-detail", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_web(self, obj: ItemView) -> str:
        item = obj.item
        return web_url(
            self.context.get("request"), "item", partnership=item.partnership.slug, pk=item.pk
        )

    def get_public(self, obj: ItemView) -> bool:
        return not obj.public.closed

    @extend_schema_field(S.CharField(allow_null=True, help_text="For a closed item."))
    def get_legal_basis(self, obj: ItemView) -> str | None:
        return obj.public.legal_basis if obj.public.closed else None

    @extend_schema_field(AreaRefSerializer(many=True, help_text="Empty for a closed item."))
    def get_areas(self, obj: ItemView) -> Any:
        if obj.public.closed:
            return []
        return AreaRefSerializer(obj.item.areas.all(), many=True).data

    @extend_schema_field(S.ListField(child=S.IntegerField(), help_text="SDG numbers (1–17)."))
    def get_sdgs(self, obj: ItemView) -> list[int]:
        return [] if obj.public.closed else [g.number for g in obj.item.sdgs.all()]


class AgendaItemDraftSerializer(S.Serializer[Any]):
    """An item as its editors see it after adding or changing it (they may read it all)."""

    id = S.IntegerField()
    url = S.SerializerMethodField()
    meeting = S.IntegerField(source="meeting_id")
    case_number = S.CharField()
    kind = EnumField(AgendaItem.Kind, name="AgendaItemKind")
    procedural_subject = EnumField(AgendaItem.ProceduralSubject, name="ProceduralSubject")
    title = S.CharField()
    case_presentation = S.CharField()
    recommendation = S.CharField()
    areas = AreaRefSerializer(many=True, source="areas.all")
    sdgs = S.SerializerMethodField()
    closed = S.BooleanField(source="is_closed")
    lock_version = S.IntegerField(help_text="Send it back as expected_lock_version.")
    modified = S.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: AgendaItem) -> str:
        return api_url(self.context.get("request"), "item-detail", obj.pk)

    @extend_schema_field(S.ListField(child=S.IntegerField()))
    def get_sdgs(self, obj: AgendaItem) -> list[int]:
        return [g.number for g in obj.sdgs.all()]
