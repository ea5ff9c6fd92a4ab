"""The public subscription pages: the follow form's target (a sign-up sends a confirmation
e-mail), the confirmation link's page and the unsubscribe link's page, which is also RFC
8058's one-click endpoint (a mail client POSTs ``List-Unsubscribe=One-Click`` to it).

No CSRF tokens: the portal's pages are cached publicly and carry none (docs/security.md,
«Caching»). A forged sign-up can do no more than anyone can do on the form, and nothing
reaches the address but the confirmation until its owner confirms (double opt-in); a cross-site
POST is refused all the same (``Origin``/``Sec-Fetch-Site``). The confirm and unsubscribe
endpoints take a signed single-purpose token from the e-mail as their credential."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from partnerskap.accounts.proxies import client_ip
from partnerskap.core.errors import DomainError
from partnerskap.core.params import int_param
from partnerskap.subscriptions import services
from partnerskap.subscriptions.models import Subscription

RESULT = "subscriptions/result.html"


def _cross_site(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and origin != "null" and urlsplit(origin).netloc != request.get_host()


@csrf_exempt
@never_cache
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    if _cross_site(request):
        return HttpResponseForbidden()
    topic = request.POST.get("topic", "")
    target = int_param(request.POST, "target")
    if topic not in Subscription.Topic.values or target is None:
        return render(request, RESULT, {"error": True}, status=400)
    try:
        services.subscription_request(
            email=request.POST.get("email", ""),
            topic=topic,
            target_id=target,
            client_ip=client_ip(request),
            language=get_language() or "nb",
        )
    except DomainError as error:
        status = 429 if error.code == "subscriptions.limit" else 400
        return render(request, RESULT, {"error": True, "message": error.message}, status=status)
    return render(request, RESULT, {"sent": True})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a link checker opening the link confirms nothing); POST confirms."""
    if request.method == "GET":
        return render(request, "subscriptions/confirm.html", {})
    try:
        services.subscription_confirm(token=token)
    except DomainError as error:
        return render(request, RESULT, {"error": True, "message": error.message}, status=400)
    return render(request, RESULT, {"confirmed": True})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST unsubscribes, from the button or from a mail client's one-click
    request (RFC 8058: ``List-Unsubscribe=One-Click`` in the body)."""
    if request.method == "GET":
        return render(request, "subscriptions/unsubscribe.html", {})
    try:
        services.subscription_cancel(token=token)
    except DomainError as error:
        return render(request, RESULT, {"error": True, "message": error.message}, status=400)
    return render(request, RESULT, {"unsubscribed": True})
