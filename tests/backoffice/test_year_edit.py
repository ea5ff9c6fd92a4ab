"""Changing and discarding a draft of the annual cycle in the back office (A12): the draft that
awaits adoption is edited in place (entries added, changed, removed, its note), or discarded
after a confirmation; an adopted version is frozen; a stale form is refused (409) with the
user's input kept and what changed shown; errors stand next to their field; only the
secretariats change the plan. Plain POST forms: no JavaScript needed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.cycle import (
    CycleEntry,
    annual_cycle_adopt,
    annual_cycle_draft,
    annual_cycle_lock,
    annual_cycle_update,
)
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.factories import UserFactory
from tests.world import oslo

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


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def url(world, action: str = "") -> str:
    return f"/sekretariat/arshjul/{world.partnership.slug}/{YEAR}/{action}"


EDIT, DISCARD, ADOPT = "utkast/endre/", "utkast/forkast/", "vedta/"


def decided_item(world) -> AgendaItem:
    meeting = world.meeting(oslo(YEAR, 2, 10))
    item = world.item(meeting, kind=AgendaItem.Kind.PROCEDURAL, title="Årshjul 2024")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome="procedural", actor=None)
    return item


@pytest.fixture
def draft(world) -> AnnualCycle:
    return annual_cycle_draft(
        partnership=world.partnership,
        year=YEAR,
        note="Første utkast",
        entries=[
            CycleEntry("meeting", dt.date(YEAR, 3, 12), "Vårmøte"),
            CycleEntry("milestone", dt.date(YEAR, 6, 1), "Budsjettfrist"),
        ],
        actor=None,
    )


def rows(cycle: AnnualCycle) -> list[tuple]:
    return list(
        AnnualCycleEntry.objects.filter(cycle=cycle)
        .order_by("date", "pk")
        .values_list("pk", "date", "title", "description")
    )


def edit_data(
    cycle: AnnualCycle, *entries: dict[str, str], note: str, lock: str | None = None
) -> dict[str, str]:
    """The POST of the edit form: ``entries`` are rows as the form sends them (``id`` for a
    saved entry, ``DELETE`` to remove it); the saved ones come first, as the page lists them."""
    initial = sum(1 for e in entries if e.get("id"))
    data = {
        "cycle-cycle": str(cycle.pk),
        "cycle-lock": lock if lock is not None else annual_cycle_lock(cycle),
        "cycle-note": note,
        "entries-TOTAL_FORMS": str(len(entries)),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for i, entry in enumerate(entries):
        row = {"kind": "milestone", "description": "", "meeting": "", "id": ""} | entry
        data.update({f"entries-{i}-{k}": v for k, v in row.items()})
    return data


def saved_rows(cycle: AnnualCycle) -> list[dict[str, str]]:
    return [
        {"id": str(e.pk), "kind": e.kind, "date": e.date.isoformat(), "title": e.title}
        for e in cycle.entries.order_by("date", "pk")
    ]


def discard_data(cycle: AnnualCycle, *, confirm: bool = True, lock: str | None = None) -> dict:
    data = {
        "discard-cycle": str(cycle.pk),
        "discard-lock": lock if lock is not None else annual_cycle_lock(cycle),
    }
    if confirm:
        data["discard-confirm"] = "on"
    return data


def test_a12_the_secretariat_changes_the_draft_and_the_history_shows_it(world, draft):
    client = signed_in("sekretariat-radet")
    year_page = client.get(url(world)).content.decode()
    assert f'href="{url(world, EDIT)}"' in year_page, "the draft is changed on its own page"
    assert f'action="{url(world, DISCARD)}"' in year_page
    assert 'name="entries-0-id"' not in year_page, "the year page renders no entry forms"
    response = client.get(url(world, EDIT))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{url(world, EDIT)}"' in page
    assert f'name="cycle-lock" value="{annual_cycle_lock(draft)}"' in page
    spring, deadline = saved_rows(draft)
    assert f'name="entries-0-id" value="{spring["id"]}"' in page
    assert 'value="Budsjettfrist"' in page, "the form starts from the draft"

    response = client.post(
        url(world, EDIT),
        edit_data(
            draft,
            spring | {"title": "Vårmøte «flyttet»", "date": f"{YEAR}-04-02"},  # changed
            deadline | {"DELETE": "on"},  # removed
            {"date": f"{YEAR}-11-05", "title": "Rapport <b>til</b> partene"},  # added
            {"date": "", "title": ""},  # an empty row is ignored
            note="Andre utkast",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == url(world)
    draft.refresh_from_db()
    assert (draft.version, draft.note, draft.is_adopted) == (1, "Andre utkast", False)
    assert rows(draft)[0][:3] == (
        int(spring["id"]),
        dt.date(YEAR, 4, 2),
        "Vårmøte «flyttet»",
    )
    assert [r[2] for r in rows(draft)] == ["Vårmøte «flyttet»", "Rapport <b>til</b> partene"]
    assert AnnualCycle.objects.filter(partnership=world.partnership, year=YEAR).count() == 1

    html = client.get(url(world)).content.decode()
    assert "Rapport &lt;b&gt;til&lt;/b&gt; partene" in html, "escaped"
    assert "av årshjulet for" in html, "the history shows the change"
    assert "ble endret." in html
    assert "meetings.cycle.updated" not in html, "in words, not as a code"
    assert "Første utkast</del> → <ins>" in html
    assert "Andre utkast</ins>" in html
    assert "Budsjettfrist</del>" in html, "the removed entry is in the history"
    entry = AuditEntry.objects.get(action="meetings.cycle.updated")
    assert entry.actor.username == "sekretariat-radet"


def test_a12_an_adopted_version_is_not_changed_or_discarded(world, draft):
    annual_cycle_adopt(cycle=draft, item=decided_item(world), actor=None)
    client = signed_in("sekretariat-radet")
    page = client.get(url(world)).content.decode()
    assert f'href="{url(world, EDIT)}"' not in page
    assert f'action="{url(world, DISCARD)}"' not in page
    assert f'action="{url(world, "utkast/")}"' in page, "a change is a new version"
    assert client.get(url(world, EDIT))["Location"] == url(world), "no draft to change"
    before = rows(draft)

    edited = client.post(url(world, EDIT), edit_data(draft, *saved_rows(draft)[:1], note="Ny"))
    assert edited.status_code == 409
    assert "draft a new version" in edited.content.decode() or "ny versjon" in (
        edited.content.decode()
    )
    discarded = client.post(url(world, DISCARD), discard_data(draft))
    assert discarded.status_code == 409
    draft.refresh_from_db()
    assert (draft.note, draft.is_adopted, rows(draft)) == ("Første utkast", True, before)
    assert not AuditEntry.objects.filter(
        action__in=["meetings.cycle.updated", "meetings.cycle.discarded"]
    ).exists()


def test_a12_a_stale_edit_is_refused_shows_what_changed_and_overwrites_nothing(world, draft):
    first, second = signed_in("sekretariat-radet"), signed_in("admin")
    lock = annual_cycle_lock(draft)
    spring, deadline = saved_rows(draft)
    assert (
        first.post(
            url(world, EDIT),
            edit_data(draft, spring, deadline | {"title": "Frist fra rådet"}, note="Rådets"),
        ).status_code
        == 302
    )
    after_first = rows(draft)

    refused = second.post(
        url(world, EDIT),
        edit_data(
            draft,
            spring | {"DELETE": "on"},
            deadline,
            {"date": f"{YEAR}-09-09", "title": "Admins <i>nye</i> rad"},
            note="Admins",
            lock=lock,
        ),
    )

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Frist fra rådet" in html, "what is saved now is shown"
    assert 'value="Admins &lt;i&gt;nye&lt;/i&gt; rad"' in html, "the user's input is kept"
    assert "\nAdmins</textarea>" in html
    assert "What changed" in html or "Hva som ble endret" in html, "the comparison table"
    draft.refresh_from_db()
    assert f'name="cycle-lock" value="{annual_cycle_lock(draft)}"' in html, "a deliberate save"
    assert (draft.note, rows(draft)) == ("Rådets", after_first)
    assert AuditEntry.objects.filter(action="meetings.cycle.updated").count() == 1

    # After reading what changed, saving again keeps the second editor's version.
    again = second.post(
        url(world, EDIT),
        edit_data(
            draft,
            spring | {"DELETE": "on"},
            deadline,
            {"date": f"{YEAR}-09-09", "title": "Admins nye rad"},
            note="Admins",
        ),
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.note == "Admins"
    assert [r[2] for r in rows(draft)] == ["Budsjettfrist", "Admins nye rad"]


def test_a12_adopting_a_draft_changed_meanwhile_is_refused(world, draft):
    item = decided_item(world)
    client = signed_in("sekretariat-radet")
    stale = annual_cycle_lock(draft)
    page = client.get(url(world)).content.decode()
    assert f'name="lock" value="{stale}"' in page, "the adoption names the draft as read"
    assert f'name="discard-lock" value="{stale}"' in page
    client.post(url(world, EDIT), edit_data(draft, *saved_rows(draft), note="Endret"))
    refused = client.post(url(world, ADOPT), {"cycle": draft.pk, "item": item.pk, "lock": stale})
    assert refused.status_code == 409
    draft.refresh_from_db()
    assert not draft.is_adopted
    adopted = client.post(
        url(world, ADOPT), {"cycle": draft.pk, "item": item.pk, "lock": annual_cycle_lock(draft)}
    )
    assert adopted.status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted


def test_a12_the_secretariat_discards_the_draft_after_confirming(world, draft):
    client = signed_in("sekretariat-radet")
    unconfirmed = client.post(url(world, DISCARD), discard_data(draft, confirm=False))
    assert unconfirmed.status_code == 400
    assert 'id="id_discard-confirm_err"' in unconfirmed.content.decode()
    assert AnnualCycle.objects.filter(pk=draft.pk).exists()

    pk = draft.pk
    response = client.post(url(world, DISCARD), discard_data(draft))
    assert response.status_code == 302
    assert not AnnualCycle.objects.filter(pk=pk).exists()
    assert not AnnualCycleEntry.objects.filter(cycle_id=pk).exists()
    html = client.get(url(world)).content.decode()
    assert f'action="{url(world, "utkast/")}"' in html, "a new draft can be started"
    assert "ble forkastet." in html, "the history keeps the discarded draft"
    assert "Et utkast til årshjul for" in html
    assert "Budsjettfrist</del>" in html

    gone = client.post(url(world, DISCARD), discard_data(draft, lock="x"))
    assert gone.status_code == 409, "a draft discarded meanwhile is a conflict, not a 500"
    edit = client.post(
        url(world, EDIT),
        edit_data(draft, {"date": f"{YEAR}-05-05", "title": "Ny"}, note="", lock="x"),
    )
    assert edit.status_code == 409
    html = edit.content.decode()
    assert f'action="{url(world, "utkast/")}"' in html, "the year page offers a new draft"
    assert 'value="Ny"' in html, "with the input kept"
    assert not AnnualCycle.objects.exists()


def test_a12_a_stale_discard_is_refused(world, draft):
    client = signed_in("sekretariat-radet")
    stale = annual_cycle_lock(draft)
    client.post(url(world, EDIT), edit_data(draft, *saved_rows(draft), note="Endret"))
    refused = client.post(url(world, DISCARD), discard_data(draft, lock=stale))
    assert refused.status_code == 409
    assert AnnualCycle.objects.filter(pk=draft.pk).exists()
    draft.refresh_from_db()
    assert f'name="discard-lock" value="{annual_cycle_lock(draft)}"' in (refused.content.decode())


def test_a12_an_invalid_edit_keeps_the_input_with_the_error_next_to_the_field(world, draft):
    client = signed_in("sekretariat-radet")
    spring, deadline = saved_rows(draft)
    missing = client.post(
        url(world, EDIT),
        edit_data(
            draft, spring | {"date": ""}, deadline, note="Notat <script>x</script>", lock=None
        ),
    )
    assert missing.status_code == 400
    html = missing.content.decode()
    assert 'id="id_entries-0-date_err"' in html
    assert 'aria-describedby="id_entries-0-date_err"' in html
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert all(f'id="{ref}"' in html for refs in described for ref in refs.split())
    assert "\nNotat &lt;script&gt;x&lt;/script&gt;</textarea>" in html, "the input is kept"
    assert f'action="{url(world, EDIT)}"' in html

    outside = client.post(
        url(world, EDIT),
        edit_data(draft, spring, deadline | {"date": f"{YEAR + 1}-01-10"}, note="Feil år"),
    )
    assert outside.status_code == 400
    html = outside.content.decode()
    assert "ds-alert" in html
    assert f'value="{YEAR + 1}-01-10"' in html, "the entered date is kept"
    draft.refresh_from_db()
    assert draft.note == "Første utkast"
    assert not AuditEntry.objects.filter(action="meetings.cycle.updated").exists()


@pytest.mark.parametrize(
    ("username", "edits"),
    [
        ("admin", True),
        ("sekretariat-radet", True),
        ("sekretariat-viken", False),  # the other party's secretariat: Viken ended 31.12.2023
        ("leder", False),
        ("medlem", False),
        ("saksbehandler-baerum", False),
        ("outsider", False),
    ],
)
def test_a12_only_the_secretariats_change_or_discard_a_draft(world, draft, username, edits):
    if username == "outsider":
        UserFactory(username="outsider")
    client = signed_in(username)
    page = client.get(url(world))
    if page.status_code == 200:
        html = page.content.decode()
        assert (f'href="{url(world, EDIT)}"' in html) is edits
        assert (f'action="{url(world, DISCARD)}"' in html) is edits
    edit_page = client.get(url(world, EDIT))
    assert edit_page.status_code in ((200,) if edits else (403, 404))
    edited = client.post(
        url(world, EDIT), edit_data(draft, *saved_rows(draft)[:1], note=f"Endret av {username}")
    )
    draft.refresh_from_db()
    if edits:
        assert edited.status_code == 302
        assert draft.note == f"Endret av {username}"
        assert client.post(url(world, DISCARD), discard_data(draft)).status_code == 302
        assert not AnnualCycle.objects.filter(pk=draft.pk).exists()
        return
    assert edited.status_code in (403, 404)
    if edited.status_code == 403:
        assert re.search("secretariat|sekretariat", edited.content.decode())
    discarded = client.post(url(world, DISCARD), discard_data(draft))
    assert discarded.status_code == edited.status_code
    draft.refresh_from_db()
    assert (draft.note, len(rows(draft))) == ("Første utkast", 2)
    assert not AuditEntry.objects.filter(
        action__in=["meetings.cycle.updated", "meetings.cycle.discarded"]
    ).exists()


def test_the_edit_page_keeps_a_constant_number_of_queries(world, draft):
    """The edit page costs the same with two entries as with thirty, each tied to a meeting."""
    client = signed_in("sekretariat-radet")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world, EDIT)).status_code == 200
        return len(queries)

    before = count()
    meetings = [world.meeting(oslo(YEAR, month, 3)) for month in range(1, 11)]
    annual_cycle_update(
        cycle=draft,
        entries=[
            CycleEntry("meeting", m.date + dt.timedelta(days=d), f"Møte {d}", meeting=m)
            for m in meetings
            for d in range(3)
        ],
        note="Mange punkter",
        actor=None,
    )
    assert draft.entries.count() == 30
    assert count() == before
