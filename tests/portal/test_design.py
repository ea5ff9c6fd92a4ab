"""The portal designed (issue 20, points 2 and 3): the «Følg» box and the feeds in every page's
head, statuses as tags, the meeting page's jump menu, Designsystemet's pagination, the search
form's areas listed once, and plurals."""

from __future__ import annotations

import re

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils.html import escape

from partnerskap.agreements.models import CooperationArea, Partnership
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import Meeting
from partnerskap.portal.templatetags.portal_ui import follow_for
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
SLUG = "asker-baerum-viken-2020-2024"
FEEDS = ("/feeds/innkallinger.atom", "/feeds/motebok.atom", "/feeds/oppfolging.atom")


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _head(html: str) -> str:
    return html.split("</head>", 1)[0]


def _follow_box(html: str) -> str:
    match = re.search(r'<section class="follow card".*?</section>', html, re.S)
    assert match, "the page has no «Følg» box"
    return match.group(0)


def _meeting() -> Meeting:
    return Meeting.objects.filter(partnership__slug=SLUG, status="minutes_approved").earliest(
        "starts_at"
    )


def test_the_home_page_links_the_calendar_and_the_feeds(demo, client: Client):
    html = _html(client, "/")
    box = _follow_box(html)
    assert 'href="webcal://testserver/kalender.ics"' in box
    assert 'href="http://testserver/kalender.ics"' in box
    for feed in FEEDS:
        assert f'href="http://testserver{feed}"' in box
        assert f'href="http://testserver{feed}"' in _head(html)
    assert 'rel="alternate" type="text/calendar"' in _head(html)
    # What the box links to is there.
    for path in ("/kalender.ics", *FEEDS):
        assert client.get(path).status_code == 200, path


def _area() -> CooperationArea:
    return CooperationArea.objects.filter(
        part__agreement__partnership__slug=SLUG, slug="digitalisering"
    ).get()


def _own_feeds(scope: str) -> list[str]:
    return [f"{scope}{name}.atom" for name in ("innkallinger", "motebok", "oppfolging")]


def test_the_partnership_area_and_meeting_pages_offer_their_own_calendar_and_feeds(
    demo, client: Client
):
    area = _area()
    partnership = (f"/{SLUG}/kalender.ics", _own_feeds(f"/{SLUG}/"))
    in_area = f"/{SLUG}/omrader/{area.slug}/"
    pages = {
        f"/{SLUG}/": partnership,
        f"/{SLUG}/moter/{_meeting().pk}/": partnership,
        in_area: (f"{in_area}kalender.ics", _own_feeds(in_area)),
    }
    for prefix in ("", "/nn"):
        for page, (calendar, feeds) in pages.items():
            html = _html(client, prefix + page)
            box, head = _follow_box(html), _head(html)
            assert f'href="webcal://testserver{calendar}"' in box, page
            assert f'href="http://testserver{calendar}"' in head, page
            for feed in feeds:
                assert f'href="http://testserver{feed}"' in box, (page, feed)
                assert f'href="http://testserver{feed}"' in head, (page, feed)
            for feed in FEEDS:  # not the site's: the page's own
                assert feed not in box + head, (page, feed)
            assert head.count('type="application/atom+xml"') == 3, page
    for calendar, feeds in pages.values():
        for url in (calendar, *feeds):
            assert client.get(url).status_code == 200, url


def test_the_follow_box_and_head_name_the_feeds_in_the_readers_language(demo, client: Client):
    """The box's titles are short (the page says what they follow); the head's name the
    partnership or area, since a feed reader lists them away from the page."""
    name = Partnership.objects.get(slug=SLUG).name
    area = _area()
    expected = {
        "": ("Innkallinger og sakslister (Atom)", "Godkjente møtebøker (Atom)"),
        "/nn": ("Innkallingar og saklister (Atom)", "Godkjende møtebøker (Atom)"),
        "/en": ("Notices and agendas (Atom)", "Approved minutes (Atom)"),
    }
    for prefix, (notices, minutes) in expected.items():
        html = _html(client, f"{prefix}/{SLUG}/")
        box, head = _follow_box(html), _head(html)
        assert f'type="application/atom+xml">{notices}</a>' in box, prefix
        assert f'type="application/atom+xml">{minutes}</a>' in box, prefix
        assert f'title="{escape(notices)} – {escape(name)}"' in head, prefix
        area_head = _head(_html(client, f"{prefix}/{SLUG}/omrader/{area.slug}/"))
        scope = f"{area.name} ({name})"
        assert f'title="{escape(minutes)} – {escape(scope)}"' in area_head, prefix
        home = _html(client, f"{prefix}/")
        assert f'title="{escape(notices)}"' in _head(home), prefix
        assert f'type="application/atom+xml">{notices}</a>' in _follow_box(home), prefix


def test_the_partnerships_other_pages_name_its_feeds_in_their_head(demo, client: Client):
    proposal = Proposal.objects.filter(partnership__slug=SLUG).earliest("sent_on", "pk")
    for page in (
        f"/{SLUG}/forslag/",
        f"/nn/{SLUG}/forslag/{proposal.pk}/",
        f"/{SLUG}/ar/2022/",
        f"/nn/{SLUG}/moter/",
    ):
        head = _head(_html(client, page))
        for feed in _own_feeds(f"/{SLUG}/"):
            assert f'href="http://testserver{feed}"' in head, (page, feed)


def test_a_draft_partnership_offers_no_feeds_of_its_own():
    """The back office shows drafts: their pages' heads get the site's calendar and feeds."""
    draft = PartnershipFactory.build(slug="utkast", status=Partnership.Status.DRAFT)
    follow = follow_for(None, partnership=draft)
    assert follow.calendar_https == "/kalender.ics"
    assert [feed.url for feed in follow.feeds] == list(FEEDS)


def test_every_page_head_names_the_feeds_even_without_a_follow_box(demo, client: Client):
    for url in (f"/{SLUG}/forslag/", "/sok/?q=m%C3%B8te", f"/{SLUG}/ar/2022/", "/en/"):
        head = _head(_html(client, url))
        assert head.count('type="application/atom+xml"') == 3, url
        assert head.count('type="text/calendar"') == 1, url


def test_the_follow_box_keeps_a_place_for_email():
    """The e-mail subscriptions fill in portal/_follow_email.html; the box includes it."""
    source = get_template("portal/_follow.html").template.source
    assert '{% include "portal/_follow_email.html" %}' in source
    assert get_template("portal/_follow_email.html")


def test_meeting_statuses_are_tags_in_the_colour_of_their_meaning(demo, client: Client):
    html = _html(client, f"/{SLUG}/moter/")
    assert re.search(r'<span class="ds-tag" data-color="success">møtebok godkjent</span>', html)
    assert 'class="badge' not in html
    meeting = _html(client, f"/{SLUG}/moter/{_meeting().pk}/")
    assert '<span class="ds-tag" data-color="success">' in meeting


def test_follow_up_statuses_are_tags(demo, client: Client):
    proposal = Proposal.objects.filter(partnership__slug=SLUG).earliest("sent_on", "pk")
    html = _html(client, f"/{SLUG}/forslag/{proposal.pk}/")
    assert re.search(r'<ul class="tracker">.*?<span class="ds-tag" data-color="\w+">', html, re.S)


def test_the_meeting_page_has_a_jump_menu_to_agenda_minutes_and_more(demo, client: Client):
    html = _html(client, f"/{SLUG}/moter/{_meeting().pk}/")
    menu = re.search(r'<nav class="jump-menu" aria-label="På denne siden">(.*?)</nav>', html, re.S)
    assert menu
    links = re.findall(r'href="#([\w-]+)">([^<]+)<', menu.group(1))
    assert ("agenda", "Saksliste") in links
    assert ("motebok", "Møtebok") in links
    for anchor, _name in links:
        assert f'id="{anchor}"' in html, anchor


def test_the_nynorsk_jump_menu_says_sakliste(demo, client: Client):
    """Nynorsk writes «sakliste» (kommunelova); «saksliste» is bokmål."""
    html = _html(client, f"/nn/{SLUG}/moter/{_meeting().pk}/")
    menu = re.search(r'<nav class="jump-menu" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert menu
    links = re.findall(r'href="#([\w-]+)">([^<]+)<', menu.group(1))
    assert ("agenda", "Sakliste") in links
    assert ("motebok", "Møtebok") in links
    assert "Saksliste" not in html


def test_lists_page_with_designsystemets_pagination(demo, client: Client):
    html = _html(client, f"/{SLUG}/forslag/")
    nav = re.search(r'<nav class="ds-pagination" aria-label="Sider">(.*?)</nav>', html, re.S)
    assert nav, "the proposal list has more than one page in the demo"
    assert 'aria-current="page" href="?side=1"' in nav.group(1)
    assert 'rel="next" href="?side=2"' in nav.group(1)
    second = _html(client, f"/{SLUG}/forslag/?status=venter&side=2")
    assert "status=venter&amp;side=1" in second or "ds-pagination" not in second


def test_the_search_form_lists_each_cooperation_area_once(demo, client: Client):
    html = _html(client, "/sok/")
    select = re.search(r'<select class="ds-input" id="s-area".*?</select>', html, re.S)
    assert select
    slugs = re.findall(r'<option value="([\w-]+)"', select.group(0))
    assert slugs, "the demo has areas"
    assert len(slugs) == len(set(slugs)), "an area is listed more than once"
    # The demo's renewal keeps the areas of the first period: both agreements have them.
    assert any(CooperationArea.objects.filter(slug=slug).count() > 1 for slug in slugs)


def test_the_year_page_counts_in_the_singular_and_the_plural(demo, client: Client):
    html = _html(client, f"/{SLUG}/ar/2022/")
    assert not re.search(r"\b1 møter\b", html)
