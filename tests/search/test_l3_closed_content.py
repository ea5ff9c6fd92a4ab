"""L1, L3, L8: what is not public never reaches the search index or a search result. The canary
dataset (``tests.canary``) puts one marker into every exempt field — a closed item's title,
texts, conclusion and vote, the proposal made from it, a committee set up in closed session,
exempt documents and the internal minutes — and another into an agenda before its notice, a
withdrawn item and a draft partnership; nothing of either may be found anywhere the index
keeps text."""

from __future__ import annotations

import pytest

from partnerskap.meetings.models import Minutes
from partnerskap.search.indexer import index_meeting, index_proposal, rebuild
from partnerskap.search.models import SearchEntry
from partnerskap.search.selectors import search
from partnerskap.search.text import stem, tokens
from tests.canary import CANARY, WITHHELD
from tests.search.conftest import index_text

pytestmark = pytest.mark.django_db

#: Words of the closed item's real title that occur nowhere else in the test data.
TITLE_WORDS = ("tilsetting",)


def test_l3_exempt_content_never_reaches_the_index_or_a_result(canary):
    internal = Minutes.objects.get(meeting=canary.meeting).content["internal"]
    assert CANARY in repr(internal)  # the canary is really there, in the internal part

    index_meeting(canary.meeting.pk)
    index_proposal(canary.closed_proposal.pk)
    rebuild()
    index_meeting(canary.meeting.pk)
    index_meeting(canary.draft_item.meeting_id)
    index_meeting(canary.withdrawn_item.meeting_id)

    # The closed item is indexed by its neutral title, and the minutes by their public part.
    closed = SearchEntry.objects.get(kind="item", object_id=canary.closed_item.pk)
    assert "Personalsak" in closed.title
    assert SearchEntry.objects.filter(kind="minutes").exists()
    assert SearchEntry.objects.filter(kind="item", object_id=canary.open_item.pk).exists()
    hidden = [canary.draft_item.pk, canary.withdrawn_item.pk]
    assert not SearchEntry.objects.filter(kind="item", object_id__in=hidden).exists()
    assert not SearchEntry.objects.filter(kind="proposal", object_id=canary.closed_proposal.pk)
    text = index_text()
    assert "personalsak" in text
    words = [*tokens(CANARY), *tokens(WITHHELD), *TITLE_WORDS]
    assert len(words) >= 5
    for word in words:  # a stem is a prefix of its word: check the stems
        assert stem(word) not in text, word
    queries = (CANARY, f'"{CANARY}"', WITHHELD, *TITLE_WORDS, f"Tilsetting {CANARY}")
    for query in queries:
        page = search(query=query)
        assert (page.total, page.results) == (0, []), query
    for result in search(query="personalsak", per_page=100).results:
        shown = f"{result.title} {result.title_html} {result.snippet} {result.url}".lower()
        assert CANARY.lower() not in shown
        assert not any(word in shown for word in TITLE_WORDS)
