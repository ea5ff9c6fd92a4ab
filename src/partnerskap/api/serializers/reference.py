"""Partnerships, parties, elected bodies, cooperation areas and locations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerskap.agreements.models import CooperationArea, ElectedBody, Partnership, Party
from partnerskap.api.fields import EnumField
from partnerskap.api.links import web_url
from partnerskap.api.serializers.base import ApiSerializer

S = serializers


class PartnershipSerializer(ApiSerializer):
    view_name = "partnership-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    web = S.SerializerMethodField()
    slug = S.CharField()
    name = S.CharField()
    status = EnumField(Partnership.Status, name="PartnershipStatus")
    period_start = S.DateField()
    period_end = S.DateField()
    parties = S.SerializerMethodField()
    predecessor = S.IntegerField(
        source="public_predecessor",
        allow_null=True,
        help_text="The partnership this one continues (A18), or null.",
    )
    successor = S.IntegerField(
        source="public_successor",
        allow_null=True,
        help_text="The partnership that continues this one (A18), or null.",
    )
    notice_lead_days = S.IntegerField()
    guest_notice_lead_days = S.IntegerField()
    minimum_meetings_per_year = S.IntegerField()
    follow_up_answer_days = S.IntegerField()
    created = S.DateTimeField()
    modified = S.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web(self, obj: Partnership) -> str:
        return web_url(self.context.get("request"), "partnership", partnership=obj.slug)

    @extend_schema_field(S.ListField(child=S.IntegerField(), help_text="Party ids."))
    def get_parties(self, obj: Partnership) -> list[int]:
        return [party.pk for party in obj.parties.all()]


class PartySerializer(ApiSerializer):
    view_name = "party-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    slug = S.CharField()
    name = S.CharField()
    short_name = S.CharField()
    kind = EnumField(Party.Kind, name="PartyKind")
    organisation_number = S.CharField()
    council = S.IntegerField(source="council_id", allow_null=True)
    successor = S.IntegerField(source="successor_id", allow_null=True)
    valid_from = S.DateField(allow_null=True)
    valid_to = S.DateField(allow_null=True)
    created = S.DateTimeField()
    modified = S.DateTimeField()


class ElectedBodySerializer(ApiSerializer):
    view_name = "body-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    slug = S.CharField()
    name = S.CharField()
    kind = EnumField(ElectedBody.Kind, name="ElectedBodyKind")
    party = S.IntegerField(source="party_id")
    valid_from = S.DateField(allow_null=True)
    valid_to = S.DateField(allow_null=True)
    created = S.DateTimeField()
    modified = S.DateTimeField()


class AreaSerializer(ApiSerializer):
    view_name = "area-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    web = S.SerializerMethodField()
    partnership = S.IntegerField(source="part.agreement.partnership_id")
    slug = S.CharField()
    name = S.CharField()
    description = S.CharField()
    position = S.IntegerField()
    created = S.DateTimeField()
    modified = S.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web(self, obj: CooperationArea) -> str:
        partnership = obj.part.agreement.partnership
        return web_url(
            self.context.get("request"), "area", partnership=partnership.slug, area=obj.slug
        )


class LocationSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    name = S.CharField()
    address = S.CharField()
    room = S.CharField()
