"""The error pages in the reader's language (issue 20): a page that is not found (404) or
refused (403) under /nn/ or /en/ answers in that language and leads back to that language's
front page or dashboard; the 500 page, plain HTML without the site's frame, marks the
language of each of its three messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from partnerskap import core

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "lang", "words"),
    [
        ("", "nb", "Fant ikke siden"),
        ("/nn", "nn", "Fann ikkje sida"),
        ("/en", "en", "Page not found"),
    ],
)
def test_a_page_not_found_answers_in_its_language_and_leads_to_its_front_page(
    client: Client, prefix: str, lang: str, words: str
):
    response = client.get(f"{prefix}/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert words in html
    link = re.search(r'<p class="ds-paragraph">[^<]*<a href="([^"]*)">', html)
    assert link is not None
    assert link.group(1) == f"{prefix}/"


def test_the_server_error_page_marks_the_language_of_each_message():
    page = (Path(core.__file__).parent / "templates" / "500.html").read_text()
    assert '<html lang="nb"' in page
    assert '<p lang="nn">' in page
    assert '<p lang="en">' in page


@pytest.mark.parametrize(("prefix", "lang"), [("", "nb"), ("/nn", "nn"), ("/en", "en")])
def test_a_refusal_answers_in_its_language_and_leads_to_its_dashboard(
    as_member: Client, world: object, prefix: str, lang: str
):
    """A member may not plan a meeting: the 403 page in the language of the address."""
    response = as_member.get(f"{prefix}/sekretariat/moter/ny/")
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    back = re.search(r'</div>\s*<p><a href="([^"]*)">', html)
    assert back is not None
    assert back.group(1) == f"{prefix}/sekretariat/"
