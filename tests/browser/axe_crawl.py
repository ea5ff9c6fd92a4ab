"""The browser's side of the crawls (issue 20): each page a crawl visits is opened once in
Chromium, axe runs on it at 1280 px (every WCAG 2.1 A/AA violation, whatever its impact), then
the window narrows to 360 px and the page must not scroll sideways. A sample of routes is
photographed at 360 and 1280 px into ``var/screenshots/``, the language in the file's name.

Used by ``test_backoffice_axe_crawl.py`` and ``test_portal_axe_crawl.py``: the crawl
(``tests/backoffice/crawl.py``) calls a ``Checker`` for each URL and reads the links from the
page it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import axe_problems

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 900}


def violations(page: Page) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe finds on the page, whatever its impact."""
    return axe_problems(page, every_impact=True)


def sideways(page: Page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits the window)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


#: What sticks out at the right edge, to say which element a sideways scroll comes from: the
#: innermost elements wider than the window, or whose text is wider than themselves.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const over = (e) => e.getBoundingClientRect().right > limit + 0.5
    || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
        && getComputedStyle(e).overflowX === "visible");
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  return [...document.querySelectorAll("main *, header *, footer *")]
    .filter((e) => over(e) && ![...e.children].some(over))
    .slice(0, 3)
    .map((e) => `${name(e)} «${(e.textContent || "").trim().slice(0, 40)}»`);
}"""


def shoot(page: Page, name: str) -> None:
    """The page at 360 and 1280 px, whole, as ``var/screenshots/axe-crawl-<name>-<width>.png``;
    the window is left at 1280 px."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"axe-crawl-{name}-{size['width']}.png"), full_page=True)


@dataclass
class Checker:
    """``get(url)`` for a crawl, checking each HTML page on the way: axe's findings in
    ``violations``, pages not in ``language`` (``<html lang>``) in ``languages``, pages wider
    than 360 px in ``sideways`` (by how much, and what sticks out); the routes in ``sample``
    (``route(url)`` names a URL's route) photographed once, named ``<prefix>-<route>``."""

    page: Page
    site: str
    language: str
    prefix: str
    route: Callable[[str], str | None] = lambda _url: None
    sample: set[str] = field(default_factory=set)
    violations: dict[str, list[str]] = field(default_factory=dict)
    sideways: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    shot: set[str] = field(default_factory=set)

    def __call__(self, url: str) -> tuple[int, str, str]:
        self.page.set_viewport_size(WIDE)
        response: Any = self.page.goto(f"{self.site}{url}")
        status = response.status if response else 0
        content_type = (response.headers.get("content-type", "") if response else "") or ""
        if not content_type.startswith("text/html"):
            return status, content_type, ""
        self.check(url)
        if status == 200:  # the sample shows the route's page, not a «not found» on its address
            self.photograph(self.route(url) or "")
        return status, content_type, self.page.content()

    def check(self, name: str) -> None:
        """Check the page as it stands (its language, axe at 1280 px, width at 360 px)."""
        lang = self.page.locator("html").get_attribute("lang") or ""
        if lang != self.language:
            self.languages[name] = lang
        self.page.set_viewport_size(WIDE)
        found = violations(self.page)
        if found:
            self.violations[name] = found
        self.page.set_viewport_size(NARROW)
        extra = sideways(self.page)
        if extra > 0:
            self.sideways[name] = f"{extra} px: {self.page.evaluate(WIDEST)}"
        self.page.set_viewport_size(WIDE)

    def photograph(self, route: str) -> None:
        if route in self.sample and route not in self.shot:
            self.shot.add(route)
            shoot(self.page, f"{self.prefix}-{route.replace(':', '-')}")

    def report(self) -> str:
        return "\n".join(
            [f"{url}: {p}" for url, ps in self.violations.items() for p in ps]
            + [
                f"{url}: lang={lang!r}, not {self.language!r}"
                for url, lang in self.languages.items()
            ]
            + [
                f"{url}: scrolls sideways at 360 px by {what}"
                for url, what in self.sideways.items()
            ]
        )
