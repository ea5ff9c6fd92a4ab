"""Minutes (L4): generated from the records, frozen when approved, corrected by new versions."""

from __future__ import annotations

import pytest

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import AgendaItem, GuestInvitation, Minutes, Vote
from partnerskap.meetings.services.agenda import (
    agenda_item_close,
    agenda_item_record_outcome,
    vote_record,
)
from partnerskap.meetings.services.attendance import (
    absence_register,
    attendance_record,
    guest_invite,
    substitute_call_in,
)
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held
from partnerskap.meetings.services.minutes import minutes_approve, minutes_correct, minutes_draft

pytestmark = pytest.mark.django_db
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


@pytest.fixture
def held(world):
    meeting = world.meeting()
    proposal = world.item(meeting, kind=Kind.PROPOSAL, title="Felles innfartsparkering")
    closed = world.item(meeting, title="Tilsetting HEMMELIG-TITTEL")
    agenda_item_close(
        item=closed,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    absence_register(meeting=meeting, person=world.people["Aasheim"], reason="Sykdom", actor=None)
    absence_register(meeting=meeting, person=world.people["Eikeland"], reason="Ferie", actor=None)
    substitute_call_in(
        meeting=meeting,
        substitute=world.people["Storli"],
        for_person=world.people["Eikeland"],
        actor=None,
    )
    guest_invite(
        meeting=meeting,
        inviting_party=world.county,
        guest_name="Kari Fagperson",
        guest_role="Trafikkplanlegger",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        actor=None,
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    attendance_record(
        meeting=meeting,
        present={
            world.people["Lindeberg"]: True,
            world.people["Fjeldstad"]: True,
            world.people["Storli"]: True,
        },
        actor=None,
    )
    agenda_item_record_outcome(
        item=proposal, outcome=Outcome.PROPOSAL, outcome_text="Foreslås for partene", actor=None
    )
    agenda_item_record_outcome(
        item=closed, outcome=Outcome.NOTED, outcome_text="HEMMELIG-KONKLUSJON", actor=None
    )
    vote_record(
        item=proposal,
        motion="Innstillingen",
        party=world.council,
        choice=Vote.Choice.FOR,
        actor=None,
    )
    vote_record(
        item=proposal,
        motion="Innstillingen",
        party=world.county,
        choice=Vote.Choice.AGAINST,
        actor=None,
    )
    meeting_record_held(meeting=meeting, actor=None)
    return meeting


def test_l4_minutes_contain_everything_the_law_asks_for(held, world):
    content = minutes_draft(meeting=held, actor=None).content
    public = content["public"]
    assert public["starts_at"].startswith("2022-03-15T10:00:00+01:00")
    assert public["location"] == "Asker rådhus, Formannskapssalen"
    assert public["form"] == "in_person"
    assert public["chair"] == {"name": "Torbjørn Lindeberg", "reason": "deputy"}
    attended = {
        (a["name"], a["party"], a["capacity"], a["substitute_for"]) for a in public["attended"]
    }
    assert ("Mari Storli", world.council.name, "substitute", "Jonas Eikeland") in attended
    assert ("Astrid Fjeldstad", world.county.name, "member", "") in attended
    registered = {a["name"] for a in public["absent"] if a["registered_absence"]}
    assert registered == {"Sigrid Aasheim", "Jonas Eikeland"}
    unregistered = {a["name"] for a in public["absent"] if not a["registered_absence"]}
    assert unregistered == {"Hanne Vik Brekke", "Olav Rustad", "Leila Haugen"}
    attended_names = {a[0] for a in attended}
    assert not attended_names & (registered | unregistered)
    assert public["guests"][0]["name"] == "Kari Fagperson"
    assert isinstance(public["guests"][0]["late_notice"], bool)
    first, second = public["items"]
    assert (first["title"], first["outcome"], first["outcome_text"]) == (
        "Felles innfartsparkering",
        "proposal",
        "Foreslås for partene",
    )
    assert {(v["party"], v["choice"]) for v in first["votes"]} == {
        (world.council.name, "for"),
        (world.county.name, "against"),
    }
    assert second["closed"] is True
    assert second["legal_basis"] == "kommuneloven § 11-5 andre ledd bokstav a – personalsak"
    assert second["title"] == "Personalsak"


def test_l3_l4_closed_item_content_is_only_in_the_internal_part(held, world):
    closed = held.items.get(closed_session__isnull=False)
    held.status = "notice_published"  # votes are taken at the meeting
    held.save(update_fields=["status"])
    vote_record(
        item=closed, motion="HEMMELIG-FORSLAG", party=world.council, choice="for", actor=None
    )
    held.status = "held"
    held.save(update_fields=["status"])
    content = minutes_draft(meeting=held, actor=None).content
    assert "HEMMELIG" not in repr(content["public"])
    (internal,) = content["internal"].values()
    assert internal["title"] == "Tilsetting HEMMELIG-TITTEL"
    assert internal["votes"][0]["motion"] == "HEMMELIG-FORSLAG"


def test_l4_minutes_wait_for_every_outcome(world, published):
    meeting = published()
    meeting_record_held(meeting=meeting, actor=None)
    with pytest.raises(DomainError) as exc:
        minutes_draft(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.minutes.outcomes_missing"


def test_l4_approved_minutes_are_frozen(held):
    minutes = minutes_approve(minutes=minutes_draft(meeting=held, actor=None), actor=None)
    held.refresh_from_db()
    assert held.status == "minutes_approved"
    minutes.content = {"public": {"title": "tampered"}}
    with pytest.raises(ValueError, match="frozen"):
        minutes.save()
    with pytest.raises(ConflictError) as exc:
        minutes_draft(meeting=held, actor=None)
    assert exc.value.code == "meetings.minutes.approved"


def test_l4_a_correction_is_a_new_approved_version_with_its_reason(held):
    first = minutes_approve(minutes=minutes_draft(meeting=held, actor=None), actor=None)
    with pytest.raises(DomainError):
        minutes_correct(meeting=held, reason="", actor=None)
    correction = minutes_correct(meeting=held, reason="Feil i oppmøtelisten", actor=None)
    assert correction.version == 2
    minutes_approve(minutes=correction, actor=None)
    versions = list(
        Minutes.objects.filter(meeting=held).values_list("version", "status", "correction_reason")
    )
    assert versions == [(1, "approved", ""), (2, "approved", "Feil i oppmøtelisten")]
    first.refresh_from_db()
    assert first.status == "approved"
