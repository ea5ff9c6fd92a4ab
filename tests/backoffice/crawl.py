"""Crawl the back office as a signed-in user: from the dashboard, follow every link that stays
in the back office (``/sekretariat/``), with the demo's real ids, and read each page's visible
text. Used by ``test_crawl.py`` (words on every page, every role) and by the browser's axe
crawl (``tests/browser/test_backoffice_axe_crawl.py``), which takes its list of pages from here.

A route is visited with at most ``PER_ROUTE`` different URLs (the first links found to it), so
the crawl's length grows with the number of screens, not with the data.

The crawl stays in one language: bokmål by default (no prefix), or ``language="nn"``/``"en"``
(``/nn/sekretariat/``, …), never following the language switch out of it. The same crawl with
another ``root``, ``namespaces`` and ``skip`` walks the public portal
(``tests/portal/crawl.py``)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

ROOT = "/sekretariat/"
START = "/sekretariat/"
PER_ROUTE = 2
#: Links never followed: signing out ends the crawl's session; downloads are not pages.
SKIP = re.compile(r"/logg-ut/|\.json$|\.pdf$|/filer/|/dokumenter/")
NAMESPACES = ("backoffice", "privacy", "accounts")

RULE_ID = re.compile(r"\((?:A|L)\d+(?:, ?(?:A|L)\d+)*\)")
ACTION_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")
RAW_LINE = re.compile(r"^[a-z][a-z_]*: \S")
DATA_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
#: Addresses in text are not codes: URLs, e-mail addresses and host names are left out.
ADDRESSES = re.compile(r"https?://\S+|\S+@\S+|\b(?:[a-z0-9-]+\.)+(?:no|com|org|net|eu)\b")


class _Page(HTMLParser):
    """A page's visible text (one string per text node, scripts and styles left out) and its
    links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def read(html: str) -> tuple[list[str], list[str]]:
    page = _Page()
    page.feed(html)
    return page.texts, page.links


def problems_in(texts: list[str]) -> list[str]:
    """Internal codes in a page's visible text: a rule ID in parentheses, a dotted action code,
    a raw «key: value» line, a data key in snake case."""
    found = []
    for text in texts:
        plain = ADDRESSES.sub(" ", text)
        for pattern, what in (
            (RULE_ID, "rule ID"),
            (ACTION_CODE, "action code"),
            (DATA_KEY, "data key"),
        ):
            found += [f"{what} {m.group(0)!r} in {text[:120]!r}" for m in pattern.finditer(plain)]
        if RAW_LINE.match(plain):
            found.append(f"raw «key: value» line {text[:120]!r}")
    return found


@dataclass
class Visit:
    url: str
    route: str
    status: int
    problems: list[str]
    html: bool


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)

    @property
    def routes(self) -> set[str]:
        """The routes reached by a page that answered: a «not found» is no visit of its route."""
        return {v.route for v in self.visits if v.status == 200}

    def problems(self) -> list[str]:
        return [f"{v.url}: {p}" for v in self.visits for p in v.problems]


def language_of(path: str) -> tuple[str, str]:
    """The language of a path by its prefix, and the path without it: ``/nn/sok/`` is nynorsk
    and ``/sok/``; an un-prefixed path is in the default language (bokmål)."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and path.startswith(f"/{code}/"):
            return code, path[len(code) + 1 :]
    return settings.LANGUAGE_CODE, path


def prefixed(path: str, language: str) -> str:
    """``path`` (un-prefixed) in ``language``: ``/sekretariat/`` → ``/nn/sekretariat/``."""
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def route_of(
    url: str,
    *,
    language: str | None = None,
    root: str = ROOT,
    namespaces: tuple[str, ...] = NAMESPACES,
) -> str | None:
    """``namespace:name`` of a back-office URL (by default; another ``root`` and ``namespaces``
    for the portal), or None when it is not one or not in ``language`` (by default the
    default language)."""
    path = urlsplit(url).path
    code, rest = language_of(path)
    if code != (language or settings.LANGUAGE_CODE) or not rest.startswith(root):
        return None
    try:
        with translation.override(code):
            match = resolve(path)
    except Resolver404:
        return None
    if match.namespace not in namespaces:
        return None
    return f"{match.namespace}:{match.url_name}"


def crawl(
    get: Callable[[str], tuple[int, str, str]],
    *,
    start: str = START,
    language: str | None = None,
    root: str = ROOT,
    namespaces: tuple[str, ...] = NAMESPACES,
    skip: re.Pattern[str] = SKIP,
    per_route: int = PER_ROUTE,
    also: tuple[str, ...] = (),
) -> Crawl:
    """Visit the back office from ``start`` (un-prefixed: ``language`` adds its prefix);
    ``get(url)`` answers (status, content type, body). ``also`` are more un-prefixed URLs to
    visit, whatever the links (a search with results, a filtered list, a page that is not
    found); they do not count against ``per_route``."""
    language = language or settings.LANGUAGE_CODE
    result = Crawl()
    first = [prefixed(url, language) for url in (start, *also)]
    queue = deque(first)
    seen: set[str] = set(first)
    counted: dict[str, int] = {}

    def route(url: str) -> str | None:
        return route_of(url, language=language, root=root, namespaces=namespaces)

    while queue:
        url = queue.popleft()
        found = route(url)
        if found is None:
            continue
        status, content_type, body = get(url)
        is_html = content_type.startswith("text/html")
        texts, links = read(body) if is_html else ([], [])
        result.visits.append(Visit(url, found, status, problems_in(texts), is_html))
        for href in links:
            target, _fragment = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or skip.search(parts.path):
                continue
            linked = route(target)
            if linked is None or counted.get(linked, 0) >= per_route:
                continue
            seen.add(target)
            counted[linked] = counted.get(linked, 0) + 1
            queue.append(target)
    return result
