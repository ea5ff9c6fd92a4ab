"""HTTP helpers for public pages: conditional GET and caching.

Every change to the data goes through a service, and every service writes an audit entry; the
admin writes a LogEntry for the few models edited directly. The newest id of each is therefore
a cheap version of «everything public»; with today's date (pages mark what is overdue) it makes
the ETag, and a conditional GET is answered with two indexed queries and no rendering."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.core import time
from partnerskap.core.models import AuditEntry

View = Callable[..., HttpResponse]
MAX_AGE = 60


_VERSION_ATTR = "_partnerskap_data_version"


def data_version(request: HttpRequest | None = None) -> str:
    """The version of everything public: the newest audit and admin log ids. With a request,
    computed once per request (the ETag and a view's cache key share it)."""
    if request is not None and hasattr(request, _VERSION_ATTR):
        return str(getattr(request, _VERSION_ATTR))
    audit = AuditEntry.objects.aggregate(m=Max("id"))["m"] or 0
    admin = LogEntry.objects.aggregate(m=Max("id"))["m"] or 0
    version = f"{audit}.{admin}"
    if request is not None:
        setattr(request, _VERSION_ATTR, version)
    return version


def _etag(request: HttpRequest, *_args: Any, **_kwargs: Any) -> str | None:
    if request.user.is_authenticated:
        return None
    # Today's date too: overdue marks, «next meeting» and the like change at midnight in Oslo
    # without any write.
    key = f"{data_version(request)}|{time.today()}|{get_language()}|{request.get_full_path()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def public_page(view: View) -> View:
    """Anonymous pages get an ETag (304 on a match) and may be cached briefly (and set no
    cookie: core.middleware.CachePolicyMiddleware); signed-in users get private, unstored
    pages."""
    conditional = condition(etag_func=_etag)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = conditional(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response

    return wrapper


def partnership_or_404(slug: str) -> Partnership:
    return get_object_or_404(partnerships_public(), slug=slug)
