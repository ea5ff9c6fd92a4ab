"""Lists read through SQL compiled once (``oparl.prepared``) give what their querysets give:
the same rows, in the same order, with the same fields, annotations, ``select_related``
objects and prefetches, the same counts, under every filter and on every page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import models, transaction
from django.db.models import Q

from partnerskap.agreements.models import AgreementPart, CooperationArea, Partnership
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.documents.models import Document
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.services.agenda import agenda_item_withdraw
from partnerskap.oparl import sources
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.deletions import record_deletion
from partnerskap.oparl.files import _owners
from partnerskap.oparl.prepared import Condition, prepare
from partnerskap.oparl.segments import Scope, Segment, counts
from partnerskap.oparl.sources.meetings import _item_rows
from tests.oparl.conftest import ROOT, get, grow, make_documents

pytestmark = pytest.mark.django_db

UTC = dt.UTC
LATER = dt.datetime(2031, 1, 1, 12, tzinfo=UTC)

#: Every filter the lists take, as conditions; the moments cut through the data.
CONDITIONS: list[list[Condition]] = [
    [],
    [("oparl_modified", ">=", dt.datetime(2000, 1, 1, tzinfo=UTC))],
    [("oparl_modified", ">=", LATER)],
    [("oparl_modified", "<=", LATER - dt.timedelta(days=1))],
    [("oparl_created", ">=", dt.datetime(2022, 1, 1, tzinfo=UTC))],
    [
        ("oparl_created", "<=", dt.datetime(2030, 1, 1, tzinfo=UTC)),
        ("oparl_modified", ">=", dt.datetime(2000, 1, 1, tzinfo=UTC)),
    ],
]
#: Pages: the first rows, a later window, and everything.
WINDOWS = [(0, 2), (1, 4), (3, 5), (0, 1000)]


def snap(value: Any, depth: int = 0) -> Any:
    """What a model instance holds, comparably: its loaded fields and annotations, the objects
    ``select_related`` and prefetching put on it (two levels deep; below, their keys: related
    objects point back at each other)."""
    if isinstance(value, list | tuple):
        return [snap(v, depth) for v in value]
    if not isinstance(value, models.Model):
        return value
    if depth > 2:
        return (type(value).__name__, value.pk)
    held = {
        name: snap(v, depth + 1)
        for name, v in vars(value).items()
        if name not in {"_state", "_prefetched_objects_cache", "oparl_pk"}
    }
    related = {name: snap(v, depth + 1) for name, v in value._state.fields_cache.items()}
    cache = getattr(value, "_prefetched_objects_cache", {})
    prefetched = {name: snap(list(v), depth + 1) for name, v in cache.items()}
    return (type(value).__name__, held, related, prefetched)


@pytest.fixture
def scope(record, world, published) -> Scope:
    """A body with every kind of row: documents (public, exempt, on closed matter), several
    meetings, a withdrawn item, deleted objects."""
    make_documents(record, generated=False)
    grow(world, 2)
    with time_machine.travel(LATER, tick=False), transaction.atomic():
        agenda_item_withdraw(item=published().items.get(), actor=None)
        follow_up = FollowUp.objects.filter(proposal=record.open_proposal).first()
        record_deletion(follow_up)
        follow_up.delete()
    return Scope(partnership=world.partnership, urls=Urls(root=ROOT, origin="http://testserver"))


def every_segment(scope: Scope) -> list[Segment]:
    """The bodies' list and every list of the body, deleted objects included."""
    return [
        *sources.body_segments(scope.urls),
        *(
            segment
            for oparl_type in sources.SEGMENTS
            for segment in (
                *sources.SEGMENTS[oparl_type](scope),
                sources.tombstone_segment(scope, oparl_type),
            )
        ),
    ]


def test_every_segment_reads_through_compiled_sql(scope):
    assert all(segment.prepared is not None for segment in every_segment(scope))


@pytest.mark.parametrize("conditions", CONDITIONS)
def test_pages_and_counts_are_those_of_the_querysets(scope, conditions):
    segments = every_segment(scope)
    assert counts(segments, conditions) == [s.narrowed(conditions).count() for s in segments]
    checked = 0
    for segment in segments:
        for low, high in WINDOWS:
            expected = list(segment.narrowed(conditions)[low:high])
            served = segment.rows(conditions, low, high)
            assert snap(served) == snap(expected), (segment.oparl_type, segment.kind, low, high)
            checked += len(served)
    assert checked  # every filter keeps some rows


def test_a_segment_without_a_template_is_read_through_its_queryset(scope):
    """The same pages either way (a segment may depend on what a request read)."""
    for segment in every_segment(scope):
        plain = dataclasses.replace(segment, template=None)
        assert plain.prepared is None
        for conditions in CONDITIONS[:2]:
            assert counts([plain], conditions) == counts([segment], conditions)
            assert snap(plain.rows(conditions, 1, 4)) == snap(segment.rows(conditions, 1, 4))


def test_rows_found_by_their_keys_are_those_of_the_queryset(scope, record):
    items = prepare(("test.items", scope.pk), lambda: _item_rows(scope))
    meetings = [record.meeting.pk]
    expected = sorted(_item_rows(scope).filter(meeting_id__in=meetings))
    assert sorted(items.where_in("meeting_id", meetings)) == expected
    assert len(expected) >= 4
    owned = prepare(("test.owners",), _owners).where_in(
        ("meeting_id", "oparl_item_meeting"), meetings
    )
    owners = Q(meeting__in=meetings) | Q(item__meeting__in=meetings)
    expected_documents = Document.objects.filter(owners).values_list("pk", flat=True)
    assert sorted(row[0] for row in owned) == sorted(expected_documents)
    assert len(owned) >= 4
    assert items.where_in("pk", []) == []


def test_a_body_is_found_as_the_selector_finds_it(scope, world):
    found = sources.public_body(world.partnership.pk)
    assert snap(found) == snap(partnerships_public().get(pk=world.partnership.pk))
    Partnership.objects.filter(pk=world.partnership.pk).update(status=Partnership.Status.DRAFT)
    with pytest.raises(Partnership.DoesNotExist):
        sources.public_body(world.partnership.pk)


def test_a_papers_areas_keep_the_order_django_gives_them(client, record):
    """``CooperationArea`` is ordered by its part, which is ordered by (kind, title): an area
    of a part made later, but titled first, comes first."""
    proposal = record.open_proposal
    known = proposal.areas.first()
    part = AgreementPart.objects.create(kind=AgreementPart.Kind.SPECIAL, title="Aaa – en del")
    first = CooperationArea.objects.create(
        part=part, slug="aaa", name="Aaa-område", position=99, introduced_in=known.introduced_in
    )
    proposal.areas.add(first)
    expected = list(proposal.areas.values_list("name", flat=True))
    assert expected[0] == "Aaa-område"
    assert len(expected) >= 2
    body = proposal.partnership_id
    served = get(client, f"/oparl/v1/body/{body}/paper/proposal/{proposal.pk}/")
    assert served["keyword"] == expected
    listed = get(client, f"/oparl/v1/body/{body}/papers/")["data"]
    assert [p["keyword"] for p in listed if p["id"] == served["id"]] == [expected]
