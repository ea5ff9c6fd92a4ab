"""Norwegian typography for generated documents, in the active written form (bokmål or
nynorsk): dates («tirsdag 15. mars 2022», nynorsk «tysdag 15. mars 2022»), times with a
full stop («kl. 10.00»), non-breaking spaces where a line must not break (after «§», inside
case numbers «PS 7/2022»)."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation

from partnerskap.core.time import local

NBSP = "\u00a0"


def nbsp(text: str) -> str:
    """Keep «§ 13», «PS 7/2022» and «kl. 10.00» together on one line."""
    for joined in ("§ ", "PS ", "kl. ", "nr. ", "bokstav "):
        text = text.replace(joined, joined[:-1] + NBSP)
    return text


def _norwegian() -> str:
    """The active language when it is a Norwegian written form (the document's), else bokmål."""
    language = translation.get_language()
    return language if language in ("nb", "nn") else "nb"


def date(day: dt.date) -> str:
    with translation.override(_norwegian()):
        return formats.date_format(day, "j. F Y")


#: Nynorsk weekdays, Monday first, as the partnerships write them (Django's nynorsk has
#: «søndag», a permitted form; the documents use «sundag»).
NYNORSK_WEEKDAYS = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag")


def weekday_date(day: dt.date) -> str:
    language = _norwegian()
    if language == "nn":
        return f"{NYNORSK_WEEKDAYS[day.weekday()]} {date(day)}"
    with translation.override(language):
        return formats.date_format(day, "l j. F Y")


def clock(moment: dt.datetime) -> str:
    return f"kl.{NBSP}{local(moment):%H.%M}"


def span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """«tirsdag 15. mars 2022 kl. 10.00–13.00» (the end date too when it differs)."""
    start, end = local(starts_at), local(ends_at)
    text = f"{weekday_date(start.date())} {clock(start)}"
    if end.date() == start.date():
        return f"{text}–{end:%H.%M}"
    return f"{text} – {weekday_date(end.date())} {clock(end)}"


def moment(value: dt.datetime) -> str:
    return f"{date(local(value).date())} {clock(value)}"
