"""«My notifications» in the back office (``/sekretariat/varsler/``): a person turns their
daily digest on or off; and the digest's one-click opt-out link (no sign-in: the signed token
is the credential, so it takes no CSRF token; a GET shows a button, as a link checker may open
it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from partnerskap.core import time
from partnerskap.core.errors import DomainError
from partnerskap.people.models import Person
from partnerskap.reminders.digest import is_secretariat
from partnerskap.reminders.models import DigestSetting
from partnerskap.reminders.services import digest_opt_out, digest_setting_set

app_name = "reminders"


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user_id=request.user.pk or 0).first()
    if person is not None and request.method == "POST":
        wanted = request.POST.get("digest") == "1"
        digest_setting_set(person=person, digest=wanted, actor=request.user)
        messages.success(
            request,
            _("You will get the daily digest.") if wanted else _("The daily digest is turned off."),
        )
        return redirect("reminders:settings")
    setting = DigestSetting.objects.filter(person=person).first() if person else None
    context = {
        "person": person,
        "digest": setting.digest if setting else True,
        "is_secretariat": person is not None and is_secretariat(person, today=time.today()),
    }
    return render(request, "reminders/settings.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "reminders/opt_out.html", {"done": False})
    try:
        digest_opt_out(token=token)
    except DomainError as error:
        return render(request, "reminders/opt_out.html", {"error": error.message}, status=400)
    return render(request, "reminders/opt_out.html", {"done": True})


urlpatterns: list[URLPattern] = [
    path("", settings_page, name="settings"),
    path("avmeld/<str:token>/", opt_out, name="opt_out"),
]
