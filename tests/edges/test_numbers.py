"""F6: a number from outside — in a path or a query parameter — that is out of range, signed
or not ASCII digits is a 400 or 404, never a 500, for anyone signed in or not."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from partnerskap.core.params import MAX_ID, int_param, parse_int

HUGE = ["99999999999999999999", str(MAX_ID + 1)]
HOSTILE = [*HUGE, "²", "-1", "0", "99999", "1e5", " 7"]
CONVERTERS = re.compile(r"<(\w+):(\w+)>")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def routes() -> list[str]:
    return list(_routes(get_resolver().url_patterns))


def test_f6_no_route_takes_an_unbounded_int() -> None:
    """``<int:>`` hands any number of digits to the database; routes use ``<id:>``/``<year:>``."""
    unbounded = [r for r in routes() if "<int:" in r]
    assert unbounded == []


def test_f6_parse_int_takes_only_ascii_digits_in_range() -> None:
    assert parse_int("42") == 42
    assert parse_int(str(MAX_ID)) == MAX_ID
    for raw in [*HUGE, "²", "-1", "0", "1e5", " 7", "", None, "٣", True]:
        assert parse_int(raw) is None, raw
    assert int_param({"ar": "2024"}, "ar", minimum=1900, maximum=2999) == 2024
    assert int_param({"ar": "3000"}, "ar", minimum=1900, maximum=2999) is None


def _fill(route: str, number: str, slug: str) -> str:
    def value(match: re.Match[str]) -> str:
        kind, name = match.groups()
        if kind == "slug":
            return slug if name in {"partnership", "slug"} else "x"
        return number

    path = CONVERTERS.sub(value, route).replace("^", "").replace("$", "")
    return "/" + path


NUMBERED = [r for r in routes() if re.search(r"<(int|id|year|apiid):", r)]


@pytest.fixture(params=["anonymous", "admin", "sekretariat-radet"])
def visitor(request: pytest.FixtureRequest, bare_demo: object) -> Client:
    client = Client()
    if request.param != "anonymous":
        client.force_login(get_user_model().objects.get(username=request.param))
    return client


def test_f6_huge_ids_in_every_numbered_route_are_not_found(visitor: Client, bare_demo) -> None:
    assert len(NUMBERED) > 30
    slug = bare_demo.partnership.slug
    failures = []
    for route in NUMBERED:
        for number in [*HUGE, "0"]:
            url = _fill(route, number, slug)
            for method in (visitor.get, visitor.post):
                status = method(url).status_code
                if status >= 500:
                    failures.append((method.__name__, url, status))
    assert failures == []


#: Every query parameter read as a number, on the page that reads it.
QUERY_NUMBERS = [
    ("/sok/?q=a", ["side", "ar"]),
    ("/{p}/moter/", ["ar", "mal", "side"]),
    ("/{p}/avtale/", ["versjon"]),
    ("/{p}/forslag/", ["side"]),
    ("/{p}/gjester/", ["side"]),
    ("/sekretariat/moter/", ["ar", "side"]),
    ("/sekretariat/moter/ny/", ["foresporsel"]),
    ("/sekretariat/oppfolging/", ["oppfolging", "side"]),
    ("/sekretariat/kostnader/", ["ar", "side", "bside"]),
    ("/sekretariat/utvalg/", ["side"]),
    ("/api/v1/meetings/", ["limit", "year", "partnership", "party", "area"]),
    ("/api/v1/agenda-items/", ["limit", "meeting"]),
    ("/api/v1/follow-ups/", ["limit", "proposal", "body"]),
    ("/oparl/v1/bodies/", ["page", "elementsPerPage"]),
    ("/oparl/v1/body/{b}/meetings/", ["page", "elementsPerPage"]),
]


def test_f6_hostile_numbers_in_query_parameters_are_refused_or_ignored(
    visitor: Client, bare_demo
) -> None:
    partnership = bare_demo.partnership
    failures = []
    for page, names in QUERY_NUMBERS:
        url = page.format(p=partnership.slug, b=partnership.pk)
        for name in names:
            for value in HOSTILE:
                status = visitor.get(url, {name: value}).status_code
                if status >= 500:
                    failures.append((url, name, value, status))
    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/sok/?q=a&side=99999999999999999999",
        "/oparl/v1/body/99999999999999999999/",
        "/oparl/v1/body/1/meetings/?page=%C2%B2",
        "/api/v1/meetings/?limit=%C2%B2",
    ],
)
def test_f6_reported_urls(client: Client, bare_demo, url: str) -> None:
    assert client.get(url).status_code in {200, 400, 404}
