"""Plan the year in the back office: draft the annual cycle, adopt it by the meeting's
procedural decision (A12), revise it as a new version, and see the year's meetings against the
minimum (A4). Readers see the page without forms; only the secretariats change it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import Party
from partnerskap.agreements.selectors import areas_current
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import AgendaItem, AnnualCycle, Location, Meeting
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.cycle import CycleEntry, annual_cycle_adopt, annual_cycle_draft
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.factories import UserFactory
from tests.world import World, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_the_period(request):
    """The demo partnership's period is 2020–2024 and a concluded partnership is not planned
    in (``policy.can_plan``): these tests plan 2024 from early that year. The demo is loaded
    first, in the present (its history dates its steps up to the end of 2024)."""
    request.getfixturevalue("demo" if "demo" in request.fixturenames else "bare_demo")
    with time_machine.travel(oslo(2024, 2, 1, 8), tick=True):
        yield


YEAR = 2024


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def url(world, year: int = YEAR, action: str = "") -> str:
    base = f"/sekretariat/arshjul/{world.partnership.slug}/{year}/"
    return f"{base}{action}/" if action else base


def cycle_item(world, day: dt.datetime, *, decided: bool = True) -> AgendaItem:
    """A procedural item about the annual cycle at a meeting with its notice published."""
    meeting = world.meeting(day)
    item = world.item(meeting, kind=AgendaItem.Kind.PROCEDURAL, title="Årshjul <i>2024</i>")
    meeting_publish_notice(meeting=meeting, actor=None)
    if decided:
        agenda_item_record_outcome(item=item, outcome="procedural", actor=None)
    item.refresh_from_db()
    return item


def entries(*rows: dict[str, str], initial: int = 0) -> dict[str, str]:
    """The POST data of the entries formset."""
    data = {
        "entries-TOTAL_FORMS": str(len(rows)),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"entries-{i}-{k}": v for k, v in row.items()})
    return data


def row(day: str, title: str, kind: str = "milestone", meeting: str = "", **extra: str) -> dict:
    return {
        "kind": kind,
        "date": day,
        "title": title,
        "description": "",
        "meeting": meeting,
    } | extra


def test_a12_the_secretariat_drafts_and_adopts_the_cycle_by_a_procedural_item(client, world):
    item = cycle_item(world, oslo(YEAR, 2, 10), decided=False)
    login(client, "sekretariat-radet")
    page = client.get(url(world))
    assert page.status_code == 200
    assert f'action="{url(world, action="utkast")}"' in page.content.decode()

    response = client.post(
        url(world, action="utkast"),
        {
            "cycle-note": "Første utkast «2024»",
            **entries(
                row("2024-02-10", "Vårmøte", kind="meeting", meeting=str(item.meeting_id)),
                row("2024-06-01", "Frist for innspill <b>budsjett</b>"),
                row("", ""),  # an empty extra row is ignored
            ),
        },
    )
    assert response.status_code == 302
    cycle = AnnualCycle.objects.get(partnership=world.partnership, year=YEAR)
    assert (cycle.version, cycle.note, cycle.is_adopted) == (1, "Første utkast «2024»", False)
    assert [(e.title, e.meeting_id) for e in cycle.entries.order_by("date")] == [
        ("Vårmøte", item.meeting_id),
        ("Frist for innspill <b>budsjett</b>", None),
    ]

    page = client.get(url(world)).content.decode()
    assert "Frist for innspill &lt;b&gt;budsjett&lt;/b&gt;" in page, "escaped"
    assert f'action="{url(world, action="vedta")}"' in page
    assert f'action="{url(world, action="utkast")}"' not in page, "one draft at a time"

    # The item's outcome is not yet a procedural decision: the service says what to do.
    refused = client.post(url(world, action="vedta"), {"cycle": cycle.pk, "item": item.pk})
    assert refused.status_code == 400
    assert "procedural decision" in refused.content.decode() or "prosedyre" in (
        refused.content.decode()
    )
    cycle.refresh_from_db()
    assert not cycle.is_adopted

    agenda_item_record_outcome(item=item, outcome="procedural", actor=None)
    adopted = client.post(url(world, action="vedta"), {"cycle": cycle.pk, "item": item.pk})
    assert adopted.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.adopted_by, cycle.adopted_on) == (item, dt.date(YEAR, 2, 10))
    other = cycle_item(world, oslo(YEAR, 3, 10))
    twice = client.post(url(world, action="vedta"), {"cycle": cycle.pk, "item": other.pk})
    assert twice.status_code == 409, "a version is adopted once; a change is a new version"
    other.refresh_from_db()
    assert not hasattr(other, "annual_cycle")
    page = client.get(url(world)).content.decode()
    assert "Årshjulet ble vedtatt under sak" in page, "the history panel shows the adoption"
    assert item.case_number in page
    actors = set(
        AuditEntry.objects.filter(action__startswith="meetings.cycle.").values_list(
            "actor__username", flat=True
        )
    )
    assert actors == {"sekretariat-radet"}


def test_a12_a_changed_plan_is_a_new_version_prefilled_from_the_one_in_force(client, world):
    item = cycle_item(world, oslo(YEAR, 2, 10))
    v1 = annual_cycle_draft(
        partnership=world.partnership,
        year=YEAR,
        entries=[CycleEntry("milestone", dt.date(YEAR, 5, 1), "Budsjettinnspill")],
        actor=None,
    )
    annual_cycle_adopt(cycle=v1, item=item, actor=None)
    login(client, "sekretariat-radet")
    page = client.get(url(world)).content.decode()
    assert 'value="Budsjettinnspill"' in page, "the revision starts from the version in force"

    data = {
        "cycle-note": "Flyttet høstmøtet",
        **entries(
            row("2024-05-01", "Budsjettinnspill", DELETE="on"),
            row("2024-10-15", "Høstmøte", kind="meeting"),
            initial=1,
        ),
    }
    assert client.post(url(world, action="utkast"), data).status_code == 302
    v2 = AnnualCycle.objects.get(partnership=world.partnership, year=YEAR, version=2)
    assert [e.title for e in v2.entries.all()] == ["Høstmøte"], "a deleted entry is left out"
    assert AnnualCycle.objects.get(pk=v1.pk).is_adopted, "the version in force is unchanged"

    again = client.post(url(world, action="utkast"), data)
    assert again.status_code == 409
    assert AnnualCycle.objects.filter(partnership=world.partnership, year=YEAR).count() == 2


def test_an_entry_outside_the_year_is_refused_with_the_input_kept(client, world):
    login(client, "sekretariat-radet")
    response = client.post(
        url(world, action="utkast"),
        {"cycle-note": "", **entries(row("2025-01-20", "Feil år <script>x</script>"))},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ds-alert" in html
    assert 'value="Feil år &lt;script&gt;x&lt;/script&gt;"' in html, "the entered title is kept"
    assert not AnnualCycle.objects.exists()


def test_a_missing_field_is_shown_next_to_it(client, world):
    login(client, "sekretariat-radet")
    response = client.post(
        url(world, action="utkast"), {"cycle-note": "", **entries(row("", "Uten dato"))}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_entries-0-date_err"' in html
    assert not AnnualCycle.objects.exists()


def test_a4_the_year_shows_its_meetings_against_the_minimum(client, world):
    world.meeting(oslo(YEAR, 3, 5))
    cancelled = world.meeting(oslo(YEAR, 9, 5))
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    login(client, "sekretariat-radet")
    response = client.get(url(world))
    html = response.content.decode()
    assert html.count('href="/sekretariat/moter/') >= 2
    assert "1 planned, 0 held, of at least 2" in html or "1 planlagt" in html
    assert "ds-alert" in html, "a warning when fewer than the minimum"
    assert 'href="/sekretariat/moter/ny/"' in html, "a link to plan a meeting"
    index = client.get("/sekretariat/arshjul/").content.decode()
    assert url(world) in index


@pytest.mark.parametrize(
    ("username", "reads", "edits"),
    [
        ("admin", True, True),
        ("sekretariat-radet", True, True),
        ("sekretariat-viken", False, False),  # Viken ended 31.12.2023: no current role
        ("leder", True, False),
        ("medlem", True, False),
        ("saksbehandler-baerum", True, False),
        ("outsider", False, False),
    ],
)
def test_a12_permissions_readers_see_the_plan_only_secretariats_change_it(
    client, world, username, reads, edits
):
    if username == "outsider":
        UserFactory(username="outsider")
    item = cycle_item(world, oslo(YEAR, 2, 10))
    draft = annual_cycle_draft(partnership=world.partnership, year=YEAR, entries=[], actor=None)
    login(client, username)
    page = client.get(url(world))
    assert page.status_code == (200 if reads else 404)
    if reads:
        html = page.content.decode()
        assert ('method="post" action="/sekretariat/arshjul/' in html) is edits
    response = client.post(url(world, action="vedta"), {"cycle": draft.pk, "item": item.pk})
    draft.refresh_from_db()
    if edits:
        assert response.status_code == 302
        assert draft.is_adopted
    else:
        assert response.status_code in (403, 404)
        assert not draft.is_adopted
        if response.status_code == 403:
            assert "secretariat" in response.content.decode() or "sekretariat" in (
                response.content.decode()
            )


def test_anonymous_is_sent_to_sign_in_and_years_outside_the_period_are_not_found(client, world):
    assert client.get(url(world)).status_code == 302
    login(client, "sekretariat-radet")
    assert client.get(url(world, 2019)).status_code == 404
    assert client.get(url(world, 2025)).status_code == 404


def test_year_pages_keep_a_constant_number_of_queries(client, demo):
    """The index and a year page (with a draft awaiting adoption, so the same forms show)
    cost the same number of queries on the demo and with many more meetings, versions and
    entries."""
    partnership = demo.partnership
    world = World(
        partnership=partnership,
        council=Party.objects.get(slug="asker-og-baerum-rad"),
        county=Party.objects.get(slug="viken-fylkeskommune"),
        areas=list(areas_current(partnership=partnership)),
        location=Location.objects.first(),
        people={},
    )
    login(client, "sekretariat-radet")
    pages = ("/sekretariat/arshjul/", f"/sekretariat/arshjul/{partnership.slug}/2022/")

    def counts() -> list[int]:
        result = []
        for path in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result.append(len(queries))
        return result

    draft = annual_cycle_draft(partnership=partnership, year=2022, entries=[], actor=None)
    before = counts()
    for month in range(1, 11):
        item = cycle_item(world, oslo(2022, month, 20, 8))
        annual_cycle_adopt(cycle=draft, item=item, actor=None)
        draft = annual_cycle_draft(
            partnership=partnership,
            year=2022,
            entries=[
                CycleEntry("meeting", dt.date(2022, month, d), f"Møte {d}", meeting=item.meeting)
                for d in range(1, 6)
            ],
            actor=None,
        )
    assert AnnualCycle.objects.filter(partnership=partnership, year=2022).count() > 10
    after = counts()
    assert after == before
