"""The view across partnerships (issue 17, point 5): a county with several partnerships (and a
council with partnerships in more than one county) sees their upcoming meetings, their
warnings and the follow-ups its bodies owe, filtered and paged, in a constant number of
queries; only the party's secretariat and case officers see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.backoffice.overview import (
    WorkFilters,
    bodies_of_parties,
    flags_of,
    partnerships_of_parties,
    work_list,
)
from partnerskap.backoffice.selectors import boards_for
from partnerskap.backoffice.views import overview as overview_view
from partnerskap.followup.models import AWAITING_STATUSES, FollowUp
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_add, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from partnerskap.people import policy
from partnerskap.people.models import Role
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    CooperationAreaFactory,
    ElectedBodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PartyFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/sekretariat/oversikt/"


@dataclass
class Built:
    partnership: Partnership
    council: Party
    council_body: ElectedBody
    upcoming: Meeting
    #: The proposal's title; its follow-ups go to the county's body and the council's.
    proposal: str


def _partnership(
    county: Party, county_body: ElectedBody, n: int, *, sent_days_ago: int = 400, **kw
) -> Built:
    """A partnership of a new council with ``county``: an upcoming meeting, and a proposal
    sent ``sent_days_ago`` to the county's body and the council's (overdue by default)."""
    council = kw.pop("council", None) or PartyFactory()
    partnership = PartnershipFactory(
        parties=[council, county],
        period_start=dt.date(2020, 1, 1),
        period_end=kw.pop("period_end", dt.date(2040, 12, 31)),
        name=f"Partnerskap {n:02d} <b>«x»</b>",
    )
    version = AgreementVersionFactory(part=AgreementFactory(partnership=partnership).special_part)
    area = CooperationAreaFactory(introduced_in=version)
    council_body = kw.pop("council_body", None) or ElectedBodyFactory(party=council)
    now = timezone.now()
    upcoming = meeting_create(
        partnership=partnership,
        title=f"Neste møte {n:02d}",
        starts_at=now + dt.timedelta(days=10 + n),
        ends_at=now + dt.timedelta(days=10 + n, hours=3),
        actor=None,
    )
    title = f"Forslag {n:02d} <script>x</script>"
    if sent_days_ago is not None:
        meeting = meeting_create(
            partnership=partnership,
            title=f"Møte med forslag {n:02d}",
            starts_at=now + dt.timedelta(days=200 + n),
            ends_at=now + dt.timedelta(days=200 + n, hours=3),
            form=Meeting.Form.REMOTE,
            actor=None,
        )
        item = agenda_item_add(
            meeting=meeting, kind=AgendaItem.Kind.PROPOSAL, title="Sak", areas=[area], actor=None
        )
        meeting_publish_notice(meeting=meeting, actor=None)
        agenda_item_record_outcome(item=item, outcome="proposal", actor=None)
        proposal_create(
            item=item,
            title=title,
            text="Tekst",
            bodies=[county_body, council_body, *kw.pop("bodies", [])],
            sent_on=now.date() - dt.timedelta(days=sent_days_ago),
            actor=None,
        )
    return Built(partnership, council, council_body, upcoming, title)


def _user(party: Party, role: str = Role.SECRETARIAT, name: str = ""):
    user = UserFactory(username=name or None) if name else UserFactory()
    MembershipFactory(person=PersonFactory(user=user), party=party, role=role)
    return user


@pytest.fixture
def county() -> Party:
    return PartyFactory(county=True, name="Fylke <i>«Ø»</i>", slug="fylke")


@pytest.fixture
def fylkesting(county) -> ElectedBody:
    return ElectedBodyFactory(
        party=county, kind=ElectedBody.Kind.COUNTY_COUNCIL, name="Fylkesting «Ø»"
    )


def _queries(client, url: str = URL) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_overview_queries_are_the_same_at_two_and_six_partnerships(client, county, fylkesting):
    client.force_login(_user(county))
    for n in range(2):
        _partnership(county, fylkesting, n)
    two = _queries(client)
    for n in range(2, 6):
        _partnership(county, fylkesting, n)
    assert _queries(client) == two
    html = client.get(URL).content.decode()
    for n in range(6):
        assert f"Neste møte {n:02d}" in html
        assert f"Forslag {n:02d} &lt;script&gt;" in html
    assert "<script>x</script>" not in html


def test_the_work_list_reads_an_index_of_what_bodies_still_owe():
    """A county's work list and overdue counts filter by its bodies and the awaiting statuses
    and sort by the date expected: a partial index on exactly that keeps them reading only what
    is still owed (on the national bench data the bodies' every follow-up intersected with
    every awaiting one was ~16,000 index entries for 121 rows)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, FollowUp._meta.db_table)
    index = found["follow_up_awaiting_body_idx"]
    assert index["index"]
    assert index["columns"] == ["elected_body_id", "expected_by"]
    (model_index,) = [i for i in FollowUp._meta.indexes if i.name == "follow_up_awaiting_body_idx"]
    assert model_index.condition == Q(status__in=list(AWAITING_STATUSES))


def test_the_work_list_puts_overdue_first_and_filters(county, fylkesting):
    user = _user(county)
    late = _partnership(county, fylkesting, 1, sent_days_ago=400)
    fresh = _partnership(county, fylkesting, 2, sent_days_ago=0)
    rows = partnerships_of_parties(parties=[county.pk])
    bodies = [b.pk for b in bodies_of_parties(parties=[county.pk], user=user)]
    assert bodies == [fylkesting.pk]  # not the councils' bodies: the county does not answer them

    everything = list(work_list(partnerships=list(rows), bodies=bodies, filters=WorkFilters()))
    assert [f.proposal.title for f in everything] == [late.proposal, fresh.proposal]
    assert [bool(f.overdue) for f in everything] == [True, False]

    overdue = work_list(
        partnerships=list(rows), bodies=bodies, filters=WorkFilters(overdue_only=True)
    )
    assert [f.proposal.title for f in overdue] == [late.proposal]

    one = work_list(partnerships=[fresh.partnership], bodies=bodies, filters=WorkFilters())
    assert [f.proposal.title for f in one] == [fresh.proposal]

    followup_record(
        follow_up=FollowUp.objects.get(proposal__title=fresh.proposal, elected_body=fylkesting),
        status=FollowUp.Status.RECEIVED,
        on=timezone.localdate(),
        actor=None,
    )
    received = work_list(
        partnerships=list(rows), bodies=bodies, filters=WorkFilters(status="received")
    )
    assert [f.proposal.title for f in received] == [fresh.proposal]
    other_body = ElectedBodyFactory(party=county)
    assert not work_list(
        partnerships=list(rows), bodies=bodies, filters=WorkFilters(body=other_body.pk)
    ).exists()


def test_a18_concluded_partnerships_are_left_out_unless_asked_for(county, fylkesting):
    ended = _partnership(county, fylkesting, 1, period_end=dt.date(2024, 12, 31))
    running = _partnership(county, fylkesting, 2)
    assert list(partnerships_of_parties(parties=[county.pk])) == [running.partnership]
    both = partnerships_of_parties(parties=[county.pk], concluded=True)
    assert set(both) == {ended.partnership, running.partnership}
    flags = {f.partnership.pk: f for f in flags_of(partnerships=list(both), bodies=[fylkesting.pk])}
    assert flags[ended.partnership.pk].concluded
    assert flags[ended.partnership.pk].warnings == []  # nothing more is planned in it
    assert flags[ended.partnership.pk].overdue == 1


def test_a4_warnings_per_partnership_are_the_dashboards(county, fylkesting):
    built = _partnership(county, fylkesting, 1, sent_days_ago=None)
    (flags,) = flags_of(partnerships=[built.partnership], bodies=[fylkesting.pk])
    (board,) = boards_for(Partnership.objects.filter(pk=built.partnership.pk), user=AnonymousUser())
    # No adopted annual cycle this year and fewer than two meetings: the dashboard's words.
    assert flags.warnings
    assert flags.warnings == board.warnings


def test_a_council_with_partnerships_in_two_counties_sees_both_and_its_municipalities(client):
    council = PartyFactory(name="Rådet «Å»")
    council_body = ElectedBodyFactory(party=council)
    town = PartyFactory(municipality=True, council=council)
    town_council = ElectedBodyFactory(party=town, name="Kommunestyre «B»")
    counties = [PartyFactory(county=True), PartyFactory(county=True)]
    built = [
        _partnership(
            c,
            ElectedBodyFactory(party=c),
            n,
            council=council,
            council_body=council_body,
            bodies=[town_council],
        )
        for n, c in enumerate(counties)
    ]
    user = _user(council)
    assert list(policy.parties_overseen(user)) == [council]
    rows = list(partnerships_of_parties(parties=[council.pk]))
    assert set(rows) == {b.partnership for b in built}
    bodies = [b.pk for b in bodies_of_parties(parties=[council.pk], user=user)]
    assert set(bodies) == {council_body.pk, town_council.pk}
    work = work_list(partnerships=rows, bodies=bodies, filters=WorkFilters())
    assert sorted((f.proposal.title, f.elected_body_id) for f in work) == sorted(
        (b.proposal, body) for b in built for body in (council_body.pk, town_council.pk)
    )
    # The town's own case officer answers only for the town's council.
    officer = _user(town, Role.CASE_OFFICER)
    assert [b.pk for b in bodies_of_parties(parties=[council.pk], user=officer)] == [
        town_council.pk
    ]
    client.force_login(user)
    html = client.get(URL + f"?organ={town_council.slug}").content.decode()
    assert html.count("Kommunestyre «B»") >= 2
    assert "Neste møte 00" in html
    assert "Neste møte 01" in html


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.SECRETARIAT, True),
        (Role.CASE_OFFICER, True),
        (Role.MEMBER, False),
        (Role.CHAIR, False),
    ],
)
def test_who_sees_the_view_across_partnerships(client, county, fylkesting, role, sees):
    _partnership(county, fylkesting, 1)
    user = _user(county, role)
    assert policy.can_see_overview(user) is sees
    client.force_login(user)
    assert client.get(URL).status_code == (200 if sees else 403)
    dashboard = client.get("/sekretariat/").content.decode()
    assert ('href="/sekretariat/oversikt/"' in dashboard) is sees


def test_a_party_without_partnerships_has_no_view(county):
    assert not policy.can_see_overview(_user(county))


def test_another_party_sees_nothing_of_this_countys_work(client, county, fylkesting):
    built = _partnership(county, fylkesting, 1)
    other = PartyFactory(county=True)
    _partnership(other, ElectedBodyFactory(party=other), 2, sent_days_ago=None)
    client.force_login(_user(other))
    html = client.get(URL).content.decode()
    assert "Neste møte 02" in html
    assert built.proposal.split(" <")[0] not in html
    assert "Neste møte 01" not in html
    # Asking for the county by name changes nothing: the choice is among the user's parties.
    assert "Neste møte 01" not in client.get(URL + f"?part={county.slug}").content.decode()


def test_the_page_pages_the_work_list(client, county, fylkesting, monkeypatch):
    monkeypatch.setattr(overview_view, "PER_PAGE", 2)
    client.force_login(_user(county))
    for n in range(3):
        _partnership(county, fylkesting, n, sent_days_ago=400 - n)
    first = client.get(URL).content.decode()
    second = client.get(URL + "?side=2").content.decode()
    assert "Forslag 00" in first
    assert "Forslag 01" in first
    assert "Forslag 02" not in first
    assert "Forslag 02" in second
    assert "side=2" in first
    assert _queries(client, URL + "?side=2") == _queries(client)


def test_the_page_filters_by_partnership_and_overdue(client, county, fylkesting):
    client.force_login(_user(county))
    one = _partnership(county, fylkesting, 1)
    _partnership(county, fylkesting, 2, sent_days_ago=0)
    html = client.get(URL + f"?partnerskap={one.partnership.slug}").content.decode()
    assert "Neste møte 01" in html
    assert "Neste møte 02" not in html
    html = client.get(URL + "?forfalt=1").content.decode()
    assert "Forslag 01" in html
    assert "Forslag 02" not in html
    assert 'id="f-forfalt" name="forfalt" value="1" checked' in html


def test_a18_a_carried_over_follow_up_is_worked_under_the_renewal(client, county, fylkesting):
    """An open proposal carried over from an ended partnership into its renewal stays on the
    county's work list, under the renewal (shown with where it came from), counted overdue
    there and no longer under the ended one."""
    from partnerskap.followup.models import Proposal

    ended = _partnership(county, fylkesting, 1, period_end=dt.date(2024, 12, 31))
    renewal = _partnership(county, fylkesting, 2, sent_days_ago=None, council=ended.council)
    Proposal.objects.filter(title=ended.proposal).update(carried_over_to=renewal.partnership)
    user = _user(county)
    bodies = [fylkesting.pk]
    running = list(partnerships_of_parties(parties=[county.pk]))
    assert running == [renewal.partnership]
    listed = work_list(partnerships=running, bodies=bodies, filters=WorkFilters())
    assert [f.proposal.title for f in listed] == [ended.proposal]
    flags = {f.partnership.pk: f.overdue for f in flags_of(partnerships=running, bodies=bodies)}
    assert flags == {renewal.partnership.pk: 1}
    old = flags_of(partnerships=[ended.partnership], bodies=bodies)
    assert [f.overdue for f in old] == [0]
    assert not work_list(partnerships=[ended.partnership], bodies=bodies, filters=WorkFilters())

    client.force_login(user)
    html = client.get(URL).content.decode()
    row = html[html.index('id="arbeid"') :]
    assert "Forslag 01 &lt;script&gt;" in row
    assert "Partnerskap 02 &lt;b&gt;" in row
    assert "Partnerskap 01 &lt;b&gt;" in row, "where it came from"
