"""A list with nothing to show says why: the meeting list tells an empty partnership from
filters that match nothing, and the count below the filters agrees in number."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_filters_that_match_nothing_say_so(as_secretariat):
    html = as_secretariat.get("/sekretariat/moter/?q=finnesikke").content.decode()
    assert "Ingen møter passer til filtrene. Fjern et filter for å se flere." in html
    assert "0 møter" in html


def test_a_partnership_without_meetings_says_none_are_planned(bare_demo, as_secretariat):
    html = as_secretariat.get("/sekretariat/moter/").content.decode()
    assert "Ingen møter er planlagt ennå." in html


def test_one_meeting_is_counted_in_the_singular(world, as_secretariat):
    world.meeting()
    html = as_secretariat.get("/sekretariat/moter/").content.decode()
    assert "1 møte<" in html or "1 møte\n" in html
