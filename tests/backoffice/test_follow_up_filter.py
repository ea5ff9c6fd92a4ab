"""The follow-up list filters by elected body (``?organ=<slug>``) for users who answer for
several, and a row's form returns to the same filtered page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import ElectedBody
from partnerskap.followup.models import FINAL_STATUSES, FollowUp
from partnerskap.people import policy
from tests.backoffice.test_queries import _awaiting, queries

pytestmark = pytest.mark.django_db
LIST = "/sekretariat/oppfolging/"


def login(client, username: str):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def bodies_shown(html: str) -> set[str]:
    return set(re.findall(r"<p>([^<–]+) – ", html))


def test_the_list_offers_the_bodies_the_user_answers_for_and_filters_by_one(client, demo):
    user = login(client, "sekretariat-radet")
    answerable = policy.bodies_answerable(user)
    assert answerable.count() > 1
    html = client.get(LIST).content.decode()
    select = re.search(r'<select[^>]*id="f-organ"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    offered = re.findall(r'<option value="([a-z0-9-]+)"', select.group(1))
    assert set(offered) == set(answerable.values_list("slug", flat=True))
    awaiting = FollowUp.objects.filter(elected_body__in=answerable).exclude(
        status__in=FINAL_STATUSES
    )
    body = ElectedBody.objects.get(pk=awaiting.values_list("elected_body", flat=True).first())
    filtered = client.get(LIST, {"organ": body.slug}).content.decode()
    assert bodies_shown(filtered) == {body.name}
    assert f'<option value="{body.slug}" selected>' in filtered
    assert filtered.count('<article class="card stack"') == min(
        awaiting.filter(elected_body=body).count(), 20
    )
    # A body the user does not answer for is no filter: the whole list.
    assert bodies_shown(client.get(LIST, {"organ": "finnes-ikke"}).content.decode()) == (
        bodies_shown(html)
    )


def test_a_row_posted_from_a_filtered_page_returns_to_it(client, world):
    login(client, "sekretariat-radet")
    rows = _awaiting(world, 22)
    body = rows[0].elected_body
    html = client.get(LIST, {"organ": body.slug, "side": "2"}).content.decode()
    row = rows[21]
    action = f"/sekretariat/oppfolging/{row.pk}/?organ={body.slug}&amp;side=2"
    assert f'action="{action}"' in html
    prefix = f"f{row.pk}"
    response = client.post(
        action.replace("&amp;", "&"),
        {
            f"{prefix}-status": "received",
            f"{prefix}-on": "2024-06-15",
            f"{prefix}-lock_version": str(row.lock_version),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?organ={body.slug}&side=2"
    row.refresh_from_db()
    assert row.status == FollowUp.Status.RECEIVED


def test_filtering_keeps_the_queries_constant(client, world):
    login(client, "sekretariat-radet")
    rows = _awaiting(world, 5)
    slug = rows[0].elected_body.slug
    assert queries(client, f"{LIST}?organ={slug}") == queries(client, LIST)


def test_a_row_found_by_its_link_posts_back_to_its_own_page(client, world):
    """``?oppfolging=<pk>`` opens the page holding the row without ``?side=``; its form must
    still return to that page."""
    login(client, "saksbehandler-baerum")
    rows = _awaiting(world, 22)
    row = rows[21]
    html = client.get(LIST, {"oppfolging": row.pk}).content.decode()
    assert f'action="/sekretariat/oppfolging/{row.pk}/?side=2"' in html
