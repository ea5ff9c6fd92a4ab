"""``EnumField``: a choice field whose OpenAPI enum is a named component (``MeetingStatus``).

drf-spectacular otherwise names enums after the field (``status``) and, when several choice
sets share a field name, needs ``ENUM_NAME_OVERRIDES`` in the global settings to name them
well; without them it warns (and ``check --deploy`` fails). Naming each enum where it is used
keeps the schema the same whatever the global settings say.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from rest_framework import serializers


class EnumField(serializers.ChoiceField):
    def __init__(self, choices: type[models.Choices], *, name: str, **kwargs: Any) -> None:
        self.enum_name = name
        super().__init__(choices=choices.choices, **kwargs)


class EnumFieldSchema(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = EnumField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field: EnumField = self.target
        component = ResolvedComponent(  # type: ignore[no-untyped-call]
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "type": "string",
                "enum": list(field.choices),
                "description": build_choice_description_list(field.choices.items()),
            },
        )
        auto_schema.registry.register_on_missing(component)
        ref: dict[str, Any] = component.ref
        return ref
