"""Optional single sign-on by OpenID Connect (mozilla-django-oidc), off unless
``OIDC_RP_CLIENT_ID`` is set.

- **Endpoints** come from the issuer's discovery document (``OIDC_OP_ISSUER`` →
  ``<issuer>/.well-known/openid-configuration``, fetched once per process), unless they are
  given one by one (``OIDC_OP_AUTHORIZATION_ENDPOINT`` …), which wins.
- **Matching**: a sign-in is matched to a ``Person`` with a login by the stable pair (issuer,
  ``sub``) stored in ``people.SignInIdentity``; the first time, by the e-mail address when the
  provider says it is verified (``email_verified`` true), and the pair is then stored. Nobody
  else gets in: no user is ever created for someone the system does not know.
- **Second factor**: the provider's sign-in counts as the second factor when its ID token says
  it used several factors (``amr`` contains one of ``OIDC_MFA_AMR_VALUES``, default ``mfa``;
  or ``acr`` is one of ``OIDC_MFA_ACR_VALUES``, e.g. ID-porten's ``idporten-loa-substantial``).
  Otherwise the user is asked for the authenticator code as after a password.
- The ID token's issuer and audience are checked besides its signature, nonce and expiry.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from partnerskap.accounts import twofactor
from partnerskap.core import audit
from partnerskap.core.errors import DomainError
from partnerskap.people.models import Person, SignInIdentity
from partnerskap.people.services import sign_in_identity_link

log = logging.getLogger(__name__)

#: Our setting → the discovery document's key.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_discovery_cache: dict[str, dict[str, Any]] = {}


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return str(getattr(settings, "OIDC_PROVIDER_NAME", "") or _("single sign-on"))


def discovery(issuer: str) -> dict[str, Any]:
    """The issuer's discovery document, fetched once per process."""
    if issuer not in _discovery_cache:
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if not isinstance(document, dict) or document.get("issuer", "").rstrip(
            "/"
        ) != issuer.rstrip("/"):
            msg = f"OIDC_OP_ISSUER={issuer!r}: the discovery document names another issuer."
            raise ImproperlyConfigured(msg)
        _discovery_cache[issuer] = document
    return _discovery_cache[issuer]


def setting(attr: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting: ours when set, else from the issuer's discovery."""
    value = getattr(settings, attr, None)
    if value in (None, "") and attr in _DISCOVERED and settings.OIDC_OP_ISSUER:
        value = discovery(settings.OIDC_OP_ISSUER).get(_DISCOVERED[attr])
    if value in (None, ""):
        return import_from_settings(attr, *default)
    return value


def _mfa_asserted(claims: Mapping[str, Any]) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(settings.OIDC_MFA_AMR_VALUES):
        return True
    return str(claims.get("acr", "")) in set(settings.OIDC_MFA_ACR_VALUES)


class RefusedError(Exception):
    """The provider vouched for someone we cannot sign in; the message says why."""


class PersonBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in the person the provider vouches for, never anyone new."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Settings are read when a sign-in happens (the backend is built for every password
        # sign-in too, when single sign-on is off).
        self.UserModel = User

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = setting("OIDC_OP_JWKS_ENDPOINT", None)
        self.OIDC_RP_CLIENT_ID = setting("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = setting("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = setting("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = setting("OIDC_RP_IDP_SIGN_KEY", None)
        self.id_claims: dict[str, Any] = {}
        try:
            user = super().authenticate(request, **kwargs)
        except RefusedError as refusal:
            request.oidc_refusal = str(refusal)  # type: ignore[attr-defined]
            return None
        if user is not None:
            request.oidc_mfa = _mfa_asserted(self.id_claims)  # type: ignore[attr-defined]
        return user  # type: ignore[no-any-return]

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is not None:  # the ID token (not a signed userinfo answer)
            audience = payload.get("aud")
            audiences = [audience] if isinstance(audience, str) else list(audience or [])
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token is for another client.")
            issuer = settings.OIDC_OP_ISSUER
            if issuer and str(payload.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
                raise SuspiciousOperation("ID token from another issuer.")
            self.id_claims = payload
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        subject = str(payload.get("sub", ""))
        if not subject or str(userinfo.get("sub", subject)) != subject:
            raise SuspiciousOperation("The userinfo answer is about someone else.")
        issuer = str(payload.get("iss") or settings.OIDC_OP_ISSUER or "")
        identity = (
            SignInIdentity.objects.filter(issuer=issuer, subject=subject)
            .select_related("person__user")
            .first()
        )
        person = identity.person if identity else self._person_by_email(userinfo)
        if person is None or person.user is None or not person.user.is_active:
            audit.record(
                "accounts.oidc.refused",
                actor=None,
                data={"issuer": issuer, "subject": subject},
            )
            raise RefusedError(
                _(
                    "Your %(provider)s account is not linked to anyone with access to "
                    "Partnerskap. Ask the secretariat or an administrator to register you, "
                    "with the e-mail address your organisation has verified."
                )
                % {"provider": provider_name()}
            )
        if identity is None:
            try:
                sign_in_identity_link(person=person, issuer=issuer, subject=subject)
            except DomainError as error:
                raise RefusedError(str(error.message)) from None
        return person.user

    @staticmethod
    def _person_by_email(userinfo: Mapping[str, Any]) -> Person | None:
        email = str(userinfo.get("email") or "").strip()
        if not email or userinfo.get("email_verified") is not True:
            return None
        matches = list(
            Person.objects.filter(email__iexact=email, user__isnull=False).select_related("user")[
                :2
            ]
        )
        return matches[0] if len(matches) == 1 else None


class StartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's sign-in (with state, nonce and PKCE)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return HttpResponseRedirect(reverse("backoffice:login"))
        self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = setting("OIDC_RP_CLIENT_ID")
        # One redirect URI for the provider to know, whatever language the sign-in page was
        # in: the callback is the default language's (un-prefixed) address.
        with translation.override(settings.LANGUAGE_CODE):
            return super().get(request)  # type: ignore[no-any-return]


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the browser back: sign in the matched person, then the
    second factor unless the provider asserted one."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return setting(attr, *args)

    def login_success(self) -> HttpResponse:
        super().login_success()
        request = self.request
        if getattr(request, "oidc_mfa", False):
            request.session[twofactor.IDP_MFA_SESSION_KEY] = request.user.pk
        audit.record(
            "accounts.oidc.signed_in",
            actor=request.user,
            target=request.user,
            data={"mfa": bool(getattr(request, "oidc_mfa", False))},
        )
        return twofactor.after_first_factor(request, self.success_url)

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "oidc_refusal", "")
        messages.error(
            self.request,
            refusal
            or _("Single sign-on did not succeed. Try again, or sign in with your password."),
        )
        return HttpResponseRedirect(reverse("backoffice:login"))
