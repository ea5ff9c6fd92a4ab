"""API tokens in the admin: issue one (its secret is shown once, on the page that follows),
and revoke. Nothing else about a token can change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from partnerskap.api import services
from partnerskap.api.models import ApiToken
from partnerskap.core.admin_actions import ServiceModelAdmin, ServiceModelForm, service_action


class ApiTokenForm(ServiceModelForm):
    issued: services.IssuedToken

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def run_service(self) -> Model:
        user = self.cleaned_data["user"]
        assert isinstance(user, User)
        self.issued = services.api_token_create(
            user=user, name=self.cleaned_data["name"], actor=self.request.user
        )
        self.issued.token.plain_secret = self.issued.secret
        return self.issued.token


def _revoke(token: ApiToken, request: HttpRequest, _data: dict[str, Any]) -> object:
    return services.api_token_revoke(token=token, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "created", "last_used", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    actions = [
        service_action(name="revoke", description=_("Revoke the tokens"), service=_revoke),
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["user", "name"]
        return ["user", "name", "prefix", "created", "last_used", "revoked_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        """The secret exists only in this response: it is never stored or sent again."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("API token created"),
            "token": obj,
            "secret": obj.plain_secret,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/api/apitoken/issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return super().get_queryset(request).select_related("user")
