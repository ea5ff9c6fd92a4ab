"""What every mapping function uses: the specification's forms of dates, empty values left
out, and labels in the site's default language (the language of every OParl answer)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TypeVar

from django.conf import settings
from django.db.models import Choices
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partnerskap.oparl import schema

T = TypeVar("T")


def stamp(value: dt.datetime) -> str:
    return schema.date_time(value)


def day(value: dt.date | None) -> str | None:
    return None if value is None else schema.date(value)


def nonempty(values: Sequence[T]) -> list[T] | None:
    """Empty lists are left out (spec: «null»-Werte und leere Listen)."""
    return list(values) or None


def or_none(value: str) -> str | None:
    return value or None


def label(value: object) -> str:
    """A (lazily translated) label as plain text, capitalised."""
    return str(capfirst(str(value)))


@functools.cache
def _translated(enum: type[Choices], value: str, language: str, *, capital: bool) -> str:
    with translation.override(language):
        text = str(enum(value).label)
    return label(text) if capital else text


def choice(enum: type[Choices], value: str, *, capital: bool = True) -> str:
    """The label of a choice in the site's default language, the language of every OParl
    answer (one URL, one content), looked up once: a model's ``get_FOO_display`` or even
    asking for the active language costs microseconds on every row of a page."""
    return _translated(enum, value, settings.LANGUAGE_CODE, capital=capital)


@functools.cache
def _message(message: str, language: str) -> str:
    with translation.override(language):
        return str(_(message))


def text(message: str) -> str:
    """A message of this app in the site's default language, translated once."""
    return _message(message, settings.LANGUAGE_CODE)
