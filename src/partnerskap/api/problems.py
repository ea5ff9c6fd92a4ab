"""Errors as RFC 9457 problem details (``application/problem+json``), mapped in one place.

Every problem carries ``code``, a stable machine-readable code: the domain error's own code
(``meetings.notice.no_items``) or an ``api.*`` code for errors of the HTTP layer. A domain
error's ``type`` is ``urn:partnerskap:error:<code>``; other problems use ``about:blank`` with
the HTTP status phrase as title, as the RFC recommends.

| error | status |
|---|---|
| ``ConflictError`` (the object's current state forbids it) | 409 |
| other ``DomainError`` (a rule is broken) | 400 |
| invalid input: body fields, query parameters, cursor; malformed JSON | 400 |
| no or invalid token | 401 |
| the permission policy refuses | 403 |
| unknown resource | 404 |
| the database is unreachable (``OperationalError``, ``InterfaceError``) | 503, ``Retry-After`` |
| any other unhandled exception | 500 |

The last two are not caught in the view: they travel up to Django's ``handler500`` (so they
are logged and signalled as every server error is) and ``server_problem`` answers them as a
problem, without the exception's text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from partnerskap.core.errors import RETRY_AFTER, ConflictError, DomainError, database_unavailable

CONTENT_TYPE = "application/problem+json"

DOMAIN_TYPE = "urn:partnerskap:error:"

#: The ``api.*`` codes of errors raised by the HTTP layer (DRF's own codes, renamed).
API_CODES = {
    exceptions.ParseError: "api.malformed",
    exceptions.NotAuthenticated: "api.not_authenticated",
    exceptions.AuthenticationFailed: "api.invalid_token",
    exceptions.PermissionDenied: "api.forbidden",
    exceptions.NotFound: "api.not_found",
    exceptions.MethodNotAllowed: "api.method_not_allowed",
    exceptions.NotAcceptable: "api.not_acceptable",
    exceptions.UnsupportedMediaType: "api.unsupported_media_type",
    exceptions.Throttled: "api.throttled",
}


class ProblemError(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The input field, dotted for nested fields.")
    code = serializers.CharField()
    message = serializers.CharField()


class Problem(serializers.Serializer[Any]):
    """RFC 9457 problem details, with the stable error ``code``."""

    type = serializers.CharField(
        help_text="`about:blank`, or `urn:partnerskap:error:<code>` for a broken domain rule."
    )
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong and what to do instead.")
    instance = serializers.CharField(help_text="The path of the request.")
    code = serializers.CharField(
        help_text="Stable error code: a domain rule (`followup.final`) or `api.*`."
    )
    field = serializers.CharField(
        required=False, help_text="The input field a domain error is about."
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        """``errors`` is added here: as a class attribute it would hide ``Serializer.errors``."""
        fields = dict(super().get_fields())
        fields["errors"] = ProblemError(
            many=True, required=False, help_text="Each invalid input field."
        )
        return fields


def problem_data(
    *,
    status: int,
    code: str,
    detail: str,
    instance: str,
    domain: bool = False,
    field: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": f"{DOMAIN_TYPE}{code}" if domain else "about:blank",
        "title": _domain_title(status) if domain else HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if field:
        data["field"] = field
    if errors:
        data["errors"] = errors
    return data


def _domain_title(status: int) -> str:
    if status == HTTPStatus.CONFLICT:
        return _("The request conflicts with the current state")
    return _("The request breaks a rule")


def _flatten(detail: Any, path: str = "") -> list[dict[str, str]]:
    """DRF's nested error details as a flat list of ``field``/``code``/``message``."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in _flatten(value, _join(path, key))]
    if isinstance(detail, list):
        if all(isinstance(d, exceptions.ErrorDetail) for d in detail):
            return [e for d in detail for e in _flatten(d, path)]
        return [e for i, d in enumerate(detail) for e in _flatten(d, _join(path, str(i)))]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": path or "non_field_errors", "code": str(code), "message": str(detail)}]


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _invalid(errors: list[dict[str, str]]) -> str:
    if len(errors) == 1:
        only = errors[0]
        return f"{only['field']}: {only['message']}"
    return _("%(count)d input fields are invalid; see «errors».") % {"count": len(errors)}


def response_for(exc: Exception, instance: str) -> Response | None:
    """The problem response for ``exc``, or None to let it propagate (a 500)."""
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        status = HTTPStatus.CONFLICT if isinstance(exc, ConflictError) else HTTPStatus.BAD_REQUEST
        data = problem_data(
            status=status,
            code=exc.code,
            detail=str(exc),
            instance=instance,
            domain=True,
            field=exc.field,
        )
    elif isinstance(exc, DjangoValidationError | exceptions.ValidationError):
        errors = _flatten(_as_details(_validation_detail(exc)))
        data = problem_data(
            status=HTTPStatus.BAD_REQUEST,
            code="api.invalid",
            detail=_invalid(errors),
            instance=instance,
            errors=errors,
        )
    elif isinstance(exc, Http404 | exceptions.NotFound):
        data = problem_data(
            status=HTTPStatus.NOT_FOUND,
            code="api.not_found",
            detail=_("There is no such resource, or it is not public."),
            instance=instance,
        )
    elif isinstance(exc, DjangoPermissionDenied):
        data = problem_data(
            status=HTTPStatus.FORBIDDEN, code="api.forbidden", detail=str(exc), instance=instance
        )
    elif isinstance(exc, exceptions.APIException):
        code = next((c for t, c in API_CODES.items() if isinstance(exc, t)), "api.error")
        if isinstance(exc, exceptions.PermissionDenied) and isinstance(exc.detail, str):
            custom = getattr(exc.detail, "code", "")
            code = custom if custom.startswith("api.") else code
        data = problem_data(
            status=exc.status_code, code=code, detail=str(exc.detail), instance=instance
        )
        if auth := getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = auth
        if wait := getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(wait))
    else:
        return None
    return Response(data, status=data["status"], headers=headers, content_type=CONTENT_TYPE)


def _validation_detail(exc: DjangoValidationError | exceptions.ValidationError) -> Any:
    if isinstance(exc, exceptions.ValidationError):
        return exc.detail
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def _as_details(detail: Any) -> Any:
    """Django's plain strings as DRF ``ErrorDetail`` so that ``_flatten`` treats both alike."""
    if isinstance(detail, dict):
        return {k: _as_details(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_as_details(d) for d in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return detail
    return exceptions.ErrorDetail(str(detail), code="invalid")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler for every API view."""
    request = context.get("request")
    return response_for(exc, request.path if request is not None else "")


def _json_problem(request: HttpRequest, status: int, code: str, detail: str) -> JsonResponse:
    data = problem_data(status=status, code=code, detail=detail, instance=request.path)
    return JsonResponse(
        data,
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


@csrf_exempt
def not_found(request: HttpRequest, *_args: Any, **_kwargs: Any) -> JsonResponse:
    """Any path under /api/v1/ that names no resource: a problem, not an HTML page."""
    with translation.override(translation.get_language_from_request(request)):
        detail = _("No API resource at this path; the index at /api/v1/ lists them all.")
    return _json_problem(request, HTTPStatus.NOT_FOUND, "api.not_found", detail)


def read_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the API's plain Django views (schema, docs): GET and HEAD, else a 405 problem."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            with translation.override(translation.get_language_from_request(request)):
                detail = _("Only GET and HEAD are allowed here.")
            response = _json_problem(
                request, HTTPStatus.METHOD_NOT_ALLOWED, "api.method_not_allowed", detail
            )
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def server_problem(request: HttpRequest, exc: BaseException | None) -> JsonResponse:
    """An unhandled exception as a problem: 503 with ``Retry-After`` when the database is
    unreachable, else 500. The detail never carries the exception's text."""
    with translation.override(translation.get_language_from_request(request)):
        if database_unavailable(exc):
            status, code = HTTPStatus.SERVICE_UNAVAILABLE, "api.unavailable"
            detail = _("The service is unavailable for a moment; try again shortly.")
        else:
            status, code = HTTPStatus.INTERNAL_SERVER_ERROR, "api.server_error"
            detail = _("Something went wrong on our side; the error has been logged.")
    response = _json_problem(request, status, code, detail)
    if status == HTTPStatus.SERVICE_UNAVAILABLE:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
