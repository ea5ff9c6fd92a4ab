from __future__ import annotations

import pytest

from partnerskap.agreements.models import ElectedBody
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.world import oslo


@pytest.fixture
def bodies(world):
    return {b.slug: b for b in ElectedBody.objects.all()}


@pytest.fixture
def proposal_item(world):
    """Returns a function making an item whose outcome is «proposal to the parties»."""

    def make(
        kind=AgendaItem.Kind.PROPOSAL, outcome=AgendaItem.Outcome.PROPOSAL, when=None, **kwargs
    ):
        meeting = world.meeting(when or oslo(2022, 3, 15))
        item = world.item(meeting, kind=kind, **kwargs)
        meeting_publish_notice(meeting=meeting, actor=None)
        agenda_item_record_outcome(item=item, outcome=outcome, outcome_text="Foreslås", actor=None)
        return item

    return make
