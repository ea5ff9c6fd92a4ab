"""Single sign-on links in the admin, for operators: see and remove them (a removed link is
made again only by a sign-in with a verified e-mail address). Links are made by sign-in alone."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, path
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.people.models import SignInIdentity
from partnerskap.people.services import sign_in_identity_remove


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin[SignInIdentity]):
    list_display = ["person", "issuer", "subject", "created"]
    search_fields = ["person__given_name", "person__family_name", "subject"]
    list_select_related = ["person"]
    readonly_fields = ["person", "issuer", "subject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: SignInIdentity | None = None
    ) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: SignInIdentity) -> None:
        sign_in_identity_remove(identity=obj, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SignInIdentity]) -> None:
        for identity in queryset:
            sign_in_identity_remove(identity=identity, actor=_actor(request))


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class BoundedTOTPDeviceAdmin(TOTPDeviceAdmin):  # type: ignore[misc]
    """django-otp's authenticator admin, its two device pages on the bounded ``<id:>``
    converter like every route of ours (core/params.py): a number past the database's range
    is a 404, never a query."""

    def get_urls(self) -> list[URLPattern | URLResolver]:
        return [
            path(str(url.pattern).replace("<int:", "<id:"), url.callback, name=url.name)
            if isinstance(url, URLPattern) and "<int:" in str(url.pattern)
            else url
            for url in super().get_urls()
        ]


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, BoundedTOTPDeviceAdmin)
