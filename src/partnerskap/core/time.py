"""Time helpers: every date rule is judged in the project's time zone (Europe/Oslo)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today's date in the configured time zone (not UTC)."""
    return timezone.localdate()


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)
