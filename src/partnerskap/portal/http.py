"""HTTP helpers for public pages: conditional GET and caching.

The data version (``core.page_cache.data_version``: the newest audit and admin log ids) with
today's date (pages mark what is overdue) makes the ETag, and a conditional GET is answered with
two indexed queries and no rendering. The same version keys the shared page cache
(``core.page_cache``), which answers a new anonymous reader without rendering either."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.core import time
from partnerskap.core.page_cache import data_version

View = Callable[..., HttpResponse]
MAX_AGE = 60


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
