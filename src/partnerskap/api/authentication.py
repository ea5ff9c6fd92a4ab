"""``Authorization: Bearer <token>``: a per-user API token (see ``services``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from partnerskap.api.models import ApiToken
from partnerskap.api.services import api_token_authenticate

KEYWORD = b"bearer"


class BearerTokenAuthentication(BaseAuthentication):
    """No header: anonymous. A Bearer header with a token that is unknown, revoked, or of an
    inactive user: 401, never a silent fall-back to anonymous."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD:
            return None
        if len(header) != 2:
            raise AuthenticationFailed(
                _("Send the token as «Authorization: Bearer <token>»."), code="malformed_token"
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = api_token_authenticate(secret) if secret else None
        if token is None:
            raise AuthenticationFailed(
                _("The API token is unknown or revoked, or its user is inactive."),
                code="invalid_token",
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A per-user API token (`partnerskap api-token create USER --name NAME`, or the "
                "admin). It acts as its user: writes are allowed where the user's roles allow."
            ),
        }
