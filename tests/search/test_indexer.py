"""Indexing follows what the public selectors return: entries appear when content becomes
public, change with it, and go when it stops being public. Running it again writes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnerskap.agreements.models import Partnership
from partnerskap.followup.models import Proposal
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import (
    agenda_item_record_outcome,
    agenda_item_update,
    agenda_item_withdraw,
)
from partnerskap.meetings.services.lifecycle import (
    meeting_cancel,
    meeting_publish_notice,
    meeting_record_held,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from partnerskap.search.indexer import IndexResult, index_meeting, index_proposal, rebuild
from partnerskap.search.models import SearchEntry
from partnerskap.search.selectors import search
from tests.factories import PartnershipFactory
from tests.search.conftest import close, index_text

pytestmark = pytest.mark.django_db
Kind = SearchEntry.Kind


def snapshot() -> set[tuple[object, ...]]:
    return {
        (
            e.kind,
            e.object_id,
            e.partnership_id,
            e.meeting_id,
            e.date,
            e.title,
            e.body,
            e.url,
            frozenset(e.areas.values_list("pk", flat=True)),
            frozenset(e.parties.values_list("pk", flat=True)),
        )
        for e in SearchEntry.objects.all()
    }


def test_an_agenda_is_indexed_only_once_its_notice_is_published(world):
    meeting = world.meeting()
    world.item(meeting, title="Kollektivtrafikk", case_presentation="Flere avganger.")
    assert index_meeting(meeting.pk) == IndexResult()
    assert not SearchEntry.objects.exists()
    meeting_publish_notice(meeting=meeting, actor=None)
    assert index_meeting(meeting.pk).created == 1
    entry = SearchEntry.objects.get()
    assert (entry.kind, entry.year, entry.date) == (Kind.ITEM, 2022, dt.date(2022, 3, 15))
    assert entry.body == "Flere avganger."
    assert set(entry.areas.all()) == {world.areas[0]}


def test_indexing_again_writes_nothing(world, public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", "Flere avganger."), ("Skole", "Skyss."))
    before = list(SearchEntry.objects.values_list("pk", "indexed_at"))
    assert index_meeting(meeting.pk) == IndexResult()
    assert list(SearchEntry.objects.values_list("pk", "indexed_at")) == before


def test_a_changed_item_is_reindexed_in_place(world, public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", "Flere avganger."))
    item = meeting.items.get()
    entry_id = SearchEntry.objects.get().pk
    agenda_item_update(
        item=item, title="Bybane", areas=world.areas[1:2], case_presentation="Ny bane.", actor=None
    )
    assert index_meeting(meeting.pk) == IndexResult(updated=1)
    entry = SearchEntry.objects.get()
    assert (entry.pk, entry.title, entry.body) == (
        entry_id,
        f"{item.case_number} Bybane",
        "Ny bane.",
    )
    assert set(entry.areas.all()) == {world.areas[1]}
    assert search(query="kollektivtrafikk").results == []
    assert len(search(query="bybane").results) == 1


def test_an_item_closed_after_publication_keeps_only_its_neutral_title(world, public_meeting):
    meeting = public_meeting(("Omstilling i sekretariatet", "Bemanningsplan for staben."))
    item = meeting.items.get()
    close(item, public_title="Personalsak")
    index_meeting(meeting.pk)
    entry = SearchEntry.objects.get()
    assert entry.title == f"{item.case_number} Personalsak"
    assert entry.body == "kommuneloven § 11-5 andre ledd bokstav a – personalsak"
    assert not entry.areas.exists()
    assert search(query="omstilling").results == []
    assert search(query="bemanningsplan").results == []
    assert len(search(query="personalsak").results) == 1


def test_a_withdrawn_item_leaves_the_index(public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", ""), ("Skole", ""))
    agenda_item_withdraw(item=meeting.items.get(title="Skole"), actor=None)
    assert index_meeting(meeting.pk) == IndexResult(deleted=1)
    assert search(query="skole").results == []


def test_a_cancelled_meeting_s_agenda_leaves_the_index(public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", ""))
    meeting_cancel(meeting=meeting, reason="Sykdom", actor=None)
    assert index_meeting(meeting.pk) == IndexResult(deleted=1)


def test_a_draft_partnership_is_not_indexed(demo):
    rebuild()
    assert SearchEntry.objects.exists()
    Partnership.objects.update(status=Partnership.Status.DRAFT)
    result = rebuild()
    assert result.deleted > 0
    assert not SearchEntry.objects.exists()


def _hold(meeting: Meeting) -> None:
    for item in meeting.items.all():
        agenda_item_record_outcome(
            item=item,
            outcome=AgendaItem.Outcome.NOTED,
            outcome_text="Tatt til orientering.",
            actor=None,
        )
    meeting_record_held(meeting=meeting, actor=None)


def test_minutes_are_indexed_once_approved(world, public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", "Flere avganger."))
    _hold(meeting)
    minutes = minutes_draft(meeting=meeting, actor=None)
    index_meeting(meeting.pk)
    assert not SearchEntry.objects.filter(kind=Kind.MINUTES).exists()
    minutes_approve(minutes=minutes, actor=None)
    assert index_meeting(meeting.pk).created == 1
    entry = SearchEntry.objects.get(kind=Kind.MINUTES)
    assert entry.object_id == meeting.pk
    assert (
        entry.url
        == reverse(
            "portal:meeting", kwargs={"partnership": world.partnership.slug, "pk": meeting.pk}
        )
        + "#motebok"
    )
    assert "Tatt til orientering." in entry.body
    kinds = {r.kind for r in search(query="kollektivtrafikk orientering").results}
    assert kinds == {"item", "minutes"}


def test_a_proposal_is_indexed_with_its_areas_and_the_parties_it_went_to(world, bodies):
    meeting = world.meeting()
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title="Innfartsparkering")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=item, outcome=AgendaItem.Outcome.PROPOSAL, outcome_text="Foreslås", actor=None
    )
    proposal = proposal_create(
        item=item,
        title="Felles innfartsparkering",
        text="Partnerskapsmøtet foreslår flere plasser.",
        bodies=[bodies["baerum-kommunestyre"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    assert index_proposal(proposal.pk).created == 1
    assert index_proposal(proposal.pk) == IndexResult()
    entry = SearchEntry.objects.get(kind=Kind.PROPOSAL)
    assert (entry.object_id, entry.date, entry.meeting_id) == (
        proposal.pk,
        proposal.sent_on,
        meeting.pk,
    )
    assert set(entry.areas.all()) == {world.areas[0]}
    assert set(entry.parties.values_list("slug", flat=True)) == {
        "baerum-kommune",
        "asker-og-baerum-rad",
        "viken-fylkeskommune",
    }
    assert entry.url == reverse(
        "portal:proposal", kwargs={"partnership": world.partnership.slug, "pk": proposal.pk}
    )
    assert "flere plasser" in entry.body


def test_a_proposal_from_an_item_closed_later_leaves_the_index(world, bodies):
    meeting = world.meeting()
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title="Innfartsparkering")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=item, outcome=AgendaItem.Outcome.PROPOSAL, outcome_text="Foreslås", actor=None
    )
    proposal_create(
        item=item, title="Parkering", text="Tekst.", bodies=[bodies["viken-fylkesting"]], actor=None
    )
    index_meeting(meeting.pk)
    assert SearchEntry.objects.filter(kind=Kind.PROPOSAL).count() == 1
    close(item)
    index_meeting(meeting.pk)
    assert not SearchEntry.objects.filter(kind=Kind.PROPOSAL).exists()
    assert search(query="parkering").results == []


def test_rebuild_equals_indexing_each_meeting_and_proposal(demo):
    rebuild()
    everything = snapshot()
    assert {e[0] for e in everything} == {Kind.ITEM, Kind.PROPOSAL, Kind.MINUTES}
    SearchEntry.objects.all().delete()
    for meeting in Meeting.objects.all():
        index_meeting(meeting.pk)
    assert snapshot() == everything
    for proposal in Proposal.objects.all():
        assert index_proposal(proposal.pk) == IndexResult()
    assert rebuild() == IndexResult()
    assert snapshot() == everything


def test_rebuild_removes_what_is_no_longer_public_and_repairs_the_text(world, public_meeting):
    meeting = public_meeting(("Kollektivtrafikk", ""))
    SearchEntry.objects.create(
        kind=Kind.ITEM,
        object_id=999_999,
        partnership=world.partnership,
        meeting=meeting,
        year=2022,
        date=dt.date(2022, 1, 1),
        title="Foreldet",
        url="/",
    )
    assert rebuild() == IndexResult(deleted=1)
    assert len(search(query="kollektivtrafikk").results) == 1
    assert "foreldet" not in index_text()


def test_rebuilding_one_partnership_leaves_the_others_alone(world, public_meeting):
    public_meeting(("Kollektivtrafikk", ""))
    assert rebuild(PartnershipFactory()) == IndexResult()
    assert rebuild(world.partnership) == IndexResult()
    assert SearchEntry.objects.count() == 1


def test_the_reindex_command_reports_and_can_run_again(demo, capsys):
    from partnerskap.search.models import SearchEntry

    assert SearchEntry.objects.count() > 50, "the demo builds its index as it loads"
    SearchEntry.objects.all().delete()
    call_command("reindex")
    assert not re.search(r"\b0 added", capsys.readouterr().out)  # (not «80 added»)
    call_command("reindex", partnership=demo.partnership.slug)
    assert capsys.readouterr().out.strip() == "Search index: 0 added, 0 changed, 0 removed."


def test_services_keep_the_index_current_after_commit(world, jobs_after):
    """The meetings services reindex after commit: publishing makes an item findable, closing
    it afterwards removes it (L3)."""
    from partnerskap.core.models import LegalBasis
    from partnerskap.meetings.services.agenda import agenda_item_close
    from partnerskap.meetings.services.lifecycle import meeting_publish_notice
    from partnerskap.search.selectors import search
    from tests.world import oslo

    meeting = world.meeting(oslo(2023, 9, 1))
    with jobs_after():
        item = world.item(meeting, title="Sykkelparkering ved Sandvika stasjon")
    assert search(query="sykkelparkering").total == 0, "not public before the notice"
    with jobs_after():
        meeting_publish_notice(meeting=meeting, actor=None)
    assert search(query="sykkelparkering").total == 1
    meeting.status = "planned"  # reopen the agenda for the test's sake
    meeting.save(update_fields=["status"])
    with jobs_after():
        agenda_item_close(
            item=item,
            legal_basis=LegalBasis.objects.get(code="kl-11-5-3-a"),
            public_title="Lukket sak",
            actor=None,
        )
    meeting.status = "notice_published"
    meeting.save(update_fields=["status"])
    from partnerskap.search.indexer import index_meeting

    index_meeting(meeting.pk)
    assert search(query="sykkelparkering").total == 0
