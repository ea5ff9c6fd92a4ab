"""Renewing the agreement in the back office (A18): the page for the parties' secretariats with
a summary of what is carried over, one post to the service, clear refusals, and both agreement
pages linking to each other afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerskap.agreements.models import Partnership

pytestmark = pytest.mark.django_db


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def _form(**changes) -> dict[str, str]:
    data = {
        "name": "Asker og Bærum – Akershus 2025–2028",
        "slug": "asker-og-baerum-akershus-2025-2028",
        "period_start": "2025-01-01",
        "period_end": "2028-12-31",
        "copy_cycle": "on",
    }
    data.update(changes)
    return data


def test_a18_the_renewal_page_summarises_and_suggests_the_next_period(client, world):
    login(client, "sekretariat-radet")
    url = reverse("backoffice:agreement_renew", args=[world.partnership.slug])
    overview = client.get(reverse("backoffice:agreement"))
    assert url in overview.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="summary-h"' in html
    form = page.context["form"]
    assert form.initial["period_start"] == dt.date(2025, 1, 1)
    assert form.initial["period_end"] == dt.date(2029, 12, 31)
    assert set(form.initial["areas"]) == {a.slug for a in world.areas}
    # A14: Viken has ceased, so the summary names its successor Akershus's general part.
    assert page.context["carried"].general_part.owner.slug == "akershus-fylkeskommune"
    assert page.context["carried"].general_part.title in html


def test_a18_renewing_in_the_back_office_links_both_agreement_pages(client, world):
    login(client, "sekretariat-radet")
    url = reverse("backoffice:agreement_renew", args=[world.partnership.slug])
    response = client.post(url, _form(areas=[world.areas[0].slug]))
    assert response.status_code == 302
    renewed = Partnership.objects.get(predecessor=world.partnership)
    assert renewed.slug in response["Location"]
    new_page = client.get(response["Location"]).content.decode()
    assert f"?partnerskap={world.partnership.slug}" in new_page
    old_page = client.get(
        reverse("backoffice:agreement"), {"partnerskap": world.partnership.slug}
    ).content.decode()
    assert f"?partnerskap={renewed.slug}" in old_page
    assert url not in old_page  # no second renewal offered
    again = client.post(url, _form(slug="igjen"))
    assert again.status_code == 409
    assert Partnership.objects.filter(predecessor=world.partnership).count() == 1


def test_a18_an_overlapping_period_is_refused_next_to_its_field(client, world):
    login(client, "sekretariat-radet")
    url = reverse("backoffice:agreement_renew", args=[world.partnership.slug])
    response = client.post(url, _form(period_start="2024-06-01"))
    assert response.status_code == 400
    assert response.context["form"].errors["period_start"]
    taken = client.post(url, _form(slug=world.partnership.slug))
    assert taken.status_code == 400
    assert taken.context["form"].errors["slug"]
    assert not Partnership.objects.filter(predecessor=world.partnership).exists()
