"""Searching: Norwegian stems, words and phrases, escaping, filters, paging and cost. Every test
runs on the database at hand, so CI proves both back ends (PostgreSQL and SQLite FTS5)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerskap.agreements.models import Party
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.search import backends
from partnerskap.search.indexer import index_meeting, rebuild
from partnerskap.search.selectors import search
from partnerskap.search.text import parse_query
from tests.factories import PartnershipFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db


def titles(query: str, **filters) -> list[str]:
    return [r.title for r in search(query=query, **filters).results]


def test_inflected_forms_find_each_other(public_meeting):
    public_meeting(("Felles møte for kommune og fylke", "Et møte i året er for lite."))
    assert titles("møter")
    assert titles("møtene")
    assert titles("kommunen")
    assert titles("kommunene")
    assert not titles("fylkesveg")


def test_every_word_must_occur(public_meeting):
    public_meeting(("Sykkelveg langs fjorden", "Prioriterte strekninger."), ("Sykkelparkering", ""))
    assert len(titles("sykkelveg")) == 1
    assert titles("sykkelveg fjorden") == [titles("sykkelveg")[0]]
    assert titles("sykkelparkering fjorden") == []


def test_a_phrase_needs_its_words_together_and_in_order(public_meeting):
    public_meeting(
        ("Regional handlingsplan", "En felles handlingsplan for sykkel."),
        ("Planarbeid", "Handlingsplan for tog, felles med fylket."),
    )
    assert len(titles("felles handlingsplan")) == 2
    (title,) = titles('"felles handlingsplan"')
    assert title.endswith("Regional handlingsplan")
    assert titles("«felles handlingsplan»") == [title]
    assert titles('"handlingsplan felles"') == []


@pytest.mark.parametrize("query", ["", " ", "\n\t  ", "og", "og i på"])
def test_an_empty_query_finds_nothing_without_asking_the_database(public_meeting, query):
    public_meeting(("Kommune og fylke", "Og i på."))
    with CaptureQueriesContext(connection) as queries:
        page = search(query=query)
    assert (page.results, page.total, len(queries)) == ([], 0, 0)


HOSTILE_QUERIES = [
    '"',
    '"""',
    '"unbalanced phrase',
    "(",
    ")",
    "*",
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "a NEAR/2 b",
    "-sykkel",
    "^sykkel",
    "title:sykkel",
    "{title body}: sykkel",
    "sykkel*",
    "sykkel:*",
    "a & b | !c",
    "<-> <2>",
    "'",
    "' OR 1=1 --",
    "%s %(x)s %%",
    "\\",
    "\x00sykkel",
    "?;",
    "«»",
    "🙂",
    "\u200b",
    "ﬁnans",
    "x" * 5000,
    " ".join(["sykkel"] * 100),
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_punctuation_and_operators_are_text_never_syntax(public_meeting, query):
    public_meeting(("Sykkel og tog", "Sykkelveg a b c."))
    page = search(query=query)
    assert page.total == len(page.results)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_no_query_raises(public_meeting, query):
    search(query=query)


def test_hostile_text_comes_out_escaped_with_only_the_matches_marked(public_meeting):
    public_meeting(
        ("Regional transport <script>alert(1)</script>", "Tog & <b>buss</b> i «regionen».")
    )
    (result,) = search(query="transport buss").results
    assert result.title_html.endswith(
        "Regional <mark>transport</mark> &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert result.snippet == "Tog &amp; &lt;b&gt;<mark>buss</mark>&lt;/b&gt; i «regionen»."
    for html in (result.title_html, result.snippet):
        assert not re.search(r"<(?!/?mark>)", html)


def test_results_link_to_the_portal_in_the_reader_s_language(world, public_meeting):
    meeting = public_meeting(("Innfartsparkering", "Parkering ved stasjonene."), starts_at=None)
    item = meeting.items.get()
    slug = world.partnership.slug
    (result,) = search(query="innfartsparkering").results
    assert result.url == reverse("portal:item", kwargs={"partnership": slug, "pk": item.pk})
    assert (result.kind, result.date, result.partnership_name) == (
        "item",
        dt.date(2022, 3, 15),
        world.partnership.name,
    )
    with translation.override("en"):
        (result,) = search(query="innfartsparkering").results
    assert result.url == f"/en{reverse('portal:item', kwargs={'partnership': slug, 'pk': item.pk})}"


def test_a_title_match_ranks_above_a_text_match(public_meeting):
    public_meeting(
        ("Skoleskyss", "Elevene i regionen reiser langt med buss hver dag."),
        ("Buss", "Nye ruter."),
    )
    assert titles("buss")[0].endswith("Buss")


def test_filters_narrow_by_partnership_kind_year_area_and_party(world, bodies):
    spring = world.meeting(oslo(2022, 3, 15))
    autumn = world.meeting(oslo(2023, 10, 5))
    first = world.item(spring, kind=AgendaItem.Kind.PROPOSAL, title="Klima i 2022")
    world.item(autumn, title="Klima i 2023", areas=world.areas[1:2])
    for meeting in (spring, autumn):
        meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=first, outcome=AgendaItem.Outcome.PROPOSAL, outcome_text="Foreslås", actor=None
    )
    proposal_create(
        item=first,
        title="Klimaforslag om klima",
        text="Klimaet angår alle.",
        bodies=[bodies["asker-kommunestyre"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    rebuild()
    council, county = world.council, world.county
    asker = Party.objects.get(slug="asker-kommune")
    assert len(titles("klima")) == 3
    assert len(titles("klima", partnership=world.partnership)) == 3
    assert titles("klima", partnership=PartnershipFactory()) == []
    assert titles("klima", kind="proposal") == ["Klimaforslag om klima"]
    assert titles("klima", kind="nonsense") == []
    assert len(titles("klima", year=2022)) == 2
    assert titles("klima", year=2023)[0].endswith("Klima i 2023")
    assert len(titles("klima", area=world.areas[0])) == 2
    assert titles("klima", area=world.areas[1].pk)[0].endswith("Klima i 2023")
    assert titles("klima", area=[world.areas[0].pk, world.areas[1].pk]) == titles("klima")
    assert titles("klima", party=asker) == ["Klimaforslag om klima"]
    assert titles("klima", party=council) == ["Klimaforslag om klima"]  # Asker's council
    assert titles("klima", party=county) == []


def test_pages_share_the_total_and_never_overlap(world):
    meeting = world.meeting()
    for n in range(25):
        world.item(meeting, title=f"Samferdsel {n}")
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    pages = [search(query="samferdsel", page=n, per_page=10) for n in (1, 2, 3, 4)]
    assert [len(p.results) for p in pages] == [10, 10, 5, 0]
    assert {(p.total, p.total_is_exact, p.num_pages) for p in pages} == {(25, True, 3)}
    assert (pages[0].has_previous, pages[0].has_next, pages[2].has_next) == (False, True, False)
    urls = [r.url for p in pages for r in p.results]
    assert len(set(urls)) == 25
    assert pages[1].start_index == 11


def test_a_very_common_word_ranks_only_the_first_candidates(world, monkeypatch):
    monkeypatch.setattr(backends, "CANDIDATE_LIMIT", 5)
    meeting = world.meeting()
    for n in range(8):
        world.item(meeting, title=f"Vedtak {n}")
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    first = search(query="vedtak", per_page=3)
    assert (first.total, first.total_is_exact, first.num_pages) == (5, False, 2)
    assert len(search(query="vedtak", per_page=3, page=2).results) == 2
    assert search(query="vedtak", per_page=3, page=3).results == []


def test_one_query_per_page_whatever_the_size_of_the_index(world):
    meeting = world.meeting()
    world.item(meeting, title="Næringsutvikling i regionen")
    meeting_publish_notice(meeting=meeting, actor=None)
    counts = []
    for size in (1, 30):
        while meeting.items.count() < size:
            world.item(meeting, title="Næringsutvikling i regionen")
        index_meeting(meeting.pk)
        with CaptureQueriesContext(connection) as queries:
            page = search(query="næringsutvikling", area=world.areas[0], party=None, year=2022)
        assert len(page.results) == min(size, 20)
        counts.append(len(queries))
    assert counts == [1, 1]


def test_the_demo_history_is_searchable(demo):
    rebuild()
    kinds = {r.kind for r in search(query="sykkelvegnett", per_page=50).results}
    assert kinds == {"item", "proposal", "minutes"}
    minutes = search(query="sykkelvegnett", kind="minutes").results[0]
    assert minutes.url.endswith("/#motebok")
    assert minutes.title.startswith("Møtebok: ")


def test_a_phrase_search_says_when_its_total_is_only_a_lower_bound(world, monkeypatch):
    """PostgreSQL checks a phrase's positions in the first PHRASE_SCAN_LIMIT entries having
    all its words and all its pairs of adjacent words; SQLite's FTS5 checks them in its index.
    Either way a total that may miss matches is flagged."""
    monkeypatch.setattr(backends, "PHRASE_SCAN_LIMIT", 3)
    meeting = world.meeting()
    for n in range(6):
        # «regional plan» and «klima», but not «regional plan for klima».
        world.item(meeting, title=f"Regional plan {n}", case_presentation="Tiltak for klima.")
    for n in range(2):
        world.item(meeting, title=f"Regional plan for klima {n}")
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    # Eight entries have the words (and the pair «regional plan»); two have the phrase.
    assert search(query="regional plan klima").total == 8
    page = search(query='"regional plan for klima"')
    assert all("Regional plan for klima" in r.title for r in page.results)
    assert len(page.results) == page.total
    if connection.vendor == "postgresql":
        # Positions were checked in the first three of the eight only: a lower bound, flagged.
        assert page.total <= 2
        assert page.total_is_exact is False
    else:
        # FTS5 knows the positions of every entry: the exact count.
        assert (page.total, page.total_is_exact) == (2, True)
    # Scanning more entries than have all the words finds the phrase exactly, on both.
    monkeypatch.setattr(backends, "PHRASE_SCAN_LIMIT", 9)
    page = search(query='"regional plan for klima"')
    assert (page.total, page.total_is_exact) == (2, True)
    assert sorted(r.title.split(" ", 2)[-1] for r in page.results) == [
        "Regional plan for klima 0",
        "Regional plan for klima 1",
    ]
    # Exactly as many as have all the words: whether more would match is unknown on PostgreSQL.
    monkeypatch.setattr(backends, "PHRASE_SCAN_LIMIT", 8)
    page = search(query='"regional plan for klima"')
    assert page.total == 2
    assert page.total_is_exact is (connection.vendor != "postgresql")


def test_a_rare_phrase_of_common_words_is_found_exactly(world, monkeypatch):
    """Two words in every entry, side by side in two: PostgreSQL looks the pair up in the
    index of adjacent word pairs, so the scan bound (smaller than the entries with the words)
    does not hide the phrase."""
    monkeypatch.setattr(backends, "PHRASE_SCAN_LIMIT", 3)
    meeting = world.meeting()
    for n in range(8):
        world.item(meeting, title=f"Kommunen {n}", case_presentation="Vedtak og møter.")
    for n in range(2):
        world.item(meeting, title=f"Møte {n}", case_presentation="Et vedtak i kommunen.")
        world.item(meeting, title=f"Sak {n}", case_presentation="Vedtak kommunen gjorde.")
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    assert search(query="vedtak kommunen").total == 12
    page = search(query='"vedtak kommunen"')
    assert (page.total, page.total_is_exact) == (2, True)
    assert sorted(r.title.split(" ", 2)[-1] for r in page.results) == ["Sak 0", "Sak 1"]
    # A stop word inside the phrase keeps its place: «vedtak i kommunen» is another phrase
    # (without adjacent words, so without pairs: checked in the entries having the words).
    monkeypatch.setattr(backends, "PHRASE_SCAN_LIMIT", 1000)
    page = search(query='"vedtak i kommunen"')
    assert sorted(r.title.split(" ", 2)[-1] for r in page.results) == ["Møte 0", "Møte 1"]


def _pages(queries: list[tuple[str, dict[str, object]]]) -> list[object]:
    return [
        [(r.title, r.title_html, r.snippet, r.url) for r in page.results]
        + [(page.total, page.total_is_exact)]
        for page in (search(query=q, **filters) for q, filters in queries)  # type: ignore[arg-type]
    ]


def test_the_word_pair_lookup_finds_what_the_scan_of_the_words_found(world, monkeypatch):
    """Within the scan bound, a phrase gives the same page with or without the pairs (the
    path before them: the first PHRASE_SCAN_LIMIT entries having the words)."""
    meeting = world.meeting()
    texts = [
        "Felles handlingsplan for regional plan og vedtak i kommunen.",
        "Regional plan, felles vedtak, kommunen sin handlingsplan.",
        "Vedtak kommunen gjorde om regional plan.",
        "Plan regional og felles handlingsplan.",
    ]
    for n in range(12):
        world.item(meeting, title=f"Sak {n}", case_presentation=texts[n % 4])
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    queries: list[tuple[str, dict[str, object]]] = [
        (q, f)
        for q in (
            '"felles handlingsplan"',
            '"regional plan"',
            '"vedtak kommunen"',
            '"vedtak i kommunen"',
            '"regional plan" "felles handlingsplan"',
            '"regional plan" vedtak',
            '"plan for regionen"',
        )
        for f in ({}, {"partnership": world.partnership, "year": meeting.starts_at.year})
    ]
    with_pairs = _pages(queries)
    monkeypatch.setattr(
        backends.PostgresBackend, "phrase_pairs", lambda self, query: ("(ARRAY[]::int[])", [])
    )
    assert _pages(queries) == with_pairs
    assert [len(page) - 1 for page in with_pairs] == [6, 6, 9, 9, 6, 6, 3, 3, 3, 3, 9, 9, 0, 0]


@pytest.mark.parametrize("limit", [5, 1000])
def test_walking_the_filter_finds_what_the_bitmap_found(world, monkeypatch, limit):
    """A word within one partnership and year: walking the filter's entries (common word)
    and intersecting the word's index with the filter (rare word) find the same candidates,
    also when there are more matches than candidates."""
    monkeypatch.setattr(backends, "CANDIDATE_LIMIT", limit)
    spring = world.meeting(oslo(2022, 3, 15))
    autumn = world.meeting(oslo(2023, 10, 5))
    for n in range(14):
        world.item(spring if n % 2 else autumn, title=f"Vedtak {n}", case_presentation="Buss.")
        world.item(spring, title=f"Sak {n}", case_presentation=f"Vedtak om buss nr. {n}.")
    world.item(spring, title="Skoleskyss", case_presentation="Vedtak om skoleskyss.")
    for meeting in (spring, autumn):
        meeting_publish_notice(meeting=meeting, actor=None)
        index_meeting(meeting.pk)
    filters = {"partnership": world.partnership, "year": 2022}
    queries = [
        ("vedtak", filters),
        ("vedtak buss", filters),
        ("skoleskyss", filters),
        ("vedtak", {**filters, "kind": "item"}),
        ("vedtak", {**filters, "area": world.areas[0]}),
        ("vedtak", {"partnership": world.partnership, "year": 2021}),
    ]
    monkeypatch.setattr(backends, "WALK_RATIO", 10**6)  # always walk
    walked = _pages(queries)
    monkeypatch.setattr(backends, "WALK_SAMPLE", 1)
    monkeypatch.setattr(backends, "WALK_RATIO", 0)  # never walk
    assert _pages(queries) == walked
    expected = min(22, limit)
    assert [page[-1] for page in walked][:3] == [
        (expected, limit > 22),
        (min(21, limit), limit > 21),
        (1, True),
    ]
    assert walked[-1] == [(0, True)]


def test_a_common_word_in_one_partnership_and_year_walks_the_filter(world, monkeypatch):
    """On PostgreSQL the filter is walked when the word is common in it, the GIN bitmap is read
    when it is not; SQLite's FTS5 has one plan (no walk) and finds the same entries."""
    meeting = world.meeting(oslo(2022, 3, 15))
    for n in range(10):
        world.item(meeting, title=f"Vedtak {n}" if n % 2 else f"Sak {n}")
    meeting_publish_notice(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    filters = backends.Filters(partnership_id=world.partnership.pk, year=2022)
    if connection.vendor == "sqlite":
        sql, params = backends.page_sql(parse_query("vedtak"), filters, limit=20, offset=0)
        assert "ts_match_vq" not in sql
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        vedtak = meeting.items.filter(title__startswith="Vedtak")
        assert {row[5] for row in rows} == {f"{i.case_number} {i.title}" for i in vedtak}
        assert len(rows) == 5
        return

    def executed(query: str) -> set[str]:
        sql, params = backends.page_sql(parse_query(query), filters, limit=20, offset=0)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
        # Each branch of ``c`` is a Result whose one-time filter is the decision; the scan
        # under the branch not taken is never executed.
        branches = [n for n, line in enumerate(plan) if "One-Time Filter" in line]
        assert len(branches) == 2
        return {
            ("bitmap" if "NOT" in plan[n] else "walk")
            for n in branches
            if "never executed" not in plan[n + 1]
        }

    assert executed("vedtak") == {"walk"}  # half the entries
    monkeypatch.setattr(backends, "WALK_SAMPLE", 4)
    assert executed("vedtak skoleskyss") == {"bitmap"}  # none of the first four


def test_a_case_number_finds_its_item(public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", ""), ("Skole", ""))
    item = meeting.items.get(title="Skole")
    number = item.case_number.removeprefix("PS ")
    assert titles(number) == [f"{item.case_number} Skole"]
    assert titles(f"PS {number}") == [f"{item.case_number} Skole"]
