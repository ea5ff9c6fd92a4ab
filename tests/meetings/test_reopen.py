"""An item closed to the public (L3) can be opened again: before the notice as a change of
plan, after it only with a reason; audited; the public sees it again through the one
visibility rule (``agenda_public``)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.meetings.models import ClosedSession
from partnerskap.meetings.selectors import agenda_public
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_reopen
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(bare_demo):
    return get_user_model().objects.get(username="sekretariat-radet")


def _closed(world):
    meeting = world.meeting()
    item = world.item(meeting, title="Tilsetting av daglig leder")
    agenda_item_close(
        item=item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    return meeting, item


def test_l3_a_closed_item_is_opened_again_before_the_notice_without_a_reason(world, secretariat):
    meeting, item = _closed(world)
    agenda_item_reopen(item=item, actor=secretariat)
    assert not ClosedSession.objects.filter(item=item).exists()
    entry = AuditEntry.objects.get(action="meetings.item.reopened")
    assert (entry.actor, entry.target_id) == (secretariat, str(item.pk))
    assert entry.data == {"basis": "kl-11-5-2-a", "after_notice": False}
    meeting_publish_notice(meeting=meeting, actor=None)
    (shown,) = agenda_public(meeting=meeting)
    assert (shown.closed, shown.title) == (False, "Tilsetting av daglig leder")


def test_l3_after_the_notice_opening_an_item_again_needs_a_reason(world, secretariat):
    meeting, item = _closed(world)
    meeting_publish_notice(meeting=meeting, actor=None)
    (shown,) = agenda_public(meeting=meeting)
    assert (shown.closed, shown.title) == (True, "Personalsak")
    with pytest.raises(DomainError) as exc:
        agenda_item_reopen(item=item, reason=" ", actor=secretariat)
    assert exc.value.field == "reason"
    assert ClosedSession.objects.filter(item=item).exists()
    agenda_item_reopen(item=item, reason="Saken gjelder ikke en enkeltperson.", actor=secretariat)
    (shown,) = agenda_public(meeting=meeting)
    assert (shown.closed, shown.title) == (False, "Tilsetting av daglig leder")
    entry = AuditEntry.objects.get(action="meetings.item.reopened")
    assert entry.data["reason"] == "Saken gjelder ikke en enkeltperson."
    assert entry.data["after_notice"] is True


def test_l3_an_open_item_or_a_held_meeting_cannot_be_reopened(world):
    meeting, item = _closed(world)
    other = world.item(meeting, title="Åpen sak")
    with pytest.raises(ConflictError):
        agenda_item_reopen(item=other, actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    with pytest.raises(ConflictError):
        agenda_item_reopen(item=item, reason="For sent", actor=None)
    assert ClosedSession.objects.filter(item=item).exists()
