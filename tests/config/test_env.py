"""Settings fail fast on bad values, naming the variable and what it accepts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnerskap.config.env import Env


def test_booleans_accept_common_spellings_and_refuse_others():
    env = Env({"A": "yes", "B": "0", "C": "maybe"})
    assert env.boolean("A", default=False) is True
    assert env.boolean("B", default=True) is False
    assert env.boolean("MISSING", default=True) is True
    with pytest.raises(ImproperlyConfigured, match=r"C='maybe' is not a boolean"):
        env.boolean("C", default=False)


def test_integers_must_be_whole_and_above_the_minimum():
    env = Env({"N": "ten", "M": "-5", "OK": "42"})
    assert env.integer("OK", default=1) == 42
    with pytest.raises(ImproperlyConfigured, match="N='ten' is not a whole number"):
        env.integer("N", default=1)
    with pytest.raises(ImproperlyConfigured, match="must be at least 0"):
        env.integer("M", default=1, minimum=0)


def test_lists_split_on_commas():
    assert Env({"H": " a.no, b.no ,,"}).strings("H", default=[]) == ["a.no", "b.no"]


def test_required_string_says_what_to_do():
    with pytest.raises(ImproperlyConfigured, match=r"SECRET_KEY must be set\. Do this"):
        Env({}).string("SECRET_KEY", None, hint="Do this.")


def test_cache_urls_name_redis_a_directory_or_this_process():
    env = Env({"R": "redis://127.0.0.1:6379/2", "F": "file:///var/cache/p", "BAD": "memcached://x"})
    assert env.cache("R", default="") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }
    file = env.cache("F", default="")
    assert file["BACKEND"].endswith("FileBasedCache")
    assert file["LOCATION"] == "/var/cache/p"
    assert env.cache("MISSING", default="locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured, match=r"BAD='memcached://x' is not a cache URL"):
        env.cache("BAD", default="")
    with pytest.raises(ImproperlyConfigured, match="file:///absolute/directory"):
        Env({"F": "file://relative"}).cache("F", default="")


def test_choices_and_time_zones_are_checked():
    env = Env({"LANGUAGE_CODE": "de", "TIME_ZONE": "Mars/Olympus"})
    with pytest.raises(ImproperlyConfigured, match="use one of: en, nb"):
        env.choice("LANGUAGE_CODE", "nb", choices={"nb", "en"})
    with pytest.raises(ImproperlyConfigured, match="not a known time zone"):
        env.timezone("TIME_ZONE", "Europe/Oslo")
    assert Env({}).timezone("TIME_ZONE", "Europe/Oslo") == "Europe/Oslo"


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/partnerskap", "django.db.backends.postgresql"),
        ("postgresql://u:p@db/partnerskap", "django.db.backends.postgresql"),
    ],
)
def test_database_urls_for_sqlite_and_postgres(url, engine):
    assert Env({"DATABASE_URL": url}).database("DATABASE_URL", default="")["ENGINE"] == engine


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/db", "nonsense", "redis://localhost:6379/0"]
)
def test_other_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL="):
        Env({"DATABASE_URL": url}).database("DATABASE_URL", default="")


def _load_settings(**environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", "import partnerskap.config.settings as s; print(s.DEBUG)"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_need_a_secret_key_unless_debug():
    refused = _load_settings()
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr
    assert _load_settings(DEBUG="true").returncode == 0
    assert _load_settings(SECRET_KEY="x" * 50).returncode == 0


def test_settings_stop_on_a_bad_value():
    result = _load_settings(DEBUG="true", SESSION_COOKIE_AGE="forever")
    assert result.returncode != 0
    assert "SESSION_COOKIE_AGE='forever' is not a whole number" in result.stderr
    result = _load_settings(DEBUG="perhaps")
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_smtp_settings_take_tls_or_ssl_and_refuse_both():
    ssl = subprocess.run(
        [
            sys.executable,
            "-c",
            "import partnerskap.config.settings as s; print(s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)",
        ],
        env={**os.environ, "DEBUG": "true", "EMAIL_USE_SSL": "true", "EMAIL_PORT": "465"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert ssl.stdout.split() == ["False", "True"]  # implicit TLS turns STARTTLS off
    both = _load_settings(DEBUG="true", EMAIL_USE_SSL="true", EMAIL_USE_TLS="true")
    assert both.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other" in both.stderr


def test_production_settings_pass_check_deploy():
    skip = {
        "DEBUG",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # the last: browser tests
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(SECRET_KEY="k" * 20 + "Qz9!" * 10, ALLOWED_HOSTS="partnerskap.example.no")
    result = subprocess.run(
        [sys.executable, "-m", "partnerskap", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
