"""Two-factor enforcement in one place, for every view.

After ``django_otp.middleware.OTPMiddleware``: a signed-in session that still owes its second
factor (``twofactor.next_step``) is sent to the code step, or to enrolment, from every page of
the back office (``/sekretariat/``) and the admin (``/admin/``); everywhere else (portal, REST
API and OParl with the session cookie, document downloads) it is treated as anonymous. Only
the sign-in steps themselves, sign-out and the language switch see the signed-in user. API
tokens do not use the session and are not affected.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from partnerskap.accounts import twofactor

#: Paths (prefixes) where the signed-in but unverified user is redirected to the code step.
GUARDED = ("/sekretariat/", "/admin/")


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("backoffice:login"),
        reverse("backoffice:logout"),
        reverse("accounts:verify"),
        reverse("accounts:enrol"),
        reverse("accounts:oidc_start"),
        reverse("accounts:oidc_callback"),
        reverse("set_language"),
    )


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.path not in _open_paths():
            step = twofactor.next_step(request)
            if step is not twofactor.Step.DONE:
                if request.path.startswith(GUARDED):
                    return self._redirect(request, step)
                request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest, step: twofactor.Step) -> HttpResponse:
        target = reverse("accounts:verify" if step is twofactor.Step.VERIFY else "accounts:enrol")
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{target}?{query}" if query else target)
