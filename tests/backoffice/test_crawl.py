"""No internal code on any back-office screen (issue 16): as each role, crawl every page of the
back office reachable by links from the dashboard, on the demo with its 2020–2024 history, and
find in no page's visible text a rule ID in parentheses («(A4)»), a dotted action code
(«meetings.cycle.drafted»), a raw «key: value» history line («person: 3») or a data key in
snake case («outside_period»). Attributes and URLs are not read, only what a reader sees.

The crawl (``tests/backoffice/crawl.py``) follows links, so it finds new screens by itself;
``test_the_crawl_reaches_every_page_of_the_url_conf`` checks it against the URL conf: every
back-office route the authorisation matrix lets the council's secretariat GET (200) must be
reached by a link, or the crawl would miss it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from tests.authorization.test_matrix import LINES
from tests.backoffice.crawl import NAMESPACES, Crawl, crawl

pytestmark = pytest.mark.django_db

PERSONAS = ("as_secretariat", "as_county_secretariat", "as_chair", "as_member", "as_case_officer")


def _getter(client: Client) -> Callable[[str], tuple[int, str, str]]:
    def get(url: str) -> tuple[int, str, str]:
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = response.content.decode() if content_type.startswith("text/html") else ""
        return response.status_code, content_type, body

    return get


def _crawl(client: Client) -> Crawl:
    return crawl(_getter(client))


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_an_internal_code(persona, request):
    result = _crawl(request.getfixturevalue(persona))
    assert len(result.visits) > 1
    broken = [f"{v.url}: {v.status}" for v in result.visits if v.status >= 500]
    assert not broken, broken
    problems = result.problems()
    assert not problems, "\n".join(problems)


#: Pages linked only when the data calls for them, which the demo today does not: each has its
#: own page and browser tests (axe included).
LINKED_WHEN_NEEDED = {
    # an item whose outcome awaits its proposal: test_amendment_propose, test_amendment_browser
    "backoffice:amendment_create",
    # a party with two or more substitutes: test_people, test_backoffice_people_browser
    "backoffice:substitute_order",
}


#: Pages whose content follows the partnership chosen in a GET form (the newest by default):
#: since the demo's renewal (A18) the newest has no costs and no amendment yet, so the crawl
#: also starts on these pages with the 2020–2024 partnership chosen.
CHOSEN_PARTNERSHIP_PAGES = ("backoffice:finance", "backoffice:bodies", "backoffice:agreement")


def test_the_crawl_reaches_every_page_of_the_url_conf(as_secretariat):
    reached = set(_crawl(as_secretariat).routes)
    for name in CHOSEN_PARTNERSHIP_PAGES:
        start = f"{reverse(name)}?partnerskap={PARTNERSHIP_SLUG}"
        reached |= set(crawl(_getter(as_secretariat), start=start).routes)
    pages = {
        line.route
        for line in LINES
        if line.route.split(":")[0] in NAMESPACES
        and line.get["own"] == "2"
        and not line.variant
        and line.route not in {"backoffice:login", "accounts:enrol"}  # before signing in
        and not line.route.endswith(("_export", "_pdf"))  # downloads (JSON, PDF), not pages
        and line.route not in LINKED_WHEN_NEEDED
    }
    missing = sorted(pages - reached)
    assert not missing, f"back-office pages no link leads to (the crawl misses them): {missing}"


def test_the_checks_catch_what_issue_16_saw():
    from tests.backoffice.crawl import problems_in

    for seen in (
        "Møter (A4)",
        "7.12.2026 10:00 – meetings.cycle.drafted (system)",
        "person: 3",
        "outside_period: False",
        "Kontroller skjemaet: * legal_basis * Dette feltet er påkrevd.",
    ):
        assert problems_in([seen]), seen
    for fine in (
        "Møter",
        "Møtet ble flyttet fra 14.10.2024 10:00 til 21.10.2024 10:00.",
        "Skriv til post@asker.kommune.no eller se https://www.regjeringen.no/a.b.c",
        "Begrunnelse: Sykdom",
    ):
        assert problems_in([fine]) == [], fine
