"""Representations of public data. Nothing here reads an exempt field: agenda items come as
``meetings.selectors.PublicItem`` (a closed item: neutral title and legal basis only), minutes
as ``minutes_public`` gives them, and proposals, follow-ups and committees only from the
public selectors (``partnerskap.api.selectors``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerskap.api.links import api_url

S = serializers


class ApiSerializer(S.Serializer[Any]):
    """Read-only representations with a ``url`` to the resource itself."""

    view_name = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Any) -> str:
        return api_url(self.context.get("request"), self.view_name, obj.pk)


class AreaRefSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    slug = S.CharField()
    name = S.CharField()
