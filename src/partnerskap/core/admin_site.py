"""The Django admin, for system operators only (``partnerskap.core.operators``).

``partnerskap.core.admin_apps.PartnerskapAdminConfig`` replaces ``django.contrib.admin`` in
``INSTALLED_APPS`` and makes ``OperatorAdminSite`` the default ``admin.site``, so every
``@admin.register`` lands on it.
A signed-in account that is not an operator gets no admin page at all: every admin URL
redirects to the admin's sign-in page, and signing in there is refused, whatever the account's
``is_staff`` flag or model permissions say.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from partnerskap.core.operators import is_operator


class OperatorAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in: refused, with the usual «wrong user name or password» message,
    for anyone who is not an operator."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not is_operator(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class OperatorAdminSite(AdminSite):
    login_form = OperatorAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)
