"""LOG_FORMAT=json: one JSON object per line, with the request's id, path and status."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from partnerskap.core.logformat import JsonFormatter, request_id_var


def _record(message: str = "hello %s", *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord(
        "partnerskap.test", logging.WARNING, __file__, 1, message, args, None
    )
    record.__dict__.update(extra)
    return record


def test_a_record_is_one_json_line():
    line = JsonFormatter().format(_record("two\nlines «æøå» %s", "<script>"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "partnerskap.test"
    assert entry["message"] == "two\nlines «æøå» <script>"
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_written_with_its_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        record = _record()
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert "Traceback" in entry["exception"]
    assert "ValueError: broken" in entry["exception"]


def test_extras_are_kept_but_not_secrets_or_objects():
    record = _record(
        job_id="abc",
        attempt=2,
        password="hunter2",
        api_token="t",
        sessionid="s",
        params=["x"],
        sql="SELECT secret",
        thing=object(),
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["job_id"] == "abc"
    assert entry["attempt"] == 2
    for dropped in ("password", "api_token", "sessionid", "params", "sql", "thing"):
        assert dropped not in entry
    assert "hunter2" not in json.dumps(entry)


def test_the_request_id_comes_from_the_context():
    token = request_id_var.set("req-1234567")
    try:
        entry = json.loads(JsonFormatter().format(_record()))
    finally:
        request_id_var.reset(token)
    assert entry["request_id"] == "req-1234567"


def test_a_django_request_record_gives_method_path_and_status(rf):
    request = rf.get("/sekretariat/?q=Kari+Nordmann", HTTP_COOKIE="sessionid=abc")
    record = _record("Not Found: %s", request.path, request=request, status_code=404)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["method"] == "GET"
    assert entry["path"] == "/sekretariat/"
    assert entry["status"] == 404
    assert "Nordmann" not in json.dumps(entry)
    assert "abc" not in json.dumps(entry)


def test_each_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [("a1b2c3d4-proxy.7", True), ("short", False), ("x" * 200, False), ("bad id\n{", False)],
)
def test_a_sane_request_id_from_the_proxy_is_kept(client, incoming, kept):
    answered = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"]
    assert (answered == incoming) is kept


def test_json_logs_end_to_end():
    """With LOG_FORMAT=json every line on stderr parses: access lines, Django's own request
    log and an application error with its traceback, each with the request id."""
    script = textwrap.dedent(
        """
        import logging
        import django
        django.setup()
        from django.test import Client
        client = Client()
        client.get("/healthz?q=Kari")
        client.post("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345")
        client.get("/metrics", HTTP_X_REQUEST_ID="proxy-id-67890")
        try:
            1 / 0
        except ZeroDivisionError:
            logging.getLogger("partnerskap.x").exception("failed")
        """
    )
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.test_settings",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=True
    )
    lines = result.stderr.splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    access = [e for e in entries if e["logger"] == "partnerskap.access"]
    assert [(e["method"], e["path"], e["status"]) for e in access] == [
        ("GET", "/healthz", 200),
        ("POST", "/healthz", 405),
        ("GET", "/metrics", 404),
    ]
    assert all(isinstance(e["duration_ms"], float) for e in access)
    assert access[1]["request_id"] == "proxy-id-12345"
    assert "Kari" not in result.stderr
    refused = [e for e in entries if e["logger"] == "django.request"]
    assert [(e["status"], e["request_id"]) for e in refused] == [
        (405, "proxy-id-12345"),  # logged by the view
        (404, "proxy-id-67890"),  # logged by Django after the middleware
    ]
    failed = next(e for e in entries if e["logger"] == "partnerskap.x")
    assert failed["level"] == "ERROR"
    assert "ZeroDivisionError" in failed["exception"]
    assert "request_id" not in failed


def test_text_logs_stay_the_default():
    script = "import django, logging; django.setup(); logging.getLogger('x').warning('plain')"
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "partnerskap.config.test_settings"}
    environ.pop("LOG_FORMAT", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=True
    )
    assert result.stderr == "plain\n"


def test_json_logs_follow_the_log_level():
    script = (
        "import django, logging; django.setup(); from django.test import Client; "
        "Client().get('/healthz'); logging.getLogger('django.server').info('quiet'); "
        "logging.getLogger('partnerskap.x').warning('loud')"
    )
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.test_settings",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=True
    )
    assert [json.loads(line)["message"] for line in result.stderr.splitlines()] == ["loud"]
