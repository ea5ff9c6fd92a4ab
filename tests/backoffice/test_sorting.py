"""Sortable back-office lists: ``?sorter=`` orders the rows (a tie never shuffles rows between
pages), the header says which column is sorted and how (``aria-sort``), and sorting keeps the
filters while filtering keeps the order."""

from __future__ import annotations

import re

import pytest
from django.db.models import QuerySet
from django.test import RequestFactory

from partnerskap.backoffice.sorting import Column, Sorting
from partnerskap.demo.loader import COUNCIL_SLUG
from partnerskap.meetings.models import Meeting

pytestmark = pytest.mark.django_db
LIST = "/sekretariat/moter/"


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/sekretariat/moter/\d+/">([^<]+)</a>', html)


def ours() -> QuerySet[Meeting]:
    """The council's secretariat's meetings: its partnerships', 2020–2024 and the renewal
    (not Follo's (demo))."""
    return Meeting.objects.filter(partnership__parties__slug=COUNCIL_SLUG)


def test_the_meeting_list_is_newest_first_until_sorted_otherwise(as_secretariat):
    newest = list(ours().order_by("-starts_at", "-pk").values_list("title", flat=True))
    assert titles(as_secretariat.get(LIST).content.decode()) == newest[:25]
    by_title = sorted(ours().values_list("title", "pk"))
    html = as_secretariat.get(LIST, {"sorter": "tittel"}).content.decode()
    assert titles(html) == [t for t, _ in by_title][:25]
    html = as_secretariat.get(LIST, {"sorter": "-tittel"}).content.decode()
    assert titles(html) == [t for t, _ in reversed(by_title)][:25]


def test_an_unknown_or_unsortable_column_falls_back_to_the_default(as_secretariat):
    default = titles(as_secretariat.get(LIST).content.decode())
    for wrong in ("finnes-ikke", "status", "-status", "", "--tid"):
        assert titles(as_secretariat.get(LIST, {"sorter": wrong}).content.decode()) == default


def test_the_header_says_how_the_table_is_sorted_and_links_keep_the_filters(as_secretariat):
    html = as_secretariat.get(
        LIST, {"status": "held", "side": "2", "sorter": "tittel"}
    ).content.decode()
    sorted_header = re.search(
        r'<th scope="col" aria-sort="ascending"><a class="sort" href="([^"]+)">', html
    )
    assert sorted_header is not None
    # A click on the sorted column turns it; the filter stays, the page goes back to one.
    assert sorted_header.group(1) == "?status=held&amp;sorter=-tittel"
    assert 'href="?status=held&amp;sorter=tid"' in html
    assert html.count("aria-sort=") == 1
    assert '<th scope="col">Status</th>' in html  # not sortable: no link
    # The filter form carries the order along.
    assert '<input type="hidden" name="sorter" value="tittel">' in html


def test_pages_keep_the_order(as_secretariat, monkeypatch):
    monkeypatch.setattr("partnerskap.backoffice.views.meetings.MEETINGS_PER_PAGE", 4)
    html = as_secretariat.get(LIST, {"sorter": "tittel"}).content.decode()
    assert "sorter=tittel&amp;side=2" in html
    first = titles(html)
    second = titles(as_secretariat.get(LIST, {"sorter": "tittel", "side": "2"}).content.decode())
    everything = [t for t, _ in sorted(ours().values_list("title", "pk"))]
    assert first + second == everything[: len(first) + len(second)]


def test_the_committee_list_sorts_by_name(as_secretariat):
    from partnerskap.committees.models import Committee

    names = re.findall(
        r'<td><a href="/sekretariat/utvalg/\d+/">([^<]+)</a>',
        as_secretariat.get("/sekretariat/utvalg/", {"sorter": "-navn"}).content.decode(),
    )
    assert len(names) > 1
    assert names == sorted(Committee.objects.values_list("name", flat=True), reverse=True)


def test_ties_are_broken_by_the_primary_key_in_the_same_direction():
    sorting = Sorting(
        RequestFactory().get("/", {"sorter": "-a"}), [Column("a", "A", ("x", "y"))], default="a"
    )
    assert [
        str(o.expression.name) + ("↓" if o.descending else "↑") for o in sorting.order_by()
    ] == [
        "x↓",
        "y↓",
        "pk↓",
    ]
