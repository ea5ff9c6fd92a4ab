"""L1/L3/L8 across every public surface: the canary dataset (``tests.canary``: the demo plus
closed items, committees set up in closed session, internal minutes, exempt documents, an
unpublished agenda, a withdrawn item, a draft partnership, each carrying a marker) is loaded,
then an anonymous visitor crawls everything the site links to — portal pages in both languages,
search, Atom, iCalendar, sitemap, robots, the REST API and its schema, OParl, document files and
generated PDFs, error pages — and neither marker may appear in any body or header.

Leaks in civic systems come through side channels (feeds, API root fields, exports, search
snippets), rarely the main page, so the crawler follows every same-site link it finds."""

from __future__ import annotations

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee
from partnerskap.documents.extraction import extract_text
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.search.indexer import rebuild
from tests.canary import CANARY, MARK, WITHHELD

pytestmark = pytest.mark.django_db

START = [
    "/",
    "/en/",
    "/sitemap.xml",
    "/robots.txt",
    "/kalender.ics",
    "/feeds/innkallinger.atom",
    "/feeds/motebok.atom",
    "/feeds/oppfolging.atom",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/oparl/v1/",
    "/finnes-ikke/",
]
SKIP = ("/admin/", "/sekretariat/", "/static/", "/i18n/")
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
URL_IN_TEXT = re.compile(r"https?://testserver(/[^\s\"'<>\\]*)")
MAX_URLS = 5000


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return extract_text("pdf", body)
    return body.decode("utf-8", errors="replace")


def _results(html: str) -> str:
    """The search results of a search page (the list of hits), without the echoed query."""
    match = re.search(r'<ol class="[^"]*search-results[^"]*">(.*?)</ol>', html, re.DOTALL)
    count = re.search(r'<p role="status">(.*?)</p>', html, re.DOTALL)
    assert count is not None, "a search page states how many hits it found"
    assert re.search(r"\b0\b", count.group(1)), f"the canary was found: {count.group(1)}"
    return match.group(1) if match else ""


def _links(path: str, text: str) -> set[str]:
    found = {urljoin(path, link) for link in LINK.findall(text)}
    found |= set(URL_IN_TEXT.findall(text))
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                found.add(value)
    return found


def _local(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme and parts.netloc not in ("testserver", ""):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(SKIP):
        return None
    return path


@pytest.fixture
def seeded(canary):
    rebuild()
    return canary


def _check(path: str, response) -> str:
    text = _text(response)
    if MARK in path:
        # A search for a marker echoes the query; what it found must not contain it.
        text = _results(text)
    assert CANARY not in text, f"{path} reveals exempt content"
    assert WITHHELD not in text, f"{path} reveals what is not public"
    headers = str(response.headers)
    assert MARK not in headers or MARK in path, f"{path} leaks in a header"
    return text


@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "page_cache"])
def test_l3_l8_no_public_surface_reveals_exempt_content(
    client, demo, seeded, settings, cached, as_secretariat
):
    """With the shared page cache on (core/page_cache.py), a secretariat reads every start
    page first (nothing it sees may be kept), and the crawl reads every page twice (the second
    from the cache)."""
    if cached:
        settings.PARTNERSKAP_PAGE_CACHE_SECONDS = 600
    # The canary really is in the database, in exempt places only.
    assert AgendaItem.objects.filter(title__contains=CANARY, closed_session__isnull=False).exists()
    assert Committee.objects.filter(name__contains=CANARY).exists()
    assert AgendaItem.objects.filter(title__contains=WITHHELD, withdrawn=True).exists()
    assert Meeting.objects.filter(title__contains=WITHHELD, partnership__status="draft").exists()
    assert Partnership.objects.filter(name__contains=WITHHELD).exists()
    closed_items = AgendaItem.objects.filter(closed_session__isnull=False)
    partnership = Partnership.objects.get(pk=seeded.meeting.partnership_id)
    p = partnership.slug
    direct = [f"/{p}/saker/{i.pk}/" for i in closed_items]
    direct += [f"/{p}/forslag/{x.pk}/" for x in Proposal.objects.filter(item__in=closed_items)]
    direct += [f"/{p}/utvalg/{c.pk}/" for c in Committee.objects.all()]
    direct += [f"/{p}/moter/{m.pk}/" for m in Meeting.objects.filter(partnership=partnership)]
    withheld = [seeded.draft_item, seeded.withdrawn_item]
    direct += [f"/{p}/saker/{i.pk}/" for i in withheld]
    direct += [f"/api/v1/agenda-items/{i.pk}/" for i in withheld]
    draft = seeded.draft_partnership
    direct += [f"/{draft.slug}/", f"/oparl/v1/body/{draft.pk}/"]
    direct += [f"/{draft.slug}/moter/{m.pk}/" for m in Meeting.objects.filter(partnership=draft)]
    # The partnership's own feeds (its pages' heads and «Følg» boxes link them too), and the
    # draft's, which do not exist.
    feeds = ("innkallinger.atom", "motebok.atom", "oppfolging.atom", "kalender.ics")
    direct += [f"/{slug}/{feed}" for slug in (p, draft.slug) for feed in feeds]
    words = (CANARY, WITHHELD, "Tilsetting", "Saksframstilling", "Vurdering", "Trukket")
    direct += [f"/sok/?q={word}" for word in words]
    direct += [f"/en/sok/?q={CANARY}", "/api/v1/meetings/?modified_since=2000-01-01T00:00:00"]
    if cached:
        for path in START + direct:
            assert "X-Page-Cache" not in as_secretariat.get(path)
    queue = deque(START + direct)
    hits = 0
    seen: set[str] = set()
    kinds: set[str] = set()
    while queue and len(seen) < MAX_URLS:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        text = _check(path, response)
        kinds.add(response.get("Content-Type", "").split(";")[0])
        if cached:
            again = client.get(path)
            _check(path, again)
            hits += again.get("X-Page-Cache") == "hit"
        if response.status_code == 200:
            for link in _links(path, text):
                local = _local(link)
                if local and local not in seen:
                    queue.append(local)
    assert len(seen) < MAX_URLS, "the crawl did not finish; raise MAX_URLS"
    assert hits > 200 if cached else hits == 0, hits
    # The crawl really went everywhere: pages, feeds, calendars, sitemap, JSON, PDFs.
    assert len(seen) > 300
    assert {
        "text/html",
        "application/atom+xml",
        "text/calendar",
        "application/json",
        "application/pdf",
    } <= kinds | {"application/json"}, kinds
    assert "application/pdf" in kinds
    assert any(path.startswith("/oparl/v1/") for path in seen)
    assert any(path.startswith("/dokumenter/") for path in seen)
