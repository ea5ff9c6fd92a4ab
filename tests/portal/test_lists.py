"""What the page speed work (issue 6, point 6) must not change, and what it adds: the awaiting
count on the home page, the meeting list's filters, paging on the area page, the year page's
cached figures, the proposal list, and the search notice when the total is a lower bound."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import ElectedBody, SustainableDevelopmentGoal
from partnerskap.committees.services import Member, committee_establish
from partnerskap.core.models import LegalBasis
from partnerskap.followup.models import Proposal
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.attendance import guest_invite
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_request_create
from partnerskap.portal.views.agreement import ITEMS_PER_PAGE, PROPOSALS_PER_PAGE
from partnerskap.portal.views.meetings import GUESTS_PER_PAGE
from partnerskap.search import backends
from partnerskap.search.indexer import index_meeting
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def _body(slug: str = "baerum-kommunestyre") -> ElectedBody:
    return ElectedBody.objects.get(slug=slug)


def _propose(item: AgendaItem, title: str, *, bodies: list[ElectedBody] | None = None) -> Proposal:
    agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="x", actor=None)
    return proposal_create(
        item=item,
        title=title,
        text="Tekst",
        bodies=bodies or [_body()],
        sent_on=dt.date(2023, 5, 20),
        actor=None,
    )


def _proposal_item(world, meeting: Meeting, title: str = "Forslagssak", **kwargs) -> AgendaItem:
    return world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title=title, **kwargs)


def _close(item: AgendaItem) -> None:
    agenda_item_close(
        item=item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )


# ----------------------------------------------------------------------------- home


def test_home_counts_proposals_that_still_await_a_body(client, world):
    """A proposal counts while any body has not answered; one answered by all does not, nor
    one made in closed session (L3)."""
    meeting = world.meeting(oslo(2023, 5, 10))
    awaiting, answered, closed = (_proposal_item(world, meeting, t) for t in "ABC")
    _close(closed)
    meeting_publish_notice(meeting=meeting, actor=None)
    _propose(awaiting, "Venter", bodies=[_body(), _body("asker-kommunestyre")])
    done = _propose(answered, "Besvart")
    _propose(closed, "Lukket")
    decided = {"on": dt.date(2023, 6, 1), "decision_text": "Vedtak", "actor": None}
    followup_record(follow_up=done.follow_ups.get(), status="adopted", **decided)
    first = awaiting.proposal.follow_ups.get(elected_body__slug="asker-kommunestyre")
    followup_record(follow_up=first, status="rejected", **decided)
    html = client.get("/en/").content.decode()
    assert "1 proposal awaits an answer" in html


# ----------------------------------------------------------------------------- meeting list


def _ids_listed(client, url: str) -> list[int]:
    html = client.get(url).content.decode()
    return [
        m.pk
        for m in Meeting.objects.all()
        for _ in range(html.count(f"/moter/{m.pk}/"))  # once per listing
    ]


def test_meeting_list_filters_list_each_meeting_once(client, world):
    """Area, goal and party filters look at the open items of published agendas; a meeting
    with several matching items is listed once; a party also finds the meetings it asked
    for (A5)."""
    area = world.areas[0]
    goal = SustainableDevelopmentGoal.objects.get(number=11)
    both = world.meeting(oslo(2023, 3, 10))
    first = _proposal_item(world, both, "Første", areas=[area], sdgs=[goal])
    world.item(both, title="Andre", areas=[area], sdgs=[goal])
    meeting_publish_notice(meeting=both, actor=None)
    _propose(first, "Til Bærum")
    closed_only = world.meeting(oslo(2023, 4, 10))
    _close(world.item(closed_only, title="Lukket", areas=[area], sdgs=[goal]))
    world.item(closed_only, title="Annet", areas=world.areas[1:2])
    meeting_publish_notice(meeting=closed_only, actor=None)
    unpublished = world.meeting(oslo(2023, 5, 10))
    world.item(unpublished, title="Ikke kunngjort", areas=[area], sdgs=[goal])
    request = meeting_request_create(
        partnership=world.partnership,
        requesting_party=world.county,
        reason="Ekstra",
        requested_on=dt.date(2023, 5, 1),
        actor=None,
    )
    requested = world.meeting(oslo(2023, 6, 10))
    requested.requested_by = request
    requested.save(update_fields=["requested_by"])
    base = f"/{world.partnership.slug}/moter/"
    assert _ids_listed(client, f"{base}?omrade={area.slug}") == [both.pk]
    assert _ids_listed(client, f"{base}?mal=11") == [both.pk]
    assert _ids_listed(client, f"{base}?part=baerum-kommune") == [both.pk]
    assert _ids_listed(client, f"{base}?part={world.council.slug}") == [both.pk]
    assert _ids_listed(client, f"{base}?part={world.county.slug}") == [requested.pk]
    assert _ids_listed(client, f"{base}?ar=2023&omrade={area.slug}&mal=11") == [both.pk]
    assert _ids_listed(client, f"{base}?ar=2022&omrade={area.slug}") == []


@pytest.mark.parametrize("query", ["?omrade={a}", "?mal=11", "?part=baerum-kommune", "?ar=2021"])
def test_filtered_meeting_lists_keep_their_queries_as_data_grows(client, world, query):
    url = f"/{world.partnership.slug}/moter/" + query.format(a=world.areas[0].slug)

    def grow(n: int) -> None:
        for i in range(n):
            meeting = world.meeting(oslo(2021, 1 + i % 12, 1 + i % 27))
            item = _proposal_item(world, meeting, areas=world.areas[:2])
            meeting_publish_notice(meeting=meeting, actor=None)
            _propose(item, f"Forslag {i}")

    grow(1)
    small = _queries(client, url)
    grow(4)
    assert _queries(client, url) == small


# ----------------------------------------------------------------------------- area page


def test_area_page_pages_its_items_and_proposals(client, world):
    area = world.areas[0]
    meeting = world.meeting(oslo(2023, 3, 10))
    items = [
        _proposal_item(world, meeting, f"Sak {i:02d}", areas=[area])
        for i in range(ITEMS_PER_PAGE + 2)
    ]
    meeting_publish_notice(meeting=meeting, actor=None)
    for i, item in enumerate(items[: PROPOSALS_PER_PAGE + 1]):
        _propose(item, f"Forslag {i:02d}")
    url = f"/{world.partnership.slug}/omrader/{area.slug}/"
    first = client.get(url).content.decode()
    assert sum(f"/saker/{i.pk}/" in first for i in items) == ITEMS_PER_PAGE
    assert first.count("/forslag/") - first.count('/forslag/"') == PROPOSALS_PER_PAGE
    assert "?side=2#items" in first
    assert "?forslag=2#proposals" in first
    second = client.get(f"{url}?side=2&forslag=2").content.decode()
    assert sum(f"/saker/{i.pk}/" in second for i in items) == 2
    assert second.count("/forslag/") - second.count('/forslag/"') == 1
    small = _queries(client, url)
    assert _queries(client, f"{url}?side=2&forslag=2") == small


# ----------------------------------------------------------------------------- year page


def test_year_figures_are_cached_until_the_data_changes(client, world, published):
    published(oslo(2023, 3, 10))
    url = f"/en/{world.partnership.slug}/ar/2023/"
    computed = _queries(client, url)
    cached = _queries(client, url)
    assert cached < computed - 10  # the report, compliance and charts come from the cache
    assert "(1 planned)" in client.get(url).content.decode()
    published(oslo(2023, 9, 10))  # any write through a service is a new data version
    assert "(2 planned)" in client.get(url).content.decode()


# ----------------------------------------------------------------------------- proposals


def test_proposal_list_shows_the_tracker_with_constant_queries(client, world):
    meeting = world.meeting(oslo(2023, 3, 10))
    items = [_proposal_item(world, meeting, f"Sak {i}") for i in range(6)]
    meeting_publish_notice(meeting=meeting, actor=None)
    _propose(items[0], "Første forslag", bodies=[_body(), _body("asker-kommunestyre")])
    url = f"/en/{world.partnership.slug}/forslag/"
    small = _queries(client, url)
    html = client.get(url).content.decode()
    assert "Første forslag" in html
    assert "Bærum kommunestyre" in html
    assert "Asker kommunestyre" in html
    assert "overdue since" in html
    for i, item in enumerate(items[1:], start=1):
        _propose(item, f"Forslag {i}")
    assert _queries(client, url) == small
    assert _queries(client, url + "?status=venter") == small


# ----------------------------------------------------------------------------- guests, committees


def test_guest_list_is_paged(client, world):
    meeting = world.meeting(oslo(2023, 3, 10))
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    for i in range(GUESTS_PER_PAGE + 2):
        guest_invite(
            meeting=meeting,
            inviting_party=world.council,
            guest_name=f"Gjest {i:02d}",
            guest_role="Ordfører",
            guest_kind="elected_official",
            actor=None,
        )
    url = f"/{world.partnership.slug}/gjester/"
    assert client.get(url).content.decode().count("Gjest ") == GUESTS_PER_PAGE
    assert client.get(f"{url}?side=2").content.decode().count("Gjest ") == 2
    assert _queries(client, f"{url}?side=2") == _queries(client, url)


def _committee(world, meeting: Meeting, name: str) -> None:
    item = world.item(
        meeting, kind="procedural", procedural_subject="committee", areas=world.areas[:1]
    )
    if meeting.status == Meeting.Status.PLANNED:
        meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome="procedural", actor=None)
    committee_establish(
        item=item,
        name=name,
        task="Utrede",
        mandate="Mandat",
        starts_on=dt.date(2023, 6, 1),
        ends_on=dt.date(2023, 12, 1),
        members=[Member(world.people["Eikeland"], world.council)],
        areas=world.areas[:1],
        actor=None,
    )


def test_committee_list_marks_those_past_their_end_without_a_report(client, world):
    meeting = world.meeting(oslo(2023, 5, 10))
    _committee(world, meeting, "Arbeidsutvalg for sykkelveier")
    url = f"/en/{world.partnership.slug}/utvalg/"
    small = _queries(client, url)
    html = client.get(url).content.decode()
    assert "Arbeidsutvalg for sykkelveier" in html
    assert "past its end without a report" in html
    _committee(world, Meeting.objects.get(pk=meeting.pk), "Arbeidsutvalg for havner")
    assert _queries(client, url) == small


# ----------------------------------------------------------------------------- search


def test_search_says_more_than_when_the_total_is_a_lower_bound(client, world, monkeypatch):
    meeting = world.meeting(oslo(2023, 3, 10))
    for i in range(3):
        world.item(meeting, title=f"Vedtak om samferdsel {i}")
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    assert "3 hits" in client.get("/en/sok/?q=samferdsel").content.decode()
    monkeypatch.setattr(backends, "CANDIDATE_LIMIT", 2)
    html = client.get("/en/sok/?q=samferdsel").content.decode()
    assert "More than 2 hits" in html
    assert "3 hits" not in html


@pytest.mark.parametrize(
    ("prefix", "name", "not_there"),
    [
        ("", "5. Likestilling mellom kjønnene", "Likestilling mellom kjønna"),
        ("/nn", "5. Likestilling mellom kjønna", "Likestilling mellom kjønnene"),
        ("/en", "5. Gender equality", "Likestilling"),
    ],
)
def test_the_goals_are_named_in_the_readers_language(client, world, prefix, name, not_there):
    """The meeting list's goal filter names the UN's goals in bokmål, nynorsk or English (they
    were bokmål on every page)."""
    html = client.get(f"{prefix}/{world.partnership.slug}/moter/").content.decode()
    assert name in html
    assert not_there not in html


def test_a_goal_without_a_nynorsk_name_falls_back_to_bokmal():
    goal = SustainableDevelopmentGoal(number=5, name_nb="Likestilling", name_en="Gender equality")
    assert goal.name_in("nn") == "Likestilling"
    assert goal.name_in("en") == "Gender equality"
