"""A refused back-office form opens with Designsystemet's error summary («Kontroller skjemaet»):
every error by the field's label (never its name), each a link to the field by id, the form's
own errors too; it takes the focus on load without JavaScript (``autofocus``). Each field's
message stays under the field, tied to it with ``aria-describedby``."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model

from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_the_period(request):
    """Planning is refused in a concluded partnership (``policy.can_plan``): these forms are
    posted inside the demo partnership's period (2020–2024), the data made in the present."""
    request.getfixturevalue("world")
    with time_machine.travel(oslo(2024, 3, 1, 9), tick=True):
        yield


SUMMARY = re.compile(r'<div class="ds-error-summary"[^>]*>.*?</div>', re.S)


def _summary(html: str) -> str:
    found = SUMMARY.search(html)
    assert found is not None, "no error summary"
    return found.group(0)


def _secretariat(client):
    client.force_login(get_user_model().objects.get(username="sekretariat-radet"))
    return client


def test_a_refused_form_opens_with_a_summary_linking_each_field_by_its_label(client, world):
    response = _secretariat(client).post(
        "/sekretariat/moter/ny/",
        {"partnership": world.partnership.pk, "title": "", "starts_at": "i morgen"},
    )
    html = response.content.decode()
    summary = _summary(html)
    opening = summary.split(">", 1)[0]
    assert 'tabindex="-1"' in opening
    assert "autofocus" in opening
    assert "Kontroller skjemaet" in summary
    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))
    assert set(links) >= {"id_title", "id_starts_at", "id_ends_at"}
    assert links["id_title"].startswith("Tittel: ")
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert set(links) <= ids, "a link in the summary points at no field"
    visible = re.sub(r"<[^>]+>", " ", summary)
    for name in ("title", "starts_at", "ends_at", "partnership"):
        assert not re.search(rf"\b{name}\b", visible), name
    assert html.count("autofocus") == 1
    assert 'aria-describedby="id_title_err"' in html


def test_the_forms_own_errors_are_in_the_summary(client, world):
    response = _secretariat(client).post(
        "/sekretariat/moter/ny/",
        {
            "partnership": world.partnership.pk,
            "title": "Møte",
            "starts_at": "2022-03-15T12:00",
            "ends_at": "2022-03-15T10:00",
            "form": "in_person",
        },
    )
    summary = _summary(response.content.decode())
    assert "Møtet må slutte etter at det begynner." in summary


def test_a_valid_page_has_no_summary(client, world):
    html = _secretariat(client).get("/sekretariat/moter/ny/").content.decode()
    assert "ds-error-summary" not in html
    assert "autofocus" not in html


def test_a_refused_meeting_action_names_no_field_by_its_code(client, world):
    meeting = world.meeting()
    response = _secretariat(client).post(f"/sekretariat/moter/{meeting.pk}/cancel/", {"reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "reason" not in re.sub(r"<[^>]+>", " ", html).replace("Reason", "")
    summary = _summary(html)
    assert "Begrunnelse: " in summary
