"""HTML to PDF/A with WeasyPrint.

* PDF/A-2u (``pdf/a-2u``): ISO 19005-2 level U, archival with Unicode text, and tagged
  (``pdf_tags``) for screen readers. Level A would also claim the tagged structure conforms;
  WeasyPrint can write it, but we have no validator here to back that claim, so the file claims
  U and carries the tags anyway.
* Fonts are embedded (WeasyPrint embeds subsets of every font it uses); the document language
  comes from ``<html lang="nb">`` (or ``"nn"``), the title from ``<title>``.
* Nothing is fetched: the stylesheet is passed in and every URL in the HTML is refused, so a
  value in the records can never make the renderer read a file or call the network.
* The font configuration and the parsed stylesheet are kept per thread; building them is a good
  part of WeasyPrint's fixed cost.
"""

from __future__ import annotations

import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import weasyprint.pdf
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-2u"
STYLESHEET = Path(__file__).with_name("print.css")

_local = threading.local()


class _ClosingColorProfile(ColorProfile):  # type: ignore[misc]
    """WeasyPrint 70 opens its sRGB profile for the PDF/A output intent and never closes the
    file (``weasyprint/pdf/__init__.py``); this reads the profile and closes the file."""

    def __init__(self, file_object: Any, *args: Any) -> None:
        with file_object:
            super().__init__(file_object, *args)


if weasyprint.pdf.ColorProfile is ColorProfile:
    weasyprint.pdf.ColorProfile = _ClosingColorProfile


class _NoFetch(URLFetcher):  # type: ignore[misc]
    def fetch(self, url: str, headers: Any = None) -> Any:
        msg = f"Generated documents load nothing from outside: {url!r}"
        raise ValueError(msg)


def _resources() -> tuple[FontConfiguration, CSS, URLFetcher]:
    cached = getattr(_local, "resources", None)
    if cached is None:
        fonts = FontConfiguration()
        fetcher = _NoFetch()
        css = CSS(
            string=STYLESHEET.read_text(encoding="utf-8"), font_config=fonts, url_fetcher=fetcher
        )
        cached = (fonts, css, fetcher)
        _local.resources = cached
    return cached


def html_to_pdf(html: str) -> bytes:
    fonts, css, fetcher = _resources()
    document = HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=[css],
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        uncompressed_pdf=False,
    )
    return pdf


def render_html(template: str, context: dict[str, Any]) -> str:
    """The document's HTML, always in Norwegian (the documents are archived in Norwegian): in
    the written form its context names (``doc.language``, from ``document_language``), else
    bokmål."""
    with translation.override(context.get("doc", {}).get("language") or "nb"):
        return render_to_string(template, context)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(template, context))


def render_pdf_and_text(template: str, context: dict[str, Any]) -> tuple[bytes, str]:
    """The PDF and its text (for search), the text taken from the same HTML: exact, and far
    cheaper than reading it back out of the PDF."""
    html = render_html(template, context)
    return html_to_pdf(html), html_text(html)


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "tr", "br", "table", "ul", "section"}
_SKIPPED = {"head", "title", "style", "script"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else "")


def html_text(html: str) -> str:
    """The visible text of our generated HTML, one block per line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
