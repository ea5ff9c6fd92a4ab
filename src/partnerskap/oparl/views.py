"""The OParl 1.1 endpoint: thin views over ``sources`` (what is public) and ``mapping`` (how
it looks in OParl).

Every response is JSON in UTF-8 without escaping (spec 2.5), carries
``Access-Control-Allow-Origin: *`` (spec 2.6), an ETag with conditional GET, and is written in
the site's default language whatever the client's, so that one URL has one content.

The endpoint is read-only and sessionless: no view reads a cookie or a session, so there is
nothing for a forged request to ride on and CSRF protection is off (``read_only``). A browser's
CORS preflight (OPTIONS) is answered; any method but GET, HEAD and OPTIONS is a 405 in JSON.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.views.decorators.csrf import csrf_exempt

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.core import time
from partnerskap.core.errors import RETRY_AFTER, database_unavailable
from partnerskap.core.page_cache import share_objects
from partnerskap.documents import views as documents_views
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.selectors import file_is_public
from partnerskap.oparl import mapping, sources
from partnerskap.oparl.addresses import KINDS, Urls
from partnerskap.oparl.pagination import BadRequestError, PageNotFoundError, Query, encode, page
from partnerskap.oparl.segments import Scope

#: Seconds a client or proxy may reuse a response without asking again.
MAX_AGE = 60
#: What a client may do here, in ``Allow`` and ``Access-Control-Allow-Methods``.
METHODS = "GET, HEAD, OPTIONS"
#: Request headers a cross-origin script may send (conditional GET and language).
CORS_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
#: Seconds a browser may keep a preflight's answer.
CORS_MAX_AGE = 86400

View = Callable[..., HttpResponseBase]


class NotFoundError(LookupError):
    pass


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def read_only(view: View) -> View:
    """GET and HEAD run ``view``; OPTIONS is a CORS preflight answer; anything else is a 405
    in JSON with ``Allow``. Exempt from CSRF (see the module's docstring)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method in {"GET", "HEAD"}:
            response = view(request, *args, **kwargs)
        elif request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = METHODS
            response["Access-Control-Allow-Headers"] = CORS_HEADERS
            response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
        else:
            message = f"OParl is read-only: {request.method} is not allowed here."
            response = _json({"error": "method_not_allowed", "message": message}, status=405)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Content-Language"
        if request.method not in {"GET", "HEAD"}:
            response["Allow"] = METHODS
        return response

    return csrf_exempt(wrapped)


def server_error(exc: BaseException | None) -> HttpResponse:
    """An unhandled exception under /oparl/v1/ (see ``config.errors``): JSON, 503 with
    ``Retry-After`` while the database is unreachable, else 500; never the exception's text."""
    if database_unavailable(exc):
        message = "The service is unavailable for a moment; try again shortly."
        response = _json({"error": "unavailable", "message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    message = "Something went wrong on our side; the error has been logged."
    return _json({"error": "server_error", "message": message}, status=500)


@read_only
def not_found(_request: HttpRequest) -> HttpResponseBase:
    """Any other path under /oparl/v1/: a 404 in JSON, as for objects that do not exist."""
    return _json({"error": "not_found", "message": "No such OParl object."}, 404)


def oparl_view(view: Callable[..., bytes]) -> View:
    """Run a view that returns JSON: default language, 400/404 as JSON, CORS, caching and
    ETag with 304 on a match."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                content = view(request, *args, **kwargs)
            except BadRequestError as error:
                return _json({"error": "bad_request", "message": str(error)}, status=400)
            except (NotFoundError, PageNotFoundError, Partnership.DoesNotExist):
                return _json({"error": "not_found", "message": "No such OParl object."}, 404)
        response = HttpResponse(content, content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = settings.LANGUAGE_CODE
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        set_response_etag(response)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return response if conditional is None else conditional

    return read_only(wrapped)


def _scope(request: HttpRequest, body: int) -> Scope:
    partnership = sources.public_body(body)
    return Scope(partnership=partnership, urls=Urls.for_request(request))


@oparl_view
def system(request: HttpRequest) -> bytes:
    stamps = partnerships_public().aggregate(created=Min("created"), modified=Max("modified"))
    created = stamps["created"] or time.now()
    return encode(
        mapping.system(
            urls=Urls.for_request(request),
            created=created,
            modified=stamps["modified"] or created,
        )
    )


@oparl_view
def bodies(request: HttpRequest) -> bytes:
    urls = Urls.for_request(request)
    return page(sources.body_segments(urls), Query.from_params(request.GET), urls.bodies())


@oparl_view
def body(request: HttpRequest, body: int) -> bytes:
    scope = _scope(request, body)
    return encode(mapping.body(scope.partnership, urls=scope.urls))


@oparl_view
def object_list(request: HttpRequest, body: int, oparl_type: str, segment: str) -> bytes:
    scope = _scope(request, body)
    segments = [
        *sources.SEGMENTS[oparl_type](scope),
        sources.tombstone_segment(scope, oparl_type),
    ]
    query = Query.from_params(request.GET, oparl_type)
    objects: list[tuple[str, bytes]] = []
    content = page(segments, query, scope.urls.list(body, segment), objects)
    # Each object's answer as ``detail`` would make it (same segment, same bytes, headers from
    # ``oparl_view``): stored with the page, so that a crawler's next requests are hits.
    share_objects(request, objects)
    return content


@oparl_view
def detail(request: HttpRequest, body: int, oparl_type: str, pk: int, kind: str = "") -> bytes:
    if kind not in KINDS.get(oparl_type, ("",)):
        raise NotFoundError
    found = sources.find(_scope(request, body), oparl_type, pk, kind)
    if found is None:
        raise NotFoundError
    return encode(found)


@read_only
def file_content(request: HttpRequest, pk: int, *, download: bool = False) -> HttpResponseBase:
    """A public file's bytes with the disposition OParl asks for (spec 2.7): inline for
    ``accessUrl``, an attachment for ``downloadUrl``. Served by the documents app's download
    view (its access check, type, ETag and caching); only the disposition differs. Public
    files only: OParl is read anonymously."""
    stored = DocumentFile.objects.defer("text", "text_error").select_related("document")
    found = stored.filter(pk=pk).first()
    if found is None or not file_is_public(found):
        return _json({"error": "not_found", "message": "No such public file."}, 404)
    response = documents_views.file(request, pk)
    disposition = response.get("Content-Disposition")
    if disposition:
        _kind, separator, parameters = disposition.partition(";")
        kind = "attachment" if download else "inline"
        response["Content-Disposition"] = f"{kind}{separator}{parameters}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
