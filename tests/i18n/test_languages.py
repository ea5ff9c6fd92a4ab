"""Three languages (issue 20): bokmål un-prefixed, nynorsk under /nn/ and English under /en/,
for the portal and the back office alike. Every page says its language (``lang``), names its
twins in the other two (hreflang), and offers the other two languages as links to the same
page. A person keeps their own language, which the back office opens in after saving it."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.test import Client

from partnerskap.core.models import AuditEntry
from partnerskap.people.models import Person

pytestmark = pytest.mark.django_db

SLUG = "asker-baerum-viken-2020-2024"


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', html))


def _switch(html: str) -> dict[str, str]:
    """The language switch's links: language → address."""
    found = re.search(r'<ul class="lang-switch"[^>]*>(.*?)</ul>', html, re.S)
    assert found, "no language switch"
    return {
        code: href
        for href, code in re.findall(r'<a [^>]*href="([^"]+)" hreflang="([a-z]+)"', found[1])
    }


def _assert_nynorsk_page(html: str, path: str) -> None:
    """``path`` is the page's bokmål (un-prefixed) address."""
    assert '<html lang="nn"' in html
    assert _alternates(html) == {
        "nb": f"http://testserver{path}",
        "nn": f"http://testserver/nn{path}",
        "en": f"http://testserver/en{path}",
    }
    assert _switch(html) == {"nb": path, "en": f"/en{path}"}


@pytest.mark.parametrize("path", ["/", f"/{SLUG}/", f"/{SLUG}/moter/"])
def test_nn_portal_pages_are_nynorsk_with_hreflang_for_all_three(client: Client, demo, path):
    response = client.get(f"/nn{path}")
    assert response.status_code == 200
    assert response["Content-Language"] == "nn"
    _assert_nynorsk_page(response.content.decode(), path)


def test_nn_back_office_page_is_nynorsk_when_signed_in(as_secretariat: Client):
    response = as_secretariat.get("/nn/sekretariat/")
    assert response.status_code == 200
    html = response.content.decode()
    _assert_nynorsk_page(html, "/sekretariat/")
    assert "Språket ditt" in html  # the footer's link, from the accounts' nynorsk catalogue
    assert 'href="/nn/sekretariat/sprak/"' in html  # its links stay in nynorsk


def test_bokmal_and_english_pages_name_all_three_languages(client: Client, demo):
    bokmal = client.get(f"/{SLUG}/").content.decode()
    assert '<html lang="nb"' in bokmal
    assert set(_alternates(bokmal)) == {"nb", "nn", "en"}
    assert _switch(bokmal) == {"nn": f"/nn/{SLUG}/", "en": f"/en/{SLUG}/"}
    english = client.get(f"/en/{SLUG}/").content.decode()
    assert '<html lang="en"' in english
    assert _switch(english) == {"nb": f"/{SLUG}/", "nn": f"/nn/{SLUG}/"}


def test_the_language_switch_keeps_the_path_and_the_query(client: Client, demo):
    html = client.get("/nn/sok/?q=m%C3%B8te").content.decode()
    assert _switch(html) == {"nb": "/sok/?q=m%C3%B8te", "en": "/en/sok/?q=m%C3%B8te"}
    assert "csrfmiddlewaretoken" not in html  # plain links: the page stays cacheable
    # An address that is no page offers the other languages' front pages.
    nowhere = client.get("/nn/finst/ikkje/").content.decode()
    assert _switch(nowhere) == {"nb": "/", "en": "/en/"}


def test_a_person_sets_their_own_language_and_the_back_office_follows(as_secretariat: Client):
    person = Person.objects.get(user__username="sekretariat-radet")
    assert person.language == "nb"
    page = as_secretariat.get("/sekretariat/sprak/")
    assert page.status_code == 200
    response = as_secretariat.post("/sekretariat/sprak/", {"language": "nn"})
    assert response.status_code == 302
    assert response["Location"] == "/nn/sekretariat/sprak/"
    person.refresh_from_db()
    assert person.language == "nn"
    entry = AuditEntry.objects.filter(action="people.person.language_set").latest("pk")
    assert entry.data == {"language": "nn"}
    assert entry.actor_id == person.user_id
    saved = as_secretariat.get(response["Location"]).content.decode()
    assert '<html lang="nn"' in saved
    assert "Språket ditt er lagra." in saved


def test_an_unknown_language_is_refused_in_the_users_words(as_secretariat: Client):
    response = as_secretariat.post("/sekretariat/sprak/", {"language": "de"})
    assert response.status_code == 200
    assert Person.objects.get(user__username="sekretariat-radet").language == "nb"
    assert not AuditEntry.objects.filter(action="people.person.language_set").exists()


def test_robots_keep_every_languages_back_office_out(client: Client, demo):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert {"Disallow: /sekretariat/", "Disallow: /nn/sekretariat/"} <= set(lines)
    assert "Disallow: /en/sekretariat/" in lines


def test_signing_in_opens_the_back_office_in_the_persons_own_language(client: Client, demo):
    Person.objects.filter(user__username="sekretariat-radet").update(language="nn")
    response = client.post(
        "/sekretariat/logg-inn/",
        {"username": "sekretariat-radet", "password": "partnerskap-demo"},
    )
    assert response.status_code == 302
    location = unquote(response["Location"])
    # Straight there, or through the second factor's step carrying it as «next».
    assert location == "/nn/sekretariat/" or location.endswith("next=/nn/sekretariat/")


def test_a_language_chosen_in_the_address_wins_over_the_persons_own(client: Client, demo):
    Person.objects.filter(user__username="sekretariat-radet").update(language="nn")
    response = client.post(
        "/en/sekretariat/logg-inn/",
        {"username": "sekretariat-radet", "password": "partnerskap-demo"},
    )
    assert response.status_code == 302
    assert "/nn/" not in unquote(response["Location"])
