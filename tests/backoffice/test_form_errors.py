"""Every back-office form (``backoffice/_form.html``) styles its inputs with Designsystemet's
``ds-input`` and ties an error to its input: ``aria-invalid`` and ``aria-describedby`` naming
the message's id, which must exist on the page (WCAG 3.3.1, 1.3.1)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model

from tests.world import oslo

pytestmark = pytest.mark.django_db


def dangling_descriptions(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    return [ref for refs in described for ref in refs.split() if ref not in ids]


def test_a_refused_meeting_form_points_each_input_at_its_message(client, world):
    client.force_login(get_user_model().objects.get(username="sekretariat-radet"))
    # Inside the demo partnership's period: a concluded partnership is not planned in.
    with time_machine.travel(oslo(2024, 6, 3), tick=True):
        response = client.post(
            "/sekretariat/moter/ny/",
            {"partnership": world.partnership.pk, "title": "", "starts_at": "i morgen"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    title = re.search(r"<input[^>]*\bname=\"title\"[^>]*>", html)
    assert title is not None
    assert 'aria-invalid="true"' in title.group(0)
    assert 'aria-describedby="id_title_err"' in title.group(0)
    assert 'id="id_title_err"' in html
    assert "ds-input" in title.group(0)
    assert dangling_descriptions(html) == []


def test_the_sign_in_form_is_styled_and_its_descriptions_exist(client, db):
    html = client.get("/sekretariat/logg-inn/").content.decode()
    username = re.search(r"<input[^>]*\bname=\"username\"[^>]*>", html)
    assert username is not None
    assert "ds-input" in username.group(0)
    assert dangling_descriptions(html) == []
