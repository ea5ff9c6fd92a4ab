"""Who needs a second factor, and where a session stands with it.

Two-factor sign-in (TOTP from an authenticator app, with one-time recovery codes; django-otp)
is *required* for operators (superusers and admin staff) and for every role with exempt
access, as ``people.policy`` defines it (``EXEMPT_READERS``). Anyone else may opt in; once a
user has a confirmed authenticator, every sign-in asks for it. A session signed in with the
password alone is *unverified*: ``middleware.TwoFactorMiddleware`` sends it to the code step
(or to enrolment) from every back-office and admin page and treats it as anonymous
everywhere else, until ``django_otp.login`` (or a single sign-on that asserted multi-factor
authentication) marks it verified.
"""

from __future__ import annotations

import enum

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.people import policy
from partnerskap.people.models import Person

#: The session key that marks a session verified by the identity provider's own
#: multi-factor sign-in (OpenID Connect ``amr``/``acr``); it holds the user's id.
IDP_MFA_SESSION_KEY = "partnerskap_idp_mfa"


class Step(enum.Enum):
    DONE = "done"  # verified, or no second factor needed
    VERIFY = "verify"  # has an authenticator: ask for a code
    ENROL = "enrol"  # required but not set up yet


def is_required(user: User | AnonymousUser | AbstractBaseUser) -> bool:
    """Operators and anyone holding a role with exempt access (today) must use two factors."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    return any(grant.role in policy.EXEMPT_READERS for grant in policy.grants(user))  # type: ignore[arg-type]


def has_authenticator(user: User | AnonymousUser | AbstractBaseUser) -> bool:
    return bool(
        user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def is_verified(request: HttpRequest) -> bool:
    """The session passed a second factor: a code, a recovery code, or the IdP's MFA."""
    user = request.user
    if not user.is_authenticated:
        return False
    checker = getattr(user, "is_verified", None)
    if checker is not None and checker():
        return True
    return bool(request.session.get(IDP_MFA_SESSION_KEY) == user.pk)


def next_step(request: HttpRequest) -> Step:
    """What the signed-in session must do before it reaches anything else."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return Step.DONE
    if has_authenticator(user):
        return Step.VERIFY
    if is_required(user):
        return Step.ENROL
    return Step.DONE


def with_next(name: str, target: str) -> str:
    """The address of the step ``name``, carrying where to go after it."""
    return f"{reverse(name)}?{urlencode({'next': target})}"


def own_language(request: HttpRequest, target: str) -> str:
    """``target`` in the signed-in person's own language (``Person.language``) when they signed
    in on the default language's (un-prefixed) pages; a language chosen in the address wins."""
    user_id = request.user.pk
    if user_id is None or translation.get_language() != settings.LANGUAGE_CODE:
        return target
    language = Person.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    if not language or language == settings.LANGUAGE_CODE:
        return target
    return translate_url(target, language)


def after_first_factor(request: HttpRequest, target: str) -> HttpResponseRedirect:
    """Where a user goes once the password (or single sign-on) has been accepted: the code
    step, the enrolment, or ``target``. Both the sign-in view and the single sign-on callback
    (``oidc``) send the browser on from here, into the user's own language (``own_language``)."""
    target = own_language(request, target)
    step = next_step(request)
    if step is Step.VERIFY:
        return HttpResponseRedirect(with_next("accounts:verify", target))
    if step is Step.ENROL:
        return HttpResponseRedirect(with_next("accounts:enrol", target))
    return HttpResponseRedirect(target)
