"""The OpenAPI 3.1 schema of /api/v1/, generated once per process from the API's own views
with ``settings_block.SPECTACULAR_SETTINGS`` (whatever the global settings say)."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.urls import include, path
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

from partnerskap.api.settings_block import SPECTACULAR_SETTINGS

PREFIX = "api/v1/"


def add_conditional_get(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Every GET answers with an ETag and takes ``If-None-Match`` (304 on a match)."""
    for operations in result.get("paths", {}).values():
        operation = operations.get("get")
        if operation is None:
            continue
        operation.setdefault("parameters", []).append(
            {
                "in": "header",
                "name": "If-None-Match",
                "schema": {"type": "string"},
                "description": "The ETag of a previous response; 304 if it is still current.",
            }
        )
        ok = operation.get("responses", {}).get("200")
        if ok is not None:
            ok.setdefault("headers", {})["ETag"] = {
                "schema": {"type": "string"},
                "description": "A hash of the body; send it back in If-None-Match.",
            }
    return result


#: OpenAPI links: what a response's ``id`` leads to (operation ids), so that a client — and
#: schemathesis' stateful tests — can follow a created meeting to its agenda and notice.
LINKS: dict[tuple[str, str, str], dict[str, str]] = {
    ("/api/v1/meetings/", "post", "201"): {
        "GetMeeting": "meeting_detail_get",
        "ChangeMeeting": "meeting_detail_patch",
        "AddAgendaItem": "meeting_items_post",
        "PublishNotice": "meeting_notice_post",
    },
    ("/api/v1/meetings/{id}/", "patch", "200"): {
        "GetMeeting": "meeting_detail_get",
        "AddAgendaItem": "meeting_items_post",
    },
    ("/api/v1/meetings/{id}/agenda-items/", "post", "201"): {
        "GetAgendaItem": "item_detail_get",
        "ChangeAgendaItem": "item_detail_patch",
    },
    ("/api/v1/follow-ups/{id}/", "get", "200"): {"RecordStep": "follow_up_steps_post"},
}


def add_links(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """The ``LINKS`` on their responses, each passing the response body's ``id``."""
    for (route, method, status), targets in LINKS.items():
        response = result["paths"][route][method]["responses"][status]
        response["links"] = {
            name: {"operationId": operation, "parameters": {"id": "$response.body#/id"}}
            for name, operation in targets.items()
        }
    return result


#: ``SERVE_*`` settings concern drf-spectacular's own views, which the API does not use.
GENERATOR_SETTINGS = {k: v for k, v in SPECTACULAR_SETTINGS.items() if not k.startswith("SERVE_")}


@functools.cache
def openapi() -> dict[str, Any]:
    """Generated in English, whatever the language of the request that first asks."""
    with patched_settings(GENERATOR_SETTINGS), translation.override("en"):
        patterns = [path(PREFIX, include("partnerskap.api.urls"))]
        generator = SchemaGenerator(patterns=patterns)  # type: ignore[no-untyped-call]
        schema: dict[str, Any] = generator.get_schema(  # type: ignore[no-untyped-call]
            request=None, public=True
        )
    return schema


@functools.cache
def openapi_json() -> bytes:
    return json.dumps(openapi(), ensure_ascii=False, indent=1, sort_keys=False).encode()
