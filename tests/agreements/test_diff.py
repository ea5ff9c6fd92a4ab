"""The amendment diff (A10): word by word inside changed paragraphs only, unchanged paragraphs
counted, never an empty mark, and lossless: the unchanged and inserted pieces are the new text,
the unchanged and deleted ones the old text's words."""

from __future__ import annotations

import itertools

from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from partnerskap.agreements.diff import (
    changed_chunks,
    has_changes,
    normalised,
    old_words,
    paragraphs,
    rebuild_new,
    text_diff,
)

OLD = """Første avsnitt om møter.

Det gjennomføres minst to møter per kalenderår.

Tredje avsnitt står som før.

Fjerde avsnitt står også som før."""


def test_a10_only_the_changed_paragraph_is_shown_word_by_word():
    new = OLD.replace("minst to møter", "minst fire møter")
    diff = text_diff(OLD, new)
    assert [b.changed for b in diff] == [False, True, False]
    assert [b.unchanged_count for b in diff] == [1, 0, 2]
    changed = diff[1].chunks
    assert [(c.op, c.text.strip()) for c in changed if c.op != "equal"] == [
        ("delete", "to"),
        ("insert", "fire"),
    ]


def test_a10_browser_line_endings_and_spacing_are_no_change():
    """The bug of the admin's diff: a text sent from a form (``\\r\\n``) showed an empty
    «deleted»/«inserted» pair after every paragraph."""
    sent = OLD.replace("\n", "\r\n").replace("to møter", "to  møter")
    diff = text_diff(OLD, sent)
    assert not has_changes(diff)
    assert [b.unchanged_count for b in diff] == [4]


def test_a10_no_chunk_is_empty_or_only_whitespace():
    new = OLD.replace("\n\nTredje", "\r\n\r\nNytt avsnitt her.\r\n\r\nTredje") + "\n\n"
    for chunk in changed_chunks(text_diff(OLD, new)):
        assert chunk.op == "equal" or chunk.text.strip(), chunk
        assert chunk.text == chunk.text.strip() or chunk.op == "equal", "spacing is not marked"


def test_a10_each_point_of_a_list_is_a_paragraph_of_its_own():
    old = "- Første punkt.\n- Andre punkt om to møter.\n  - o Tredje punkt.\n\nSlutt."
    new = old.replace("to møter", "fire møter")
    diff = text_diff(old, new)
    assert [b.changed for b in diff] == [False, True, False]
    assert [b.unchanged_count for b in diff] == [1, 0, 2]
    assert rebuild_new(diff) == new


def test_a10_new_and_removed_paragraphs_stand_alone():
    new = OLD.replace("Tredje avsnitt står som før.", "Et helt nytt avsnitt om kultur.")
    diff = text_diff(OLD, new)
    kinds = [
        ("new" if b.inserted else "removed" if b.deleted else "edit") for b in diff if b.changed
    ]
    assert kinds == ["removed", "new"]


def test_a10_an_edited_paragraph_is_paired_with_its_old_self_among_new_ones():
    new = OLD.replace(
        "Det gjennomføres minst to møter per kalenderår.",
        "Et nytt avsnitt først.\n\nDet gjennomføres minst tre møter per kalenderår.",
    )
    diff = [b for b in text_diff(OLD, new) if b.changed]
    assert diff[0].inserted
    edited = diff[1]
    assert not edited.inserted
    assert not edited.deleted
    assert {c.text.strip() for c in edited.chunks if c.op != "equal"} == {"to", "tre"}


def test_a10_the_diff_renders_marks_named_for_screen_readers_and_counts_in_words():
    new = OLD.replace("minst to møter", "minst fire møter")
    with translation.override("nb"):
        html = render_to_string("partnerskap/_diff.html", {"diff": text_diff(OLD, new)})
    assert '<del><span class="visually-hidden">slettet: </span>to</del>' in html
    assert "satt inn: </span>fire" in html
    assert "… 1 uendret avsnitt" in html
    assert "… 2 uendrede avsnitt" in html
    assert "[" not in html


WORDS = st.sampled_from(["møte", "avtale", "parten", "to", "fire", "å", "<b>", "ja", "–"])
SPACE = st.sampled_from([" ", "  ", " \t"])
BREAK = st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n\n", "\n\n\n"])
INDENT = st.sampled_from(["", "", "  ", "- ", "  - "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(WORDS, min_size=1, max_size=8), max_size=6))
    out = []
    for words in paragraphs:
        text = draw(INDENT) + words[0]
        for word in words[1:]:
            text += draw(SPACE) + word
        out.append(text)
    joined = ""
    for i, paragraph in enumerate(out):
        joined += (draw(BREAK) if i else draw(st.sampled_from(["", "\n", " "]))) + paragraph
    return joined


@given(old=texts(), new=texts())
def test_a10_applying_the_insertions_over_the_old_text_gives_the_new_text(old: str, new: str):
    diff = text_diff(old, new)
    assert rebuild_new(diff) == normalised(new)
    assert old_words(diff) == old.split()
    for chunk in changed_chunks(diff):
        assert chunk.op == "equal" or chunk.text.strip()  # never an empty mark
    for a, b in itertools.pairwise(diff):
        assert a.changed or b.changed  # unchanged runs are collapsed
    if [p.split() for p in paragraphs(old)] == [p.split() for p in paragraphs(new)]:
        assert not has_changes(diff)  # spacing, indentation and blank lines are no change
