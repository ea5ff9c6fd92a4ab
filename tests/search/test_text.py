"""The query language, the stems and the highlighting, without a database."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from partnerskap.search.text import (
    MAX_GROUPS,
    STOP_WORDS,
    highlight,
    parse_query,
    snippet,
    stem,
    stemmed_text,
)

#: What an FTS5 expression made by ``Query.fts5`` may look like: quoted runs of tokens.
SAFE_FTS5 = re.compile(r'^("[^\W_]+( [^\W_]+)*")( "[^\W_]+( [^\W_]+)*")*$')


def test_norwegian_stems_join_inflected_forms():
    assert stem("møter") == stem("møte") == stem("møtene")
    assert stem("kommunen") == stem("kommune") == stem("kommunene")
    assert stemmed_text("Kommunene MØTES.") == "kommun møt"


def test_words_are_anded_and_quotes_make_phrases():
    query = parse_query('sykkel «felles plan» "regional utvikling" tog')
    assert [(g.raw, g.phrase) for g in query.groups] == [
        ("felles plan", True),
        ("regional utvikling", True),
        ("sykkel", False),
        ("tog", False),
    ]
    assert query.fts5() == '"fell plan" "regional utvikling" "sykkel" "tog"'


def test_a_word_with_inner_punctuation_is_a_phrase_of_its_parts():
    (group,) = parse_query("Asker-Bærum").groups
    assert group.stems == ("ask", "bærum")
    assert parse_query("PS 7/2023").fts5() == '"ps" "7 2023"'


def test_lone_stop_words_are_dropped_but_kept_inside_phrases():
    assert not parse_query("og i på")
    assert not parse_query('"og i"')
    (group,) = parse_query('"plan for bygg" og').groups
    assert group.stems == ("plan", "for", "bygg")
    assert group.content_stems == ("plan", "bygg")
    assert "for" in STOP_WORDS


def test_unbalanced_quotes_and_repeats_are_harmless():
    assert [g.raw for g in parse_query('"sykkel tog').groups] == ["sykkel", "tog"]
    assert len(parse_query("møte møter Møtene").groups) == 1
    assert len(parse_query(" ".join(f"ord{n}" for n in range(50))).groups) == MAX_GROUPS


@given(st.text())
def test_any_input_gives_an_fts5_expression_of_quoted_tokens_only(text):
    query = parse_query(text)
    if query:
        assert SAFE_FTS5.match(query.fts5())
        assert all("\x00" not in g.raw for g in query.groups)


def test_highlight_escapes_everything_and_marks_matching_stems():
    wanted = parse_query("kommunen").highlight_stems
    assert highlight("<i>Kommunene</i> & «kommune»", wanted) == (
        "&lt;i&gt;<mark>Kommunene</mark>&lt;/i&gt; &amp; «<mark>kommune</mark>»"
    )


def test_a_snippet_is_a_window_around_the_first_match():
    text = " ".join(f"ord{n}" for n in range(100)) + " sykkelveg " + "slutt " * 100
    cut = snippet(text, parse_query("sykkelveg").highlight_stems)
    assert cut.startswith("… ord92 ")
    assert "<mark>sykkelveg</mark>" in cut
    assert cut.endswith(" …")
    assert len(cut.split()) < 40


def test_without_a_match_a_snippet_shows_the_beginning():
    assert snippet("Kort <tekst>.", frozenset({"tog"})) == "Kort &lt;tekst&gt;."
    long = snippet("ord " * 100, frozenset())
    assert long.startswith("ord ord")
    assert long.endswith(" …")
    assert snippet("", frozenset()) == ""
