"""Partial updates with htmx (issue 5, point 1), each also working without JavaScript: the
meeting list searches as you type, and a follow-up step is recorded in place, the answer being
the row alone (updated, or with the form's errors)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.demo.loader import COUNCIL_SLUG
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import Meeting
from tests.backoffice.test_queries import _awaiting

pytestmark = pytest.mark.django_db
LIST = "/sekretariat/moter/"

HX = {"HTTP_HX_REQUEST": "true"}


def post(client, follow_up: FollowUp, lock_version: int, **fields):
    """A step as the row's form posts it with htmx."""
    prefix = f"f{follow_up.pk}"
    data = {
        f"{prefix}-status": "received",
        f"{prefix}-on": "2024-06-15",
        f"{prefix}-lock_version": str(lock_version),
        f"{prefix}-body_case_number": "24/117",
        **{f"{prefix}-{k}": v for k, v in fields.items()},
    }
    return client.post(f"/sekretariat/oppfolging/{follow_up.pk}/", data, **HX)


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/sekretariat/moter/\d+/">([^<]+)</a>', html)


# ----------------------------------------------------------------------- search as you type


def test_the_meeting_list_filters_by_words_of_the_title(client, demo):
    login(client, "sekretariat-radet")
    # The council's partnerships' meetings, 2020–2024 and its renewal (not Follo's (demo)).
    ours = Meeting.objects.filter(partnership__parties__slug=COUNCIL_SLUG)
    wanted = sorted(ours.filter(title__icontains="høst").values_list("title", flat=True))
    assert 0 < len(wanted) < ours.count()
    html = client.get(LIST, {"q": "høst"}).content.decode()  # the form, without JavaScript
    assert sorted(titles(html)) == wanted
    assert f"{len(wanted)} møter" in html
    assert 'name="q" type="search" value="høst"' in html
    assert titles(client.get(LIST, {"q": "finnes ikke"}).content.decode()) == []


def test_typing_gets_the_results_alone_and_the_count_for_the_live_region(client, demo):
    login(client, "sekretariat-radet")
    page = client.get(LIST).content.decode()
    search = re.search(r'<input[^>]*id="f-q"[^>]*>', page)
    assert search is not None
    assert 'hx-get="/sekretariat/moter/"' in search.group(0)
    assert 'hx-target="#meeting-results"' in search.group(0)
    assert '<p class="muted" id="meeting-count" role="status">' in page
    assert "htmx-2.min.js" in page

    partial = client.get(LIST, {"q": "høst", "status": "minutes_approved"}, **HX)
    html = partial.content.decode()
    assert "<html" not in html
    assert html.startswith('<div id="meeting-results">')
    expected = Meeting.objects.filter(
        partnership__parties__slug=COUNCIL_SLUG, title__icontains="høst", status="minutes_approved"
    )
    assert sorted(titles(html)) == sorted(m.title for m in expected)
    n = expected.count()
    assert f'<p id="meeting-count" hx-swap-oob="innerHTML">{n} møte' in html
    # A restore from history (back button after the cache is gone) needs the whole page.
    restored = client.get(LIST, {"q": "høst"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    assert "<html" in restored.content.decode()


def test_search_as_you_type_costs_the_same_queries_as_the_page(client, demo):
    login(client, "sekretariat-radet")
    with CaptureQueriesContext(connection) as whole:
        client.get(LIST, {"q": "høst"})
    with CaptureQueriesContext(connection) as partial:
        client.get(LIST, {"q": "høst"}, **HX)
    assert len(partial) <= len(whole)


# ----------------------------------------------------------------------- steps in place


def test_a_step_recorded_in_place_returns_the_updated_row(client, world):
    login(client, "saksbehandler-baerum")
    (row,) = _awaiting(world, 1)
    page = client.get("/sekretariat/oppfolging/").content.decode()
    assert f'hx-post="/sekretariat/oppfolging/{row.pk}/" hx-target="#f{row.pk}"' in page
    response = post(client, row, row.lock_version)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('<article class="card stack"') == 1
    assert f'<article class="card stack" id="f{row.pk}">' in html
    assert 'role="status"' in html
    assert "Registrert for Bærum kommunestyre." in html
    row.refresh_from_db()
    assert (row.status, row.lock_version) == (FollowUp.Status.RECEIVED, 1)
    # The row's new form carries the new lock version, so the next step can follow at once.
    assert f'name="f{row.pk}-lock_version" value="1"' in html


def test_a_refused_step_in_place_returns_the_row_with_its_errors(client, world):
    login(client, "saksbehandler-baerum")
    (row,) = _awaiting(world, 1)
    assert post(client, row, row.lock_version).status_code == 200
    stale = post(client, row, row.lock_version, body_case_number="24/999")
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "<html" not in html
    assert f'<article class="card stack" id="f{row.pk}">' in html
    assert "24/999" in html  # the input is kept
    assert "<details open>" in html
    row.refresh_from_db()
    assert row.body_case_number == "24/117"


def test_a_decided_follow_up_leaves_no_form_in_its_row(client, world):
    login(client, "saksbehandler-baerum")
    (row,) = _awaiting(world, 1)
    response = post(
        client,
        row,
        row.lock_version,
        status="adopted",
        decision_text="Kommunestyret slutter seg til forslaget.",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" not in html
    assert "Bærum kommunestyre – vedtatt" in html
    row.refresh_from_db()
    assert row.status == FollowUp.Status.ADOPTED


def test_the_htmx_page_swaps_refusals_but_not_server_errors(client, world):
    """htmx leaves 4xx answers unswapped by default; the follow-up page asks it to swap the
    refused row (400, 409) and nothing else."""
    login(client, "saksbehandler-baerum")
    _awaiting(world, 1)
    page = client.get("/sekretariat/oppfolging/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert config is not None
    import json

    rules = json.loads(config.group(1))["responseHandling"]
    assert {"code": "40[09]", "swap": True, "error": False} in rules
    assert rules[-1] == {"code": "...", "swap": False, "error": True}
