"""L3, L8: exempt content never reaches the search index or a search result. A canary string
goes into every exempt field; nothing of it may be found anywhere the index keeps text."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem, Minutes, Vote
from partnerskap.meetings.services.agenda import agenda_item_record_outcome, vote_record
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from partnerskap.search.indexer import index_meeting, index_proposal, rebuild
from partnerskap.search.models import SearchEntry
from partnerskap.search.selectors import search
from partnerskap.search.text import stem
from tests.search.conftest import close, index_text

pytestmark = pytest.mark.django_db

CANARY = "kanarifugl"
#: Words of the closed item's real title that occur nowhere else in the test data.
TITLE_WORDS = ("oppsigelse", "økonomisjefen")


def test_l3_exempt_content_never_reaches_the_index_or_a_result(world, bodies):
    meeting = world.meeting()
    world.item(meeting, title="Regional kollektivtrafikk", case_presentation="Flere avganger.")
    closed = world.item(
        meeting,
        kind=AgendaItem.Kind.PROPOSAL,
        title=f"Oppsigelse av økonomisjefen {CANARY}-tittel",
        case_presentation=f"Saksframstilling {CANARY}-saksframstilling om økonomisjefen.",
        recommendation=f"Innstilling {CANARY}-innstilling.",
    )
    close(closed, public_title="Personalsak")
    meeting_publish_notice(meeting=meeting, actor=None)
    for item in meeting.items.all():
        is_closed = item.pk == closed.pk
        agenda_item_record_outcome(
            item=item,
            outcome=AgendaItem.Outcome.PROPOSAL if is_closed else AgendaItem.Outcome.NOTED,
            outcome_text=f"Konklusjon {CANARY}-konklusjon."
            if is_closed
            else "Tatt til orientering.",
            actor=None,
        )
    vote_record(
        item=closed,
        motion=f"Forslag {CANARY}-votering",
        party=world.council,
        choice=Vote.Choice.FOR,
        actor=None,
    )
    closed.refresh_from_db()
    proposal = proposal_create(
        item=closed,
        title=f"Forslag {CANARY}-forslag",
        text=f"Forslagstekst {CANARY}-forslagstekst om økonomisjefen.",
        bodies=[bodies["viken-fylkesting"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    internal = Minutes.objects.get(meeting=meeting).content["internal"]
    assert CANARY in repr(internal)  # the canary is really there, in the internal part

    index_meeting(meeting.pk)
    index_proposal(proposal.pk)
    rebuild()
    index_meeting(meeting.pk)

    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds == {"item", "minutes"}, "the closed item and the minutes are indexed"
    text = index_text()
    assert "personalsak" in text
    for word in (CANARY, *TITLE_WORDS):  # a stem is a prefix of its word: check the stems
        assert stem(word) not in text, word
    for query in (CANARY, f'"{CANARY}-tittel"', *TITLE_WORDS, " ".join(TITLE_WORDS)):
        page = search(query=query)
        assert (page.total, page.results) == (0, []), query
    for result in search(query="personalsak", per_page=100).results:
        shown = f"{result.title} {result.title_html} {result.snippet} {result.url}".lower()
        assert CANARY not in shown
        assert not any(word in shown for word in TITLE_WORDS)
