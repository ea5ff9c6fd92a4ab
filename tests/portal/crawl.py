"""Crawl the public portal by its links, in one language: from the home page (``/``, ``/nn/``
or ``/en/``), follow every link to a portal or subscription page in the same language, with the
demo's real ids. Used by the browser's axe crawl (``tests/browser/test_portal_axe_crawl.py``).

The back office's crawl (``tests/backoffice/crawl.py``) does the walking; this module names the
portal's part of the site. A route is visited with at most ``PER_ROUTE`` URLs, so the crawl's
length grows with the number of pages, not with the data; ``also`` adds the pages no plain link
reaches with content worth checking: a search with results and with filters, a filtered list of
meetings, pages that are not found."""

from __future__ import annotations

import re
from collections.abc import Callable

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from tests.backoffice.crawl import Crawl, crawl

START = "/"
ROOT = "/"
NAMESPACES = ("portal", "subscriptions")
PER_ROUTE = 2
#: Links never followed: downloads (PDF, calendars, feeds, documents, JSON) are not pages,
#: and the back office is crawled on its own.
SKIP = re.compile(
    r"\.(?:pdf|ics|atom|json|xml|txt)$|^/(?:[a-z]{2}/)?(?:sekretariat|dokumenter|lenke|admin|api|oparl)/"
)
#: Pages that are not found: a partnership, a meeting.
NOT_FOUND = (
    "/finnes-ikke/",
    f"/{PARTNERSHIP_SLUG}/moter/999999/",
)
ALSO = (
    f"/{PARTNERSHIP_SLUG}/",
    "/sok/?q=m%C3%B8te",
    f"/sok/?q=m%C3%B8te&partnerskap={PARTNERSHIP_SLUG}&ar=2022",
    f"/{PARTNERSHIP_SLUG}/moter/?ar=2022",
    f"/{PARTNERSHIP_SLUG}/moter/?omrade=digitalisering",
    "/abonnement/bekreft/ugyldig/",
    "/abonnement/avslutt/ugyldig/",
    *NOT_FOUND,
)


def crawl_portal(
    get: Callable[[str], tuple[int, str, str]], *, language: str, per_route: int = PER_ROUTE
) -> Crawl:
    """Visit the portal in ``language``; ``get(url)`` answers (status, content type, body)."""
    return crawl(
        get,
        start=START,
        language=language,
        root=ROOT,
        namespaces=NAMESPACES,
        skip=SKIP,
        per_route=per_route,
        also=ALSO,
    )
