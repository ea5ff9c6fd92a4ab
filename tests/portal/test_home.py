from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import Partnership
from tests.factories import (
    HOSTILE,
    AgreementFactory,
    AgreementVersionFactory,
    CooperationAreaFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_the_demo_partnership_and_its_areas(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nb"' in html
    assert "Asker og Bærum – Viken 2020–2024" in html
    page = client.get("/asker-baerum-viken-2020-2024/").content.decode()
    assert "Forskning, innovasjon og verdiskaping" in page
    assert "Viken fylkeskommune" in page


def _partnership_with_areas(n_areas: int) -> None:
    agreement = AgreementFactory()
    version = AgreementVersionFactory(part=agreement.special_part)
    for _ in range(n_areas):
        CooperationAreaFactory(introduced_in=version)


def test_home_escapes_hostile_text(client):
    _partnership_with_areas(1)
    html = client.get("/").content.decode()
    html += client.get(f"/{Partnership.objects.get().slug}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert HOSTILE not in html


def test_home_queries_do_not_grow_with_data(client):
    _partnership_with_areas(1)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for _ in range(4):
        _partnership_with_areas(5)
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)
