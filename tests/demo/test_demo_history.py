"""The demo's meeting history 2020–2024: every rule the meetings app enforces shows up in it,
and every meeting runs from notice to approved minutes in the past."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.agreements.selectors import areas_current
from partnerskap.core.time import local
from partnerskap.meetings.models import (
    Absence,
    AgendaItem,
    Attendance,
    ClosedSession,
    GuestInvitation,
    Meeting,
    Minutes,
)
from partnerskap.meetings.selectors import (
    HELD,
    agenda_public,
    annual_cycle_in_force,
    compliance_for_years,
    meeting_requests_open,
)

pytestmark = pytest.mark.django_db
YEARS = range(2020, 2025)
AFTER_THE_PERIOD = dt.date(2025, 1, 15)
COUNCIL, VIKEN = "asker-og-baerum-rad", "viken-fylkeskommune"
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome
Subject = AgendaItem.ProceduralSubject


def held(demo) -> list[Meeting]:
    return list(
        Meeting.objects.filter(partnership=demo.partnership, status__in=HELD)
        .select_related("notice", "chaired_by", "location", "requested_by__requesting_party")
        .order_by("starts_at")
    )


def approved_minutes(meeting: Meeting) -> Minutes:
    return meeting.minutes.get(status=Minutes.Status.APPROVED)


def test_a4_every_year_has_at_least_two_held_meetings_and_no_warning(demo):
    years = compliance_for_years(partnership=demo.partnership, today=AFTER_THE_PERIOD)
    assert [y.year for y in years] == list(YEARS)
    for year in years:
        assert year.held >= 2, year
        assert year.compliant, year
        assert year.cycle_adopted, year
        assert year.warnings == [], year


def test_a12_each_years_cycle_is_adopted_at_that_years_first_meeting(demo):
    meetings = held(demo)
    for year in YEARS:
        first = next(m for m in meetings if m.date.year == year)
        cycle = annual_cycle_in_force(partnership=demo.partnership, year=year)
        assert cycle is not None, year
        item = cycle.adopted_by
        assert (item.kind, item.procedural_subject, item.outcome) == (
            Kind.PROCEDURAL,
            AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
            Outcome.PROCEDURAL,
        )
        assert item.meeting == first
        assert cycle.adopted_on == first.date
        kinds = {entry.kind for entry in cycle.entries.all()}
        assert kinds == {"meeting", "milestone"}
        assert cycle.entries.get(meeting=first).date == first.date


def test_a5_2022_has_a_third_meeting_convened_for_vikens_request(demo):
    meetings_2022 = [m for m in held(demo) if m.date.year == 2022]
    assert len(meetings_2022) == 3
    (requested,) = [m for m in meetings_2022 if m.requested_by is not None]
    request = requested.requested_by
    assert request.requesting_party.slug == VIKEN
    assert request.reason
    assert request.requested_on < requested.date
    assert Meeting.objects.filter(requested_by__isnull=False).count() == 1
    assert not meeting_requests_open(partnership=demo.partnership).exists()
    ordinary = annual_cycle_in_force(partnership=demo.partnership, year=2022).entries
    assert not ordinary.filter(date=requested.date).exists(), "an extra meeting is not planned"


def test_l1_every_meeting_has_a_notice_published_before_it_one_of_them_late(demo):
    meetings = held(demo)
    for meeting in meetings:
        assert meeting.notice.published_at < meeting.starts_at
    late = [m for m in meetings if m.notice.is_late]
    assert late == [m for m in meetings if m.requested_by is not None]
    assert late[0].notice.message, "the late notice says why"
    public = approved_minutes(late[0]).content["public"]["notice"]
    assert public["late"] is True


def test_a8_deputy_chairs_when_the_chair_registered_absence(demo):
    meetings = held(demo)
    deputy = [m for m in meetings if m.chair_reason == Meeting.ChairReason.DEPUTY]
    assert deputy
    for meeting in deputy:
        assert str(meeting.chaired_by) == "Torbjørn Lindeberg"
        assert Absence.objects.filter(
            meeting=meeting, person__family_name="Aasheim", reason__gt=""
        ).exists()
        chair = approved_minutes(meeting).content["public"]["chair"]
        assert chair == {"name": "Torbjørn Lindeberg", "reason": "deputy"}
    for meeting in meetings:
        if meeting not in deputy:
            assert (str(meeting.chaired_by), meeting.chair_reason) == ("Sigrid Aasheim", "chair")


def test_l7_substitutes_attend_for_absent_members_of_their_own_party(demo):
    substitutes = Attendance.objects.filter(capacity=Attendance.Capacity.SUBSTITUTE)
    assert {s.party.slug for s in substitutes} == {COUNCIL, VIKEN}
    for substitute in substitutes.select_related("substitute_for", "party", "meeting"):
        absence = Absence.objects.get(meeting=substitute.meeting, person=substitute.substitute_for)
        assert absence.party == substitute.party
        assert absence.reason
        assert substitute.present is True
        attended = approved_minutes(substitute.meeting).content["public"]["attended"]
        assert any(a["substitute_for"] == str(substitute.substitute_for) for a in attended)


def test_l7_attendance_is_recorded_for_every_held_meeting(demo):
    for meeting in held(demo):
        attended = meeting.attendances.filter(present=True)
        assert attended.count() >= 4, meeting
        assert not attended.filter(person__in=meeting.absences.values("person")).exists()


def test_l3_closed_item_shows_only_its_neutral_title_in_public(demo):
    (closed,) = ClosedSession.objects.select_related("item__meeting", "legal_basis")
    item = closed.item
    assert closed.legal_basis.code in {"kl-11-5-3-a", "kl-11-5-2-a"}
    assert closed.decision
    assert item.meeting.form == Meeting.Form.IN_PERSON
    public = agenda_public(meeting=item.meeting)
    (shown,) = [p for p in public if p.pk == item.pk]
    assert (shown.title, shown.closed) == (closed.public_title, True)
    assert shown.legal_basis == closed.legal_basis.label
    assert (shown.case_presentation, shown.recommendation, shown.outcome_text) == ("", "", "")
    assert item.title not in repr(public)
    minutes = approved_minutes(item.meeting).content
    assert item.title not in repr(minutes["public"])
    assert minutes["internal"][item.case_number]["title"] == item.title


def test_l5_the_remote_meeting_in_2020_has_no_mandatory_closed_item(demo):
    (remote,) = [m for m in held(demo) if m.form == Meeting.Form.REMOTE]
    assert remote.date.year == 2020
    assert remote.location.name == "Teams"
    assert not ClosedSession.objects.filter(
        item__meeting=remote, legal_basis__mandatory=True
    ).exists()


def test_a13_guests_are_announced_to_the_other_party_some_late(demo):
    guests = list(GuestInvitation.objects.select_related("meeting", "inviting_party"))
    late = [g for g in guests if g.notice_is_late]
    timely = [g for g in guests if not g.notice_is_late]
    assert late
    assert timely
    assert {g.inviting_party.slug for g in guests} == {COUNCIL, VIKEN}
    for guest in guests:
        assert guest.notified_other_party_at < guest.meeting.starts_at
        (listed,) = [
            g
            for g in approved_minutes(guest.meeting).content["public"]["guests"]
            if g["name"] == guest.guest_name
        ]
        assert listed["late_notice"] is guest.notice_is_late


def test_a3_a2_items_cover_all_seven_areas_and_most_carry_sdgs(demo):
    items = AgendaItem.objects.filter(partnership=demo.partnership)
    used = set(items.values_list("areas__slug", flat=True))
    areas = set(areas_current(partnership=demo.partnership).values_list("slug", flat=True))
    assert len(areas) == 7
    assert areas <= used
    with_sdgs = items.filter(sdgs__isnull=False).distinct().count()
    assert with_sdgs >= 0.75 * items.count()


def test_a9_outcomes_fit_their_kind_and_proposals_go_to_the_parties_bodies(demo):
    items = AgendaItem.objects.filter(partnership=demo.partnership)
    assert set(items.values_list("kind", flat=True)) == set(Kind.values)
    for item in items:
        assert item.title
        assert item.case_presentation
        assert item.recommendation
        if item.kind == Kind.PROPOSAL:
            assert item.outcome == Outcome.PROPOSAL
            assert item.outcome_text.startswith(
                "Partnerskapsmøtet foreslår for Asker og Bærum kommunestyrer og "
            )
            assert "Viken fylkesting" in item.outcome_text or (
                "Akershus fylkesting" in item.outcome_text
            )
        elif item.kind == Kind.PROCEDURAL:
            assert item.outcome == Outcome.PROCEDURAL
            # The year's annual cycle (A12), or a temporary committee (A11).
            assert item.procedural_subject in {Subject.ANNUAL_CYCLE, Subject.COMMITTEE}
        else:
            assert item.outcome == Outcome.NOTED


def test_l4_votes_on_proposals_are_in_the_minutes(demo):
    voted = AgendaItem.objects.filter(votes__isnull=False).distinct()
    assert voted.exists()
    assert set(voted.values_list("kind", flat=True)) == {Kind.PROPOSAL}
    choices = set(voted.values_list("votes__choice", flat=True))
    assert {"for", "abstain"} <= choices
    for item in voted:
        (entry,) = [
            i
            for i in approved_minutes(item.meeting).content["public"]["items"]
            if i["case_number"] == item.case_number
        ]
        assert len(entry["votes"]) == item.votes.count()


def test_l4_every_held_meeting_has_approved_minutes_in_the_past(demo):
    for meeting in held(demo):
        assert meeting.status == Meeting.Status.MINUTES_APPROVED
        minutes = approved_minutes(meeting)
        assert meeting.minutes.count() == 1
        assert meeting.held_at == meeting.ends_at
        assert meeting.ends_at < minutes.approved_at
        assert local(minutes.approved_at).date() <= meeting.date + dt.timedelta(days=14)
        assert local(minutes.approved_at).date() < AFTER_THE_PERIOD
        items = meeting.items.filter(withdrawn=False).count()
        assert len(minutes.content["public"]["items"]) == items
