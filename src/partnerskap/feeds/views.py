"""The feeds' views: calendars, the sitemap and robots.txt (the Atom feeds are in ``atom``).

Every response here is public and the same for everyone: it is written in the site's default
language whatever the visitor's language (the links point at the default-language pages), and
it carries an ETag (a hash of the body) and ``Cache-Control: public``, so a conditional GET
gets a 304 and proxies may keep it for a while.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerskap.feeds import ical
from partnerskap.feeds.selectors import Scope, meetings_in_scope, scope_for
from partnerskap.feeds.sitemaps import SITEMAPS
from partnerskap.meetings.models import Meeting

#: Seconds a browser or proxy may reuse a response without asking again.
MAX_AGE = 300

View = Callable[..., HttpResponseBase]


def public_resource(view: View) -> View:
    """Default language, Cache-Control, and ETag/Last-Modified with 304 on a match."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()
        if response.status_code != 200 or not isinstance(response, HttpResponse):
            return response
        response.headers["Content-Language"] = settings.LANGUAGE_CODE
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
        return response if conditional is None else conditional

    return require_safe(wrapped)


def _scope(partnership: str | None, area: str | None) -> Scope:
    try:
        return scope_for(partnership, area)
    except ObjectDoesNotExist as exc:
        raise Http404(_("No such partnership or cooperation area.")) from exc


def _calendar_name(scope: Scope) -> str:
    if scope.partnership is None:
        return _("Partnership meetings")
    if scope.area is None:
        return scope.partnership.name
    return _("%(partnership)s: %(area)s") % {
        "partnership": scope.partnership.name,
        "area": scope.area.name,
    }


@public_resource
def calendar(
    request: HttpRequest, partnership: str | None = None, area: str | None = None
) -> HttpResponse:
    """All public meetings (or a partnership's, or those with a public item in an area)."""
    scope = _scope(partnership, area)

    def url_of(meeting: Meeting) -> str:
        path = reverse(
            "portal:meeting", kwargs={"partnership": meeting.partnership.slug, "pk": meeting.pk}
        )
        return request.build_absolute_uri(path)

    body = ical.calendar(
        name=_calendar_name(scope), meetings=meetings_in_scope(scope), url_of=url_of
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


@public_resource
def sitemap(request: HttpRequest) -> HttpResponseBase:
    return sitemap_view(request, sitemaps=SITEMAPS)


@public_resource
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /sekretariat/",
        *(
            f"Disallow: /{code}/sekretariat/"
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        ),
        "Disallow: /i18n/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
