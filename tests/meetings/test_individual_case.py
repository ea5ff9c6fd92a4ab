"""A9: the meeting cannot decide individual cases. An outcome or proposal whose words read as
such a decision (a grant, an appointment, a permit, a named applicant) is saved only when the
secretariat confirms, with a reason, that it is no such decision; the reason is kept and
audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import ElectedBody
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice

Outcome = AgendaItem.Outcome

pytestmark = pytest.mark.django_db

GRANT = "Partnerskapsmøtet innvilger tilskudd på 200 000 kr til Asker Idrettslag."


@pytest.fixture
def secretariat(bare_demo):
    return get_user_model().objects.get(username="sekretariat-radet")


@pytest.fixture
def at_meeting(world):
    meeting = world.meeting()
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title="Idrettsanlegg")
    meeting_publish_notice(meeting=meeting, actor=None)
    return item


def test_a9_outcome_that_reads_as_a_grant_needs_a_confirmed_reason(at_meeting, secretariat):
    item = at_meeting
    with pytest.raises(DomainError) as exc:
        agenda_item_record_outcome(
            item=item, outcome=Outcome.PROPOSAL, outcome_text=GRANT, actor=secretariat
        )
    assert exc.value.code == "meetings.item.individual_case"
    assert "«innvilger»" in str(exc.value)
    item.refresh_from_db()
    assert item.outcome == ""
    assert not AuditEntry.objects.filter(action="meetings.item.outcome").exists()

    reason = "Møtet anbefaler; fylkestinget avgjør tilskuddet i egen sak."
    agenda_item_record_outcome(
        item=item,
        outcome=Outcome.PROPOSAL,
        outcome_text=GRANT,
        confirmed_reason=reason,
        actor=secretariat,
    )
    item.refresh_from_db()
    assert (item.outcome, item.individual_case_reason) == (Outcome.PROPOSAL, reason)
    entry = AuditEntry.objects.get(action="meetings.item.outcome")
    assert entry.actor == secretariat
    assert entry.data == {"outcome": Outcome.PROPOSAL, "individual_case_reason": reason}


def test_a9_a_reworded_outcome_drops_the_kept_reason(at_meeting):
    item = at_meeting
    agenda_item_record_outcome(
        item=item, outcome=Outcome.PROPOSAL, outcome_text=GRANT, confirmed_reason="x", actor=None
    )
    agenda_item_record_outcome(
        item=item,
        outcome=Outcome.PROPOSAL,
        outcome_text="Partene bes vurdere støtte til idrettsanlegg.",
        confirmed_reason="x",
        actor=None,
    )
    item.refresh_from_db()
    assert item.individual_case_reason == ""


def test_a9_proposal_that_names_an_applicant_needs_a_confirmed_reason(at_meeting, secretariat):
    item = at_meeting
    agenda_item_record_outcome(
        item=item, outcome=Outcome.PROPOSAL, outcome_text="Foreslås", actor=None
    )
    body = ElectedBody.objects.filter(party__slug="viken-fylkeskommune").first()
    proposal_text = "Søknad fra Asker Idrettslag om 2 mill. kroner innvilges."
    with pytest.raises(DomainError) as exc:
        proposal_create(
            item=item, title="Idrettsanlegg", text=proposal_text, bodies=[body], actor=secretariat
        )
    assert exc.value.code == "followup.proposal.individual_case"
    assert not hasattr(AgendaItem.objects.get(pk=item.pk), "proposal")
    proposal = proposal_create(
        item=item,
        title="Idrettsanlegg",
        text=proposal_text,
        bodies=[body],
        confirmed_reason="Teksten gjengir søknaden; fylkestinget avgjør.",
        actor=secretariat,
    )
    assert proposal.individual_case_reason == "Teksten gjengir søknaden; fylkestinget avgjør."
    entry = AuditEntry.objects.get(action="followup.proposal.created")
    assert entry.data["individual_case_reason"] == proposal.individual_case_reason
