"""The shared page cache: a rendered public answer is kept once and handed to every anonymous
reader until the data changes.

Every change to the data goes through a service, and every service writes an audit entry; the
admin writes a LogEntry for the few models edited directly. The newest id of each is therefore
a cheap version of «everything public» (``data_version``, two indexed queries). The ETags of
the portal use it, and so does the key of this cache::

    method | scheme://host/path?query | language | data version | today in Oslo | database

A write gives a new version and midnight a new date, so a new key: nothing stale is served,
and nothing has to be deleted (old entries expire after ``PARTNERSKAP_PAGE_CACHE_SECONDS``).
The language is the one Django would choose from the request (path prefix, language cookie,
``Accept-Language``), so every language has its own entry.

What is kept, and for whom (``PageCacheMiddleware``):

* only a GET or HEAD outside ``SKIPPED_PATHS`` with no ``Authorization`` header, no
  ``HX-Request`` and no cookie but the CSRF and language cookies (a session cookie, signed in
  or not, bypasses the cache both ways);
* only a 200 that its view marked ``Cache-Control: public`` (the portal's ``public_page``,
  feeds, calendars, sitemap, OParl, anonymous API reads), not private, ``no-store`` or
  ``no-cache``, that sets no cookie (a CSRF token on the page sets one), varies on nothing
  but ``Cookie``, ``Accept-Language`` and ``Authorization``, is not streamed, is at most
  ``MAX_BYTES``, and was not marked ``not_shared`` (search: its index is brought up to date by a
  job after the write, so the data version runs ahead of it);
* never for a signed-in user: checked again on the way out.

An OParl list page that is kept also keeps each of its live objects under the object's own
URL (``share_objects``): the same bytes and headers that URL would be kept with, so that a
crawler reading the lists and then every object gets hits.

A hit answers with the stored body and headers (a conditional GET gets its 304 here); the
middleware above this one (security headers, Content-Security-Policy, metrics) runs as for any
answer. ``X-Page-Cache: hit`` or ``miss`` says which it was. When the cache server is down,
every request is answered as if there were no cache (and a warning is logged).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe, quote_etag
from django.utils.translation import get_language_from_request

from partnerskap.core import time
from partnerskap.core.models import AuditEntry

View = Callable[..., HttpResponseBase]
logger = logging.getLogger(__name__)

#: The largest body kept (a generated PDF of an agreement may come close).
MAX_BYTES = 2 * 1024 * 1024
#: The header that says whether the answer came from the cache.
HEADER = "X-Page-Cache"
#: Request headers an answer may vary on and still be kept: the cookies that matter keep the
#: request out of the cache, the language is in the key, and ``Authorization`` keeps it out.
VARY_ALLOWED = frozenset({"cookie", "accept-language", "authorization"})
#: Never public, or must answer without the database (``/healthz``): not even looked up.
SKIPPED_PATHS = ("/healthz", "/readyz", "/metrics", "/admin/", "/sekretariat/", "/i18n/")
_SKIP_ATTR = "partnerskap_not_shared"
_COMMA = re.compile(r"\s*,\s*")
_VERSION_ATTR = "_partnerskap_data_version"
_OBJECTS_ATTR = "_partnerskap_page_objects"


_VERSION_SQL = (
    f"SELECT (SELECT MAX(id) FROM {AuditEntry._meta.db_table}),"  # noqa: S608 - our tables
    f" (SELECT MAX(id) FROM {LogEntry._meta.db_table})"
)


def data_version(request: HttpRequest | None = None) -> str:
    """The version of everything public: the newest audit and admin log ids. With a request,
    computed once per request (the cache key, the ETag and a view's own cache share it)."""
    if request is not None and hasattr(request, _VERSION_ATTR):
        return str(getattr(request, _VERSION_ATTR))
    # One round trip, both maxima read from the primary keys' indexes (a hit costs little
    # more than this query).
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        audit, admin = cursor.fetchone()
    version = f"{audit or 0}.{admin or 0}"
    if request is not None:
        setattr(request, _VERSION_ATTR, version)
    return version


def not_shared(view: View) -> View:
    """Keep the answers of ``view`` out of the page cache (they may still be public)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        setattr(response, _SKIP_ATTR, True)
        return response

    return wrapper


def _cookies_allowed() -> frozenset[str]:
    return frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})


def key_for(request: HttpRequest) -> str | None:
    """The cache key of ``request``, or None when its answer is not for the shared cache."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PATHS):
        return None
    meta = request.META
    if meta.get("HTTP_AUTHORIZATION") or meta.get("HTTP_HX_REQUEST"):
        return None
    if set(request.COOKIES) - _cookies_allowed():
        return None
    try:
        url = request.build_absolute_uri()
        data_version(request)
    except (DisallowedHost, DatabaseError):
        return None  # answered (400, 500) inside, as without the cache
    return _key(request, url)


def _key(request: HttpRequest, url: str) -> str:
    """The key of ``url`` asked for as ``request`` asks (method, cookies, headers), in the data
    version ``request`` has seen. Only paths without a language prefix may differ from the
    request's own (``share_objects``)."""
    version = data_version(request)
    parts = (
        str(request.method),
        url,
        get_language_from_request(request, check_path=True),
        get_language_from_request(request),
        version,
        time.today().isoformat(),
        str(settings.DATABASES["default"]["NAME"]),
    )
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def share_objects(request: HttpRequest, objects: list[tuple[str, bytes]]) -> None:
    """Offer the objects a list page shows, each as its absolute URL and the exact bytes that
    URL serves, to the cache: when the list's own answer is stored, each object's answer is
    stored under its URL's key too, with the list's headers (its own length and ETag), so that
    a crawler reading the list and then each object gets hits. For OParl lists only, whose
    objects are served by a view that writes the same headers (``oparl.views``)."""
    setattr(request, _OBJECTS_ATTR, objects)


def _object_entries(
    request: HttpRequest, response: HttpResponse
) -> dict[str, tuple[bytes, list[tuple[str, str]]]]:
    """The cache entries of the objects ``share_objects`` offered with this list page."""
    objects: list[tuple[str, bytes]] = getattr(request, _OBJECTS_ATTR, [])
    if not objects or request.method != "GET":
        return {}
    origin = request.build_absolute_uri("/")
    entries = {}
    for url, content in objects:
        path = url.removeprefix(origin.rstrip("/"))
        if not url.startswith(origin) or "?" in url or path.startswith(SKIPPED_PATHS):
            continue
        # The headers the object's own answer has: the list's (the same view decorator and
        # middleware made them), with its own ETag (``set_response_etag``) and length.
        etag = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
        own = {"etag": etag, "content-length": str(len(content))}
        headers = [(name, own.get(name.lower(), value)) for name, value in response.items()]
        entries[_key(request, url)] = (content, headers)
    return entries


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """May ``response`` to ``request`` be handed to every anonymous reader?"""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, _SKIP_ATTR, False) or _signed_in(request):
        return False
    control = {
        part.split("=", 1)[0].strip().lower()
        for part in _COMMA.split(response.get("Cache-Control", ""))
    }
    if "public" not in control or control & {"private", "no-store", "no-cache"}:
        return False
    vary = {h.strip().lower() for h in _COMMA.split(response.get("Vary", "")) if h.strip()}
    if vary - VARY_ALLOWED:
        return False
    assert isinstance(response, HttpResponse)  # not streaming
    return len(response.content) <= MAX_BYTES


def _from_cache(request: HttpRequest, stored: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
    if conditional is None:
        return response
    conditional[HEADER] = "hit"
    return conditional


class PageCacheMiddleware:
    """Answers anonymous public GETs from the shared cache, and keeps what may be kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.PARTNERSKAP_PAGE_CACHE_SECONDS
        key = key_for(request) if seconds else None
        if key is None:
            return self.get_response(request)
        try:
            stored = cache.get(key)
        except Exception:  # the cache server is down: answer as if there were no cache
            logger.warning("page cache: reading failed", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return _from_cache(request, stored)
        response = self.get_response(request)
        if storable(request, response):
            assert isinstance(response, HttpResponse)
            entries = {key: (response.content, list(response.items()))}
            entries |= _object_entries(request, response)
            try:
                cache.set_many(entries, seconds)
            except Exception:
                logger.warning("page cache: writing failed", exc_info=True)
            else:
                response[HEADER] = "miss"
        return response
