"""Response headers every answer carries, whatever view (or whitenoise) made it.

* ``ContentSecurityPolicyMiddleware``: django-csp's middleware, with the origins of the single
  sign-on provider added to ``form-action`` when one is configured (signing out posts a form
  that redirects to the provider, and browsers hold a redirect after a form to ``form-action``).
* ``PermissionsPolicyMiddleware``: the ``Permissions-Policy`` header from
  ``settings.PERMISSIONS_POLICY``: no camera, microphone, location, payment, USB …
* ``CachePolicyMiddleware``: the two caching invariants. A response for a signed-in user (a
  session, an ``Authorization`` header) or one that sets a session cookie is
  ``private, no-store``: never kept by a shared cache, nor on the reader's disk. A response that
  sets any other cookie is not public either: a shared cache would hand the cookie to everyone.
  Public pages are made so that they set no cookie (no CSRF token on anonymous pages); this
  middleware is the net under that.

They stand first in ``MIDDLEWARE``, so they also see whitenoise's static files, the responses
of every other middleware (the session and CSRF cookies are set on the way out) and the error
pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

PRIVATE = "private, no-store"

#: Settings of mozilla-django-oidc that name the provider's pages a browser is sent to.
OIDC_BROWSER_ENDPOINTS = ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT")


def _origins(urls: Iterable[object]) -> list[str]:
    found = []
    for url in urls:
        if not isinstance(url, str) or not url:
            continue
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in found:
                found.append(origin)
    return found


def sign_on_origins() -> list[str]:
    """The origins of the single sign-on provider's browser-facing pages, if one is set."""
    return _origins(getattr(settings, name, None) for name in OIDC_BROWSER_ENDPOINTS)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with ``form-action`` widened to the sign-on provider's origin.

    The header is the same for every response that brings no policy of its own, so it is built
    once per policy (the settings, forgotten when a test changes them, and the sign-on origins)
    and reused: building it took a fifth of the time of a page served from the page cache. A
    response with its own policy (django-csp's decorators), a nonce, or a debug error page goes
    through django-csp as it is."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,  # noqa: FBT001, FBT002 - django-csp's signature
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        extra = sign_on_origins()
        if report_only or not extra:
            return parts
        update = dict(parts.update or {})
        current = list(update.get("form-action") or ())
        update["form-action"] = current + [o for o in extra if o not in current]
        return PolicyParts(**{**asdict(parts), "update": update})

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _brings_its_own_policy(request, response):
            return super().process_response(request, response)
        for report_only, header, setting in _CSP_HEADERS:
            exempt = getattr(response, "_csp_exempt_ro" if report_only else "_csp_exempt", False)
            if header in response or exempt is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if prefixes and request.path_info.startswith(tuple(prefixes)):
                continue
            policy = self._shared_policy(request, response, report_only=report_only)
            if policy:
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def _shared_policy(
        self, request: HttpRequest, response: HttpResponseBase, *, report_only: bool
    ) -> str:
        key = (report_only, tuple(sign_on_origins()))
        policy = _SHARED_POLICIES.get(key)
        if policy is None:
            parts = self.get_policy_parts(request, response, report_only)
            policy = _SHARED_POLICIES[key] = build_policy(**asdict(parts), report_only=report_only)
        return policy


_CSP_HEADERS = (
    (False, HEADER, "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)
#: The header of responses without a policy of their own, by (report only, sign-on origins).
_SHARED_POLICIES: dict[tuple[bool, tuple[str, ...]], str] = {}
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


def _brings_its_own_policy(request: HttpRequest, response: HttpResponseBase) -> bool:
    if getattr(request, "_csp_nonce", None) is not None:
        return True
    if settings.DEBUG and response.status_code in (404, 500):
        return True
    return any(getattr(response, name, None) is not None for name in _OWN_POLICY)


@receiver(setting_changed)
def _forget_shared_policies(**kwargs: object) -> None:
    """Any setting may feed the policy (django-csp's, the sign-on provider's): forget them all."""
    del kwargs
    _SHARED_POLICIES.clear()


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response, built once from the setting."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        policy: dict[str, list[str]] = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


def _signed_in(request: HttpRequest, response: HttpResponseBase) -> bool:
    if settings.SESSION_COOKIE_NAME in response.cookies:
        return True
    if request.META.get("HTTP_AUTHORIZATION"):
        return True
    # Only when the authentication middleware ran (whitenoise answers before it does).
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # The session as the browser holds it: a view that authenticates otherwise (the API's
    # tokens) replaces request.user, but the reader is still signed in.
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


class CachePolicyMiddleware:
    """Signed-in answers are ``private, no-store``; an answer that sets a cookie is never
    public."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _signed_in(request, response) or response.cookies:
            response["Cache-Control"] = PRIVATE
            if "Expires" in response:
                del response["Expires"]
        return response
