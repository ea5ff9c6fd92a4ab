"""The agenda: numbering, areas (A3, A6), outcomes (A9), closed sessions (L3) and the
remote-meeting restriction (L5)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerskap.agreements.models import SustainableDevelopmentGoal
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import AgendaItem, AgendaNumberSequence, Meeting
from partnerskap.meetings.selectors import agenda_public
from partnerskap.meetings.services.agenda import (
    OUTCOMES_BY_KIND,
    agenda_item_close,
    agenda_item_record_outcome,
    agenda_item_update,
    agenda_item_withdraw,
    agenda_reorder,
)
from partnerskap.meetings.services.lifecycle import (
    meeting_publish_notice,
    meeting_record_held,
    meeting_reschedule,
)
from tests.factories import AgreementVersionFactory, CooperationAreaFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


def basis(code: str) -> LegalBasis:
    return LegalBasis.objects.get(code=code)


def test_items_are_numbered_per_partnership_and_year(world):
    spring = world.meeting(oslo(2022, 3, 1))
    autumn = world.meeting(oslo(2022, 10, 1))
    next_year = world.meeting(oslo(2023, 2, 1))
    numbers = [world.item(m).case_number for m in (spring, spring, autumn, next_year)]
    assert numbers == ["PS 1/2022", "PS 2/2022", "PS 3/2022", "PS 1/2023"]


def test_withdrawn_number_is_never_reused(world):
    meeting = world.meeting()
    first = world.item(meeting)
    agenda_item_withdraw(item=first, actor=None)
    second = world.item(meeting)
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            meeting=meeting,
            partnership=meeting.partnership,
            year=2022,
            number=2,
            kind="discussion",
            title="dup",
        )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(st.tuples(st.sampled_from([2021, 2022]), st.booleans()), min_size=1, max_size=12)
)
def test_numbering_is_unique_monotonic_and_never_reused(world, plan):
    AgendaItem.objects.all().delete()
    AgendaNumberSequence.objects.all().delete()
    meetings = {year: world.meeting(oslo(year, 6, 1)) for year in (2021, 2022)}
    seen: dict[int, list[int]] = {2021: [], 2022: []}
    for year, withdraw in plan:
        item = world.item(meetings[year])
        if withdraw:
            agenda_item_withdraw(item=item, actor=None)
        seen[year].append(item.number)
    for numbers in seen.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_a3_a6_item_outside_all_areas_is_refused(world):
    meeting = world.meeting()
    with pytest.raises(DomainError) as exc:
        world.item(meeting, areas=[])
    assert exc.value.code == "meetings.item.no_area"
    foreign = CooperationAreaFactory(introduced_in=AgreementVersionFactory())
    with pytest.raises(DomainError) as exc:
        world.item(meeting, areas=[foreign])
    assert exc.value.code == "meetings.item.area_not_in_agreement"
    assert AgendaItem.objects.count() == 0


def test_a3_items_carry_areas_and_sdgs(world):
    meeting = world.meeting()
    item = world.item(
        meeting, areas=world.areas[:2], sdgs=SustainableDevelopmentGoal.objects.filter(number=11)
    )
    assert item.areas.count() == 2
    assert [g.number for g in item.sdgs.all()] == [11]


def test_a9_no_outcome_records_a_binding_decision():
    assert set(Outcome.values) == {"", "proposal", "procedural", "noted", "postponed"}
    assert all(o in Outcome.values for allowed in OUTCOMES_BY_KIND.values() for o in allowed)


def test_a9_outcome_must_fit_the_item(world):
    meeting = world.meeting()
    discussion = world.item(meeting)
    proposal = world.item(meeting, kind=Kind.PROPOSAL)
    meeting_publish_notice(meeting=meeting, actor=None)
    with pytest.raises(DomainError) as exc:
        agenda_item_record_outcome(item=discussion, outcome=Outcome.PROPOSAL, actor=None)
    assert exc.value.code == "meetings.item.outcome_not_allowed"
    with pytest.raises(DomainError):
        agenda_item_record_outcome(item=proposal, outcome=Outcome.PROCEDURAL, actor=None)
    agenda_item_record_outcome(
        item=proposal,
        outcome=Outcome.PROPOSAL,
        outcome_text="Foreslås for kommunestyrene",
        actor=None,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=discussion.pk).update(outcome=Outcome.PROCEDURAL)


def test_a9_procedural_items_say_what_they_decide(world):
    meeting = world.meeting()
    with pytest.raises(DomainError) as exc:
        world.item(meeting, kind=Kind.PROCEDURAL, procedural_subject="")
    assert exc.value.code == "meetings.item.procedural_subject_required"


def test_agenda_is_locked_once_held(world, published):
    meeting = published()
    meeting_record_held(meeting=meeting, actor=None)
    with pytest.raises(ConflictError) as exc:
        world.item(meeting)
    assert exc.value.code == "meetings.agenda.locked"


def test_reorder_lists_every_item_once(world):
    meeting = world.meeting()
    a, b, c = (world.item(meeting) for _ in range(3))
    agenda_reorder(meeting=meeting, item_ids=[c.pk, a.pk, b.pk], actor=None)
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [
        c.pk,
        a.pk,
        b.pk,
    ]
    with pytest.raises(DomainError):
        agenda_reorder(meeting=meeting, item_ids=[c.pk, a.pk], actor=None)


def test_a7_l2_items_are_public_by_default(world, published):
    meeting = published()
    assert [p.closed for p in agenda_public(meeting=meeting)] == [False]


def test_l3_closing_needs_a_meeting_basis_and_a_neutral_title(world):
    meeting = world.meeting()
    item = world.item(meeting)
    with pytest.raises(DomainError) as exc:
        agenda_item_close(item=item, legal_basis=basis("offl-13"), public_title="Sak", actor=None)
    assert exc.value.code == "meetings.item.basis_not_for_meetings"
    with pytest.raises(DomainError) as exc:
        agenda_item_close(item=item, legal_basis=basis("kl-11-5-2-a"), public_title=" ", actor=None)
    assert exc.value.code == "meetings.item.public_title_required"
    assert not item.is_closed


def test_l3_closed_content_stays_out_of_the_public_agenda(world):
    meeting = world.meeting()
    item = world.item(
        meeting,
        title="Tilsetting av daglig leder HEMMELIG-TITTEL",
        case_presentation="HEMMELIG-INNHOLD",
        recommendation="HEMMELIG-INNSTILLING",
    )
    agenda_item_close(
        item=item,
        legal_basis=basis("kl-11-5-2-a"),
        public_title="Personalsak",
        decision="Vedtatt i åpent møte å lukke",
        actor=None,
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=item, outcome=Outcome.NOTED, outcome_text="HEMMELIG-KONKLUSJON", actor=None
    )
    (public,) = agenda_public(meeting=meeting)
    assert public.title == "Personalsak"
    assert public.legal_basis == "kommuneloven § 11-5 andre ledd bokstav a – personalsak"
    assert "HEMMELIG" not in repr(public)


def test_l5_remote_meeting_cannot_close_on_a_mandatory_ground(world):
    remote = world.meeting(form=Meeting.Form.REMOTE)
    item = world.item(remote)
    with pytest.raises(DomainError) as exc:
        agenda_item_close(
            item=item, legal_basis=basis("kl-11-5-2-b"), public_title="Lukket sak", actor=None
        )
    assert exc.value.code == "meetings.form.remote_with_mandatory_closed_item"
    agenda_item_close(  # an optional ground is allowed remotely
        item=item, legal_basis=basis("kl-11-5-3-a"), public_title="Lukket sak", actor=None
    )


def test_l5_meeting_with_mandatory_closed_item_cannot_become_remote(world):
    meeting = world.meeting()
    item = world.item(meeting)
    agenda_item_close(
        item=item, legal_basis=basis("kl-11-5-2-a"), public_title="Personalsak", actor=None
    )
    with pytest.raises(DomainError) as exc:
        meeting_reschedule(
            meeting=meeting,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            form=Meeting.Form.HYBRID,
            actor=None,
        )
    assert exc.value.code == "meetings.form.remote_with_mandatory_closed_item"
    meeting.refresh_from_db()
    assert meeting.form == Meeting.Form.IN_PERSON


def test_a6_update_keeps_items_inside_the_areas_and_refuses_lost_updates(world):
    meeting = world.meeting()
    item = world.item(meeting)
    seen = item.lock_version
    agenda_item_update(item=item, title="Ny tittel", areas=world.areas[1:3], actor=None)
    assert list(item.areas.order_by("position")) == world.areas[1:3]
    with pytest.raises(ConflictError) as exc:
        agenda_item_update(
            item=item,
            title="Min tittel",
            areas=world.areas[:1],
            expected_lock_version=seen,
            actor=None,
        )
    assert exc.value.code == "meetings.item.changed_meanwhile"
    with pytest.raises(DomainError) as exc:
        agenda_item_update(item=item, title="x", areas=[], actor=None)
    assert exc.value.code == "meetings.item.no_area"
    item.refresh_from_db()
    assert item.title == "Ny tittel"
