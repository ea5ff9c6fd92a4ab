"""The project's ``handler500``: every unhandled exception, wherever it was raised (a view, a
middleware, DRF re-raising what its handler left alone), ends here after Django has logged it.

The API answers a problem (``application/problem+json``), OParl its JSON error, the rest the
HTML page; when the database is unreachable the status is 503 with ``Retry-After``.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from partnerskap.api import problems
from partnerskap.core.errors import RETRY_AFTER, database_unavailable
from partnerskap.oparl import views as oparl_views


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]  # Django calls the handler inside its ``except`` block
    if request.path_info.startswith("/api/"):
        return problems.server_problem(request, exc)
    if request.path_info.startswith("/oparl/"):
        return oparl_views.server_error(exc)
    response = defaults.server_error(request)
    if database_unavailable(exc):
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER)
    return response
