"""``core.deletions``: the seam before a delete. An app registers a recorder for its models in
``ready()`` (OParl its tombstones); a delete through the seam, or through any admin, runs the
recorders first, in the deleting transaction, while the row still exists."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from partnerskap.agreements.models import Partnership
from partnerskap.core import deletions
from partnerskap.core.admin_actions import RecordDeletionMixin
from partnerskap.meetings.models import Location, Meeting
from partnerskap.oparl.deletions import RULES, record_deletion
from partnerskap.oparl.models import Tombstone
from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(monkeypatch):
    """A fresh registry with one recorder for ``Location`` that notes what it saw."""
    monkeypatch.setattr(deletions, "_recorders", {})
    seen: list[tuple[int, bool]] = []

    def recorder(obj):
        seen.append((obj.pk, Location.objects.filter(pk=obj.pk).exists()))

    deletions.register(Location, recorder)
    deletions.register(Location, recorder)  # once is enough
    return seen


def test_a_delete_runs_the_recorder_first_while_the_row_exists(recorded):
    place = Location.objects.create(name="Rådhuset")
    pk = place.pk

    deletions.delete(place)

    assert recorded == [(pk, True)]
    assert not Location.objects.filter(pk=pk).exists()


def test_a_failing_recorder_keeps_the_row(monkeypatch):
    monkeypatch.setattr(deletions, "_recorders", {})
    place = Location.objects.create(name="Rådhuset")

    def refuse(obj):
        raise RuntimeError

    deletions.register(Location, refuse)
    with pytest.raises(RuntimeError), transaction.atomic():
        deletions.delete(place)
    assert Location.objects.filter(pk=place.pk).exists()


def test_many_are_all_recorded_before_any_goes(recorded):
    places = [Location.objects.create(name=f"Sal {n}") for n in range(3)]

    deletions.delete_all(places)

    assert [present for _pk, present in recorded] == [True, True, True]
    assert not Location.objects.exists()


def test_a_model_nobody_records_is_simply_deleted(recorded, world):
    meeting = world.meeting()
    deletions.delete(meeting)
    assert recorded == []
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_oparl_records_every_model_it_shows():
    for model in RULES:
        assert record_deletion in deletions.recorders(model), model


def test_every_admin_that_may_delete_a_recorded_model_records():
    missing = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if deletions.recorders(model) and not isinstance(model_admin, RecordDeletionMixin)
    ]
    assert missing == []


def test_a_meeting_deleted_in_the_admin_leaves_an_oparl_tombstone(client, world):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    meeting = world.meeting()  # public, without items, so it may go

    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Tombstone.objects.filter(oparl_type="Meeting", object_pk=meeting.pk).exists()


def test_a_partnership_oparl_does_not_record_is_deleted_in_the_admin(client):
    """It raised ``TypeError`` when the admin called OParl's recorder for every model."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    partnership = PartnershipFactory()

    url = reverse("admin:agreements_partnership_delete", args=[partnership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not Partnership.objects.filter(pk=partnership.pk).exists()
