"""Temporary committees in the back office (A11): set up only under the meeting's procedural
decision, with mandate and composition; reports and dissolution recorded; the list flags those
past their end without a report. A committee set up in closed session stays with those who may
read exempt content (L3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import Party
from partnerskap.agreements.selectors import areas_current
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.committees.services import (
    Member,
    committee_dissolve,
    committee_establish,
    committee_report,
)
from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import AgendaItem, Location
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.people.models import Person
from tests.factories import UserFactory
from tests.world import World, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_period(request):
    """Inside the 2020–2024 period: a concluded partnership is read-only (A18,
    tests/backoffice/test_concluded.py), and these tests change it. The whole demo is loaded
    first, at today's date, as ``make run`` loads it."""
    if "demo" in request.fixturenames:
        request.getfixturevalue("demo")
    with time_machine.travel(oslo(2024, 12, 20, 9), tick=True):
        yield


CREATE = "/sekretariat/utvalg/ny/"


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def decision(
    world, day: dt.datetime, *, decided: bool = True, n: int = 1, closed: bool = False
) -> list[AgendaItem]:
    """``n`` procedural items about a committee at one meeting with its notice published."""
    meeting = world.meeting(day)
    items = [
        world.item(
            meeting,
            kind=AgendaItem.Kind.PROCEDURAL,
            procedural_subject="committee",
            title=f"Utvalg <b>{i}</b> for «skoleskyss»",
        )
        for i in range(n)
    ]
    if closed:
        agenda_item_close(
            item=items[0],
            legal_basis=LegalBasis.objects.filter(applies_to="meeting", active=True).first(),
            public_title="Unntatt sak",
            actor=None,
        )
    meeting_publish_notice(meeting=meeting, actor=None)
    if decided:
        for item in items:
            agenda_item_record_outcome(item=item, outcome="procedural", actor=None)
    for item in items:
        item.refresh_from_db()
    return items


def establish(world, item: AgendaItem, name: str = "Skoleskyssutvalget", **kwargs) -> Committee:
    defaults = {
        "task": "Kartlegge skoleskyss",
        "mandate": "Utvalget skal <script>x</script> kartlegge",
        "starts_on": item.meeting.date,
        "ends_on": item.meeting.date + dt.timedelta(days=90),
        "members": [Member(world.people["Eikeland"], world.council, "leader")],
        "areas": world.areas[:1],
    }
    defaults.update(kwargs)
    return committee_establish(item=item, name=name, actor=None, **defaults)


def members_data(*rows: tuple[str, str]) -> dict[str, str]:
    data = {
        "members-TOTAL_FORMS": "6",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for i in range(6):
        member, role = rows[i] if i < len(rows) else ("", "member")
        data[f"members-{i}-member"] = member
        data[f"members-{i}-role"] = role
    return data | outside_data()


def outside_data(*rows: tuple[str, str, str, str]) -> dict[str, str]:
    """The rows for members from outside the parties' roles: (given, family, organisation,
    sits for)."""
    data = {
        "outside-TOTAL_FORMS": "2",
        "outside-INITIAL_FORMS": "0",
        "outside-MIN_NUM_FORMS": "0",
        "outside-MAX_NUM_FORMS": "1000",
    }
    for i in range(2):
        given, family, organisation, sits_for = (
            rows[i] if i < len(rows) else ("", "", "", "external")
        )
        data |= {
            f"outside-{i}-given_name": given,
            f"outside-{i}-family_name": family,
            f"outside-{i}-organisation": organisation,
            f"outside-{i}-sits_for": sits_for,
            f"outside-{i}-role": "member",
        }
    return data


def form_data(world, item: AgendaItem, *rows: tuple[str, str], **extra) -> dict:
    data = {
        "item": item.pk,
        "name": "Utvalg for «skoleskyss» <b>og</b> elevdata",
        "task": "Kartlegge systemene",
        "mandate": "Utvalget skal foreslå felles løsninger.",
        "starts_on": "2024-03-12",
        "ends_on": "2024-06-30",
        "areas": [world.areas[0].pk],
        **members_data(*rows),
    }
    data.update(extra)
    return data


def key(person: Person, party: Party) -> str:
    return f"{person.pk}:{party.pk}"


def test_a11_the_secretariat_sets_up_a_committee_under_the_procedural_decision(client, world):
    (item,) = decision(world, oslo(2024, 3, 12))
    login(client, "sekretariat-radet")
    page = client.get(CREATE)
    assert page.status_code == 200
    assert f'<option value="{item.pk}">' in page.content.decode()
    eikeland = world.people["Eikeland"]
    fjeldstad = world.people["Fjeldstad"]
    response = client.post(
        CREATE,
        form_data(
            world,
            item,
            (key(eikeland, world.council), "leader"),
            (key(fjeldstad, world.county), "member"),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    committee = Committee.objects.get(established_by=item)
    assert response["Location"] == f"/sekretariat/utvalg/{committee.pk}/"
    assert committee.name == "Utvalg for «skoleskyss» <b>og</b> elevdata"
    assert set(committee.members.values_list("person__family_name", "party", "role")) == {
        ("Eikeland", world.council.pk, "leader"),
        ("Fjeldstad", world.county.pk, "member"),
    }
    assert list(committee.areas.all()) == [world.areas[0]]
    html = client.get(response["Location"]).content.decode()
    assert "Utvalg for «skoleskyss» &lt;b&gt;og&lt;/b&gt; elevdata" in html
    assert item.case_number in html
    assert f'href="/sekretariat/moter/{item.meeting_id}/"' in html, "the decision is linked"
    assert "Utvalget ble opprettet under sak" in html, "the history panel, in words"
    assert "Eikeland" in html
    assert "Fjeldstad" in html


def test_a11_the_meeting_puts_an_external_expert_on_the_committee(client, world):
    (item,) = decision(world, oslo(2024, 3, 12))
    login(client, "sekretariat-radet")
    eikeland = world.people["Eikeland"]
    data = form_data(world, item, (key(eikeland, world.council), "leader"))
    data |= outside_data(
        ("Kari", "Fjellheim", "NIBIO «klima»", "external"),
        ("Per", "Lund", "Asker kommunestyre", str(world.council.pk)),
    )
    response = client.post(CREATE, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    committee = Committee.objects.get(established_by=item)
    assert set(committee.members.values_list("person__family_name", "party", "organisation")) == {
        ("Eikeland", world.council.pk, ""),
        ("Fjellheim", None, "NIBIO «klima»"),
        ("Lund", world.council.pk, "Asker kommunestyre"),
    }
    html = client.get(response["Location"]).content.decode()
    assert "Kari Fjellheim" in html
    assert "NIBIO «klima»" in html
    # A half-filled row is refused next to the missing name, and nothing is written.
    (other,) = decision(world, oslo(2024, 4, 12))
    half = form_data(world, other, (key(eikeland, world.council), "leader"))
    half |= outside_data(("Kari", "", "", "external"))
    refused = client.post(CREATE, half)
    assert refused.status_code == 400
    assert "Oppgi både fornavn og etternavn." in refused.content.decode()
    assert not Committee.objects.filter(established_by=other).exists()


def test_a11_without_a_procedural_decision_the_error_is_next_to_the_item(client, world):
    (item,) = decision(world, oslo(2024, 3, 12), decided=False)
    login(client, "sekretariat-radet")
    eikeland = world.people["Eikeland"]
    response = client.post(CREATE, form_data(world, item, (key(eikeland, world.council), "leader")))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_item_err"' in html
    assert 'value="Utvalg for «skoleskyss» &lt;b&gt;og&lt;/b&gt; elevdata"' in html, "kept"
    assert not Committee.objects.exists()


def test_a11_the_meeting_decides_the_composition(client, world):
    (item,) = decision(world, oslo(2024, 3, 12))
    login(client, "sekretariat-radet")
    none = client.post(CREATE, form_data(world, item))
    assert none.status_code == 400
    assert 'id="members-err"' in none.content.decode()
    eikeland = world.people["Eikeland"]
    twice = client.post(
        CREATE,
        form_data(
            world,
            item,
            (key(eikeland, world.council), "leader"),
            (key(eikeland, world.council), "member"),
        ),
    )
    assert twice.status_code == 400
    assert 'id="members-err"' in twice.content.decode()
    backwards = client.post(
        CREATE,
        form_data(world, item, (key(eikeland, world.council), "leader"), ends_on="2024-01-01"),
    )
    assert backwards.status_code == 400
    assert 'id="id_ends_on_err"' in backwards.content.decode()
    no_area = client.post(
        CREATE, form_data(world, item, (key(eikeland, world.council), "leader"), areas=[])
    )
    assert no_area.status_code == 400
    assert 'id="id_areas_err"' in no_area.content.decode()
    assert not Committee.objects.exists()


def test_a11_a_report_is_recorded_and_the_overdue_flag_goes(client, world):
    (decided,) = decision(world, oslo(2024, 3, 12))
    committee = establish(world, decided, ends_on=dt.date(2024, 6, 30))
    (report_item,) = decision(world, oslo(2024, 9, 10))
    login(client, "sekretariat-radet")
    listing = client.get("/sekretariat/utvalg/?status=overdue").content.decode()
    assert f'href="/sekretariat/utvalg/{committee.pk}/"' in listing
    assert "badge-warning" in listing
    response = client.post(
        f"/sekretariat/utvalg/{committee.pk}/rapport/",
        {"report-item": report_item.pk, "report-summary": "Seks forslag", "report-is_final": "on"},
    )
    assert response.status_code == 302
    report = committee.reports.get()
    assert (report.item, report.summary, report.is_final) == (report_item, "Seks forslag", True)
    listing = client.get("/sekretariat/utvalg/?status=overdue").content.decode()
    assert f'href="/sekretariat/utvalg/{committee.pk}/"' not in listing
    assert "Seks forslag" in client.get(f"/sekretariat/utvalg/{committee.pk}/").content.decode()


def test_a11_a_report_before_the_committee_started_is_refused(client, world):
    (early,) = decision(world, oslo(2024, 1, 10))
    (decided,) = decision(world, oslo(2024, 3, 12))
    committee = establish(world, decided)
    login(client, "sekretariat-radet")
    response = client.post(
        f"/sekretariat/utvalg/{committee.pk}/rapport/", {"report-item": early.pk}
    )
    assert response.status_code == 400
    assert 'id="id_report-item_err"' in response.content.decode()
    assert not committee.reports.exists()


def test_a11_dissolving_before_the_end_needs_the_meetings_decision(client, world):
    decided, dissolving = decision(world, oslo(2024, 3, 12), n=2)
    committee = establish(world, decided, ends_on=dt.date(2024, 12, 31))
    login(client, "sekretariat-radet")
    url = f"/sekretariat/utvalg/{committee.pk}/opplos/"
    refused = client.post(url, {"dissolve-on": "2024-05-01"})
    assert refused.status_code == 400
    assert "ds-validation-message" in refused.content.decode()
    committee.refresh_from_db()
    assert committee.dissolved_on is None
    done = client.post(url, {"dissolve-on": "2024-05-01", "dissolve-item": dissolving.pk})
    assert done.status_code == 302
    committee.refresh_from_db()
    assert (committee.dissolved_on, committee.dissolved_by) == (dt.date(2024, 5, 1), dissolving)
    again = client.post(url, {"dissolve-on": "2025-01-10"})
    assert again.status_code == 409
    html = client.get(f"/sekretariat/utvalg/{committee.pk}/").content.decode()
    assert "Utvalget ble oppløst fra" in html
    assert f'action="{url}"' not in html, "no dissolve form once dissolved"


def test_the_list_filters_by_status_and_partnership_and_pages(client, world):
    items = decision(world, oslo(2024, 3, 12), n=27)
    for i, item in enumerate(items[:26]):
        establish(world, item, name=f"Utvalg {i:02d}", ends_on=dt.date(2030, 1, 1))
    ended = establish(world, items[26], name="Ferdig utvalg", ends_on=dt.date(2024, 4, 1))
    login(client, "sekretariat-radet")
    first = client.get("/sekretariat/utvalg/").content.decode()
    assert len(re.findall(r'href="/sekretariat/utvalg/\d+/"', first)) == 25
    assert "side=2" in first
    active = client.get("/sekretariat/utvalg/?status=active&side=2").content.decode()
    assert "Ferdig utvalg" not in active
    ended_page = client.get("/sekretariat/utvalg/?status=ended").content.decode()
    assert f'href="/sekretariat/utvalg/{ended.pk}/"' in ended_page
    assert "Utvalg 00" not in ended_page
    slug = world.partnership.slug
    assert (
        "Ferdig utvalg"
        in client.get(f"/sekretariat/utvalg/?partnerskap={slug}&status=ended").content.decode()
    )
    assert (
        "Ferdig utvalg" not in client.get("/sekretariat/utvalg/?partnerskap=ingen").content.decode()
    )


def test_l3_a_committee_set_up_in_closed_session_is_hidden_from_those_without_exempt_access(
    client, world
):
    (item,) = decision(world, oslo(2024, 3, 12), closed=True)
    committee = establish(world, item, name="Hemmelig utvalg")
    login(client, "saksbehandler-baerum")  # a case officer: sees the partnership, not exempt
    assert "Hemmelig utvalg" not in client.get("/sekretariat/utvalg/").content.decode()
    assert client.get(f"/sekretariat/utvalg/{committee.pk}/").status_code == 404
    login(client, "medlem")
    assert "Hemmelig utvalg" in client.get("/sekretariat/utvalg/").content.decode()
    assert client.get(f"/sekretariat/utvalg/{committee.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("username", "reads", "edits"),
    [
        ("admin", True, True),
        ("sekretariat-radet", True, True),
        ("sekretariat-viken", False, False),  # Viken ended 31.12.2023
        ("leder", True, False),
        ("medlem", True, False),
        ("saksbehandler-baerum", True, False),
        ("outsider", False, False),
    ],
)
def test_a11_permission_matrix(client, world, username, reads, edits):
    if username == "outsider":
        UserFactory(username="outsider")
    decided, report_item = decision(world, oslo(2024, 3, 12), n=2)
    committee = establish(world, decided)
    login(client, username)
    detail = client.get(f"/sekretariat/utvalg/{committee.pk}/")
    assert detail.status_code == (200 if reads else 404)
    if reads:
        assert ('method="post" action="/sekretariat/utvalg/' in detail.content.decode()) is edits
    assert client.get(CREATE).status_code == (200 if edits else 403)
    response = client.post(
        f"/sekretariat/utvalg/{committee.pk}/rapport/", {"report-item": report_item.pk}
    )
    if edits:
        assert response.status_code == 302
        assert committee.reports.count() == 1
    else:
        assert response.status_code in (403, 404)
        assert not committee.reports.exists()


def test_committee_pages_keep_a_constant_number_of_queries(client, demo):
    partnership = demo.partnership
    council = Party.objects.get(slug="asker-og-baerum-rad")
    county = Party.objects.get(slug="viken-fylkeskommune")
    world = World(
        partnership=partnership,
        council=council,
        county=county,
        areas=list(areas_current(partnership=partnership)),
        location=Location.objects.first(),
        people={p.family_name: p for p in Person.objects.all()},
    )
    login(client, "sekretariat-radet")
    committee = Committee.objects.filter(partnership=partnership).order_by("pk").first()
    pages = (
        "/sekretariat/utvalg/",
        "/sekretariat/utvalg/?status=overdue",
        f"/sekretariat/utvalg/{committee.pk}/",
        CREATE,
    )

    def counts() -> list[int]:
        result = []
        for path in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    items = decision(world, oslo(2024, 3, 12), n=14)
    people = list(CommitteeMembership.objects.values_list("person", flat=True).distinct())
    for i, item in enumerate(items[:8]):
        extra = establish(
            world,
            item,
            name=f"Utvalg {i}",
            members=[Member(p, council, "member") for p in Person.objects.filter(pk__in=people)],
            ends_on=dt.date(2024, 4, 1),
            areas=world.areas[:3],
        )
        if i % 2:
            committee_dissolve(committee=extra, on=dt.date(2024, 4, 1), actor=None)
    for item in items[8:]:
        committee_report(
            committee=committee, item=item, summary="Delrapport", is_final=False, actor=None
        )
    for _ in range(5):
        decision(world, oslo(2024, 5, 2), n=2)  # more decisions to choose from
    after = counts()
    assert after == before
