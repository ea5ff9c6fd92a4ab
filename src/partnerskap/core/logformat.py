"""Logs for machines: one JSON object per line (``LOG_FORMAT=json``), and a request id.

The formatter writes time, level, logger and message, the request's id, method, path and status
when the record belongs to a request, and the exception's traceback. It never writes the request
object, its query string, headers, cookies or body, nor extra values whose names suggest a secret.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponseBase

#: The id of the request being handled in this thread or task, if any.
request_id_var: ContextVar[str | None] = ContextVar("partnerskap_request_id", default=None)

access_logger = logging.getLogger("partnerskap.access")
#: Where the request keeps its id, for log lines written after the middleware returned.
REQUEST_ID_KEY = "partnerskap.request_id"

#: A request id set by a proxy in front (nginx's ``$request_id``) is kept when it looks like one.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

#: Attributes every LogRecord has; anything else on a record came in through ``extra=``.
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request",
    "status_code",
    "taskName",
}
_SECRET_NAMES = re.compile(r"pass|secret|token|key|auth|cookie|session|params|sql", re.IGNORECASE)
_SCALARS = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines in values are escaped by JSON)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):  # django.request and django.server pass it
            request = None
        request_id = (
            getattr(record, "request_id", None)
            or request_id_var.get()
            # Django logs a 4xx response after the middleware has finished
            or (request.META.get(REQUEST_ID_KEY) if request else None)
        )
        if request_id:
            entry["request_id"] = request_id
        if request:
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        for name, value in record.__dict__.items():
            if (
                name not in _RECORD_ATTRIBUTES
                and name not in entry
                and not name.startswith("_")
                and not _SECRET_NAMES.search(name)
                and isinstance(value, _SCALARS)
            ):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Gives every request an id (kept from ``X-Request-ID`` when a proxy set a sane one, sent
    back in the same header), so that every log line written while handling it carries the id,
    and writes one ``partnerskap.access`` line per request: method, path (never the query
    string, which can hold search terms), status and duration. That logger is quiet unless
    ``LOG_FORMAT=json`` (the development server prints its own access lines)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.META[REQUEST_ID_KEY] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            if access_logger.isEnabledFor(logging.INFO):
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status_code": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)
