"""The API's front door: the index of lists, the OpenAPI schema, and its documentation page
(rendered on the server from the schema: no scripts, no external assets)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from partnerskap.api.problems import read_only
from partnerskap.api.schema import openapi, openapi_json
from partnerskap.api.views.base import READ_ERRORS, ApiView, Doc

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json"
LISTS = {
    "partnerships": "partnership-list",
    "parties": "party-list",
    "bodies": "body-list",
    "areas": "area-list",
    "locations": "location-list",
    "meetings": "meeting-list",
    "agenda_items": "item-list",
    "proposals": "proposal-list",
    "follow_ups": "follow-up-list",
    "committees": "committee-list",
}


class IndexSerializer(serializers.Serializer[Any]):
    schema = serializers.URLField(help_text="This API's OpenAPI 3.1 schema.")
    docs = serializers.URLField(help_text="The schema as a page to read.")
    partnerships = serializers.URLField()
    parties = serializers.URLField()
    bodies = serializers.URLField()
    areas = serializers.URLField()
    locations = serializers.URLField()
    meetings = serializers.URLField()
    agenda_items = serializers.URLField()
    proposals = serializers.URLField()
    follow_ups = serializers.URLField()
    committees = serializers.URLField()


class Index(ApiView):
    """Links to every list, the schema and its documentation."""

    docs = {
        "get": Doc(
            tags=["api"],
            summary="Index of the API",
            responses={200: IndexSerializer, **READ_ERRORS},
        )
    }

    def get(self, request: Request) -> Response:
        links = {name: reverse(f"api:{view}") for name, view in LISTS.items()}
        links = {"schema": reverse("api:schema"), "docs": reverse("api:docs"), **links}
        return Response({name: request.build_absolute_uri(url) for name, url in links.items()})


def _cached(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    set_response_etag(response)
    patch_cache_control(response, public=True, max_age=300)
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    return conditional if isinstance(conditional, HttpResponse) else response


@read_only
def schema(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 schema at a stable URL (JSON)."""
    response = HttpResponse(openapi_json(), content_type=OPENAPI_MEDIA_TYPE)
    response["Content-Disposition"] = 'inline; filename="partnerskap-api-v1.json"'
    return _cached(request, response)


_markdown = MarkdownIt("commonmark", {"html": False})


def _md(text: str) -> SafeString:
    return mark_safe(str(_markdown.render(text or "")))  # noqa: S308 - raw HTML is disabled


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> str:
    """A short, readable type: ``Meeting``, ``array of integer``, ``string (date) or null``."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator in schema:
            return " or ".join(type_of(s) for s in schema[combinator])
    kind = schema.get("type", "any")
    kinds = kind if isinstance(kind, list) else [kind]
    names = []
    for name in kinds:
        if name == "array":
            names.append(f"array of {type_of(schema.get('items', {}))}")
        elif name == "string" and "format" in schema:
            names.append(f"string ({schema['format']})")
        else:
            names.append(str(name))
    text = " or ".join(names)
    if "enum" in schema:
        text += ": " + ", ".join(repr(v) for v in schema["enum"])
    return text


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["api"])[0],
                    "summary": op.get("summary", ""),
                    "description": _md(op.get("description", "")),
                    "secured": {} not in op.get("security", [{}]),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": type_of(body["schema"]) if "schema" in body else "",
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "types": [
                                f"{media}: {type_of(content.get('schema', {}))}"
                                for media, content in response.get("content", {}).items()
                            ],
                        }
                        for status, response in op.get("responses", {}).items()
                    ],
                }
            )
    return operations


def _components(spec: dict[str, Any]) -> list[dict[str, Any]]:
    components = []
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        components.append(
            {
                "name": name,
                "description": _md(schema.get("description", "")),
                "type": type_of(schema) if "properties" not in schema else "object",
                "properties": [
                    {
                        "name": prop,
                        "type": type_of(value),
                        "required": prop in required,
                        "read_only": value.get("readOnly", False),
                        "description": value.get("description", ""),
                    }
                    for prop, value in schema.get("properties", {}).items()
                ],
            }
        )
    return components


@read_only
def docs(request: HttpRequest) -> HttpResponse:
    """The schema as a readable page, rendered on the server from the schema itself."""
    spec = openapi()
    operations = _operations(spec)
    tags = [
        {**tag, "operations": [op for op in operations if op["tag"] == tag["name"]]}
        for tag in spec.get("tags", [])
    ]
    context = {
        "info": spec["info"],
        "description": _md(spec["info"].get("description", "")),
        "openapi": spec["openapi"],
        "tags": [tag for tag in tags if tag["operations"]],
        "components": _components(spec),
        "schema_url": reverse("api:schema"),
    }
    return _cached(request, render(request, "api/docs.html", context))
