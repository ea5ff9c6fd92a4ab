"""L3 and L8: nothing exempt from public access leaves through a feed."""

from __future__ import annotations

import pytest

from partnerskap.meetings.models import Minutes
from tests.canary import CANARY, MARK, WITHHELD
from tests.feeds.conftest import feed_urls

pytestmark = pytest.mark.django_db


def test_l3_no_feed_shows_anything_exempt(client, world, canary):
    """A unique string goes into every exempt field (``tests.canary``): the closed item's real
    title, case presentation, recommendation and conclusion (and so the minutes' internal
    part), a proposal made from the closed item and its follow-up note, a committee set up in
    closed session, exempt documents. It appears in no body and no header of any feed, in
    either language; nor does what is not public yet (an agenda before its notice, a withdrawn
    item, a draft partnership)."""
    record = canary
    minutes = Minutes.objects.get(meeting=record.meeting)
    assert CANARY in str(minutes.content["internal"])  # the canary is really there
    urls = feed_urls(record.slug, world.areas[0].slug)
    urls += feed_urls(record.slug, world.areas[1].slug)  # the closed item's area
    draft = canary.draft_partnership
    urls += [f"/{draft.slug}/kalender.ics"]
    for url in urls:
        for language in ("nb", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == (404 if url.startswith(f"/{draft.slug}/") else 200), url
            assert CANARY.encode() not in response.content, url
            assert WITHHELD.encode() not in response.content, url
            assert MARK not in str(response.headers), url


def test_l3_the_closed_item_is_there_with_its_neutral_title(client, canary):
    """The canary test above means something only if the closed item is in the feeds."""
    notices = client.get("/feeds/innkallinger.atom").content.decode()
    minutes = client.get("/feeds/motebok.atom").content.decode()
    for body in (notices, minutes):
        assert (
            "Personalsak (lukket møte, kommuneloven § 11-5 andre ledd bokstav a – personalsak)"
            in body
        )
        assert "Utvalg (lukket møte" in body
