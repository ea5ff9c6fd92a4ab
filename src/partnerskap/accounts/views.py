"""Sign-in: the password step, the second factor (code or recovery code), enrolment of an
authenticator, and the screen where a user sees and manages their two-factor sign-in.

The views only move the user between steps; ``twofactor`` says which step is due and
``services`` does the writes. Enforcement is not here but in ``middleware``.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.accounts import oidc, services, twofactor
from partnerskap.accounts.forms import CodeForm, EnrolForm, LanguageForm
from partnerskap.core import audit
from partnerskap.core.errors import DomainError
from partnerskap.people.models import Person
from partnerskap.people.services import person_language_set

ENROL_SESSION_KEY = "accounts_enrol_device"
CODES_SESSION_KEY = "accounts_new_recovery_codes"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class SignInView(LoginView):
    template_name = "backoffice/login.html"

    def form_valid(self, form: Any) -> HttpResponse:
        super().form_valid(form)
        return twofactor.after_first_factor(self.request, self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_provider"] = oidc.provider_name() if oidc.enabled() else ""
        return context


def _locked_out(request: HttpRequest, user: User) -> HttpResponse:
    audit.record("accounts.two_factor.locked_out", actor=user, target=user)
    logout(request)
    return render(request, "backoffice/locked_out.html", status=429)


def _is_locked(request: HttpRequest, user: User) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator, or a recovery code. Wrong codes count
    as failed sign-ins for the user name (django-axes): enough of them and the user is signed
    out and locked out like after wrong passwords."""
    user = request.user
    if not isinstance(user, User):
        return redirect("backoffice:login")
    target = _next(request)
    step = twofactor.next_step(request)
    if step is not twofactor.Step.VERIFY:
        return twofactor.after_first_factor(request, target)
    if _is_locked(request, user):
        return _locked_out(request, user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            otp_login(request, result.device)
            if result.method == "recovery":
                left = services.recovery_codes_left(user=user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(left)d left: make new ones under «Two-factor sign-in»."
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(target)
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        if getattr(request, "axes_locked_out", False) or _is_locked(request, user):
            return _locked_out(request, user)
        form.add_error(
            "code",
            _("Too many wrong codes in a row: wait half a minute and try again.")
            if result.wait
            else _("The code is wrong or has expired. Type the code the app shows now."),
        )
        status = 400
    return render(request, "accounts/verify.html", {"form": form, "next": target}, status=status)


def _qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no style attributes, so a strict CSP holds)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-hidden="true" ', 1))  # noqa: S308 - segno's own markup of our URI


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code (or type the secret), confirm with a code,
    see the recovery codes once. Due for a required user without one; any verified user may
    use it to start or to move to a new phone."""
    user = request.user
    if not isinstance(user, User):
        return redirect("backoffice:login")
    target = _next(request)
    if twofactor.next_step(request) is twofactor.Step.VERIFY:
        return HttpResponseRedirect(twofactor.with_next("accounts:verify", target))
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROL_SESSION_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = services.totp_device_start(user=user)
        request.session[ENROL_SESSION_KEY] = device.pk
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(device=device, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", str(error.message))
            status = 400
        else:
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            del request.session[ENROL_SESSION_KEY]
            request.session[CODES_SESSION_KEY] = codes
            return HttpResponseRedirect(twofactor.with_next("accounts:recovery_codes", target))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": target,
        "qr": _qr_svg(device.config_url),
        "secret": _spaced(secret),
        "required": twofactor.is_required(user),
    }
    return render(request, "accounts/enrol.html", context, status=status)


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once (taken out of the session as they are shown)."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:manage")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The user's own two-factor sign-in: the authenticator, recovery codes left, and the
    buttons to make new codes, move to a new phone, or (when not required) turn it off."""
    user = request.user
    assert isinstance(user, User)
    context = {
        "devices": TOTPDevice.objects.filter(user=user, confirmed=True),
        "codes_left": services.recovery_codes_left(user=user),
        "required": twofactor.is_required(user),
    }
    return render(request, "accounts/manage.html", context)


@never_cache
@login_required
def language(request: HttpRequest) -> HttpResponse:
    """The user's own language (``Person.language``): the back office opens in it after
    sign-in, and the e-mails to them are written in it. A user whose login is linked to no
    person (an operator only) has nowhere to keep it and is told so."""
    user = request.user
    assert isinstance(user, User)
    person = Person.objects.filter(user=user).first()
    form = LanguageForm(request.POST or None, initial={"language": getattr(person, "language", "")})
    if person is not None and request.method == "POST" and form.is_valid():
        try:
            person_language_set(person=person, language=form.cleaned_data["language"], actor=user)
        except DomainError as error:
            form.add_error("language", str(error.message))
        else:
            chosen = person.language
            with translation.override(chosen):
                messages.success(request, _("Your language is saved."))
            return HttpResponseRedirect(translate_url(reverse("accounts:language"), chosen))
    return render(request, "accounts/language.html", {"form": form, "person": person})


@require_POST
@login_required
def regenerate_codes(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    assert isinstance(user, User)
    try:
        request.session[CODES_SESSION_KEY] = services.recovery_codes_regenerate(user=user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:manage")
    return redirect("accounts:recovery_codes")


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    assert isinstance(user, User)
    try:
        services.two_factor_disable(user=user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:manage")
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:manage")
