"""Typed access to the environment: every setting is read here, and a bad value fails fast.

Each helper raises ``ImproperlyConfigured`` naming the variable and what it accepts, so a
misconfigured deployment stops at start-up instead of misbehaving later.
"""

from __future__ import annotations

import ipaddress
import os
import zoneinfo
from collections.abc import Collection, Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgres",
}


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def string(self, name: str, default: str | None = None, *, hint: str = "") -> str:
        value = self._environ.get(name)
        if value is None or value == "":
            if default is None:
                raise ImproperlyConfigured(f"{name} must be set.{' ' + hint if hint else ''}")
            return default
        return value

    def boolean(self, name: str, *, default: bool) -> bool:
        raw = self._environ.get(name)
        if raw is None:
            return default
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a boolean; use one of: true, false, 1, 0, yes, no, on, off."
        )

    def integer(self, name: str, *, default: int, minimum: int | None = None) -> int:
        raw = self._environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
        return value

    def strings(self, name: str, *, default: list[str]) -> list[str]:
        raw = self._environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def networks(
        self, name: str, *, default: list[str]
    ) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """Comma-separated addresses or networks (``10.0.0.0/8,127.0.0.1,::1``)."""
        result = []
        for item in self.strings(name, default=default):
            try:
                result.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ImproperlyConfigured(
                    f"{name}: {item!r} is not an IP address or network; use addresses such as "
                    "10.0.0.5 or networks such as 10.0.0.0/8, separated by commas."
                ) from None
        return result

    def choice(self, name: str, default: str, *, choices: Collection[str]) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not allowed; use one of: {', '.join(sorted(choices))}."
            )
        return value

    def timezone(self, name: str, default: str) -> str:
        value = self.string(name, default)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a known time zone; use an IANA name such as Europe/Oslo."
            ) from None
        return value

    def database(self, name: str, *, default: str, sqlite_timeout: int = 20) -> dict[str, Any]:
        """Django's ``DATABASES`` entry for the URL in ``name``. SQLite runs in WAL mode
        (readers never wait for the writer), starts every transaction as ``IMMEDIATE`` (a
        writer takes the lock before it reads, so two writers queue instead of one failing
        with «database is locked»), and a writer waits up to ``sqlite_timeout`` seconds."""
        url = self._environ.get(name) or default
        try:
            config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(
                f"{name}={url!r} is not a database URL we understand ({exc}); use "
                "sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/dbname."
            ) from None
        if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
            raise ImproperlyConfigured(
                f"{name}={url!r} names an unsupported database; Partnerskap runs on "
                "SQLite (sqlite:///…) and PostgreSQL (postgres://…)."
            )
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}={url!r} does not name a database.")
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = {
                **config.get("OPTIONS", {}),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
                "transaction_mode": "IMMEDIATE",
                "timeout": sqlite_timeout,
            }
        return config

    def cache(self, name: str, *, default: str) -> dict[str, Any]:
        """Django's ``CACHES`` entry for the URL in ``name``: ``redis://host:6379/0`` (or
        ``rediss://``, Django's own ``RedisCache``), ``file:///absolute/dir`` (a directory every
        process on this machine shares) or ``locmem://`` (this process only)."""
        url = self._environ.get(name) or default
        scheme, _, rest = url.partition("://")
        if scheme in ("redis", "rediss") and rest:
            return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        if scheme == "file" and rest.startswith("/"):
            return {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": rest,
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            }
        if scheme == "locmem":
            return {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": rest or "partnerskap",
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            }
        raise ImproperlyConfigured(
            f"{name}={url!r} is not a cache URL we understand; use redis://host:6379/0, "
            "file:///absolute/directory or locmem://."
        )
