"""The API's DRF and drf-spectacular settings, for ``config/settings.py`` to import:

    from partnerskap.api.settings_block import REST_FRAMEWORK, SPECTACULAR_SETTINGS

The API does not depend on them: every view sets its own authentication, permissions,
renderer, parser and exception handler (``views.base.ApiView``), and the schema is generated
with ``SPECTACULAR_SETTINGS`` applied explicitly (``schema.openapi``). Setting them globally
makes DRF and ``manage.py spectacular`` agree with the API.
"""

from __future__ import annotations

from typing import Any

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnerskap.api.authentication.BearerTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partnerskap.api.problems.exception_handler",
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Partnerskap API",
    "DESCRIPTION": (
        "Public data of regional partnership agreements (partnerships, parties, elected "
        "bodies, cooperation areas, meetings, agenda items, proposals and their follow-up, "
        "temporary committees), and writes for the secretariats and the parties' case "
        "officers with per-user API tokens.\n\n"
        "Reads need no token and show only public data: a closed agenda item shows its "
        "neutral title and legal basis, never its content. Lists are paginated with a "
        "cursor (follow `next`). GET responses carry an ETag; send it back in "
        "`If-None-Match` to get 304 when nothing changed. Errors are RFC 9457 problem "
        "details (`application/problem+json`) with a stable `code`.\n\n"
        "A walkthrough with curl is in docs/api.md."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnerskap.api.schema.add_conditional_get",
        "partnerskap.api.schema.add_links",
    ],
    "TAGS": [
        {"name": "partnerships", "description": "Partnerships and their agreement period."},
        {"name": "parties", "description": "Signatories: councils, counties, municipalities."},
        {"name": "bodies", "description": "The parties' elected bodies."},
        {"name": "areas", "description": "The agreement's current cooperation areas."},
        {"name": "meetings", "description": "Meetings, agendas and notices."},
        {"name": "proposals", "description": "Proposals to the parties and their follow-up."},
        {"name": "committees", "description": "Temporary committees."},
        {"name": "api", "description": "The index, this schema and its documentation."},
    ],
}
