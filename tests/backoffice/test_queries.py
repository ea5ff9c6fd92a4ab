"""Back-office pages keep a constant number of queries as the data grows (issue 5, point 7):
the meeting page with many agenda items, the dashboard with many partnerships, and the
follow-up list (paginated; a row posted from page 2 returns to page 2)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from partnerskap.agreements.models import ElectedBody, Partnership
from partnerskap.backoffice.views.followup import PER_PAGE, _form
from partnerskap.core.models import LegalBasis
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_close,
    agenda_item_record_outcome,
)
from partnerskap.meetings.services.lifecycle import (
    meeting_create,
    meeting_publish_notice,
    meeting_request_create,
)
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    CooperationAreaFactory,
    ElectedBodyFactory,
    PartnershipFactory,
    PartyFactory,
)
from tests.world import oslo

pytestmark = pytest.mark.django_db


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# ----------------------------------------------------------------------------- meeting page


def _meeting_with_items(world, n: int) -> Meeting:
    """A published meeting with ``n`` items of every kind the page renders differently: open,
    closed on a legal basis, and awaiting its proposal to the bodies (the per-item forms)."""
    meeting = world.meeting(oslo(2024, 3, 12))
    items = [
        world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title=f"Sak {i}", areas=world.areas[:2])
        for i in range(n)
    ]
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_close(
        item=items[0],
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    for item in items[1:]:
        agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="x", actor=None)
    return meeting


def test_meeting_page_queries_do_not_grow_with_agenda_items(client, world):
    login(client, "sekretariat-radet")
    few = _meeting_with_items(world, 2)
    many = _meeting_with_items(world, 12)
    small = queries(client, f"/sekretariat/moter/{few.pk}/")
    html = client.get(f"/sekretariat/moter/{many.pk}/").content.decode()
    assert html.count('name="legal_basis"') == 12  # the per-item forms are all there
    assert html.count("Send the proposal") + html.count("Send forslaget") == 11
    assert queries(client, f"/sekretariat/moter/{many.pk}/") == small


# ----------------------------------------------------------------------------- dashboard


def _busy_partnership(n: int) -> Partnership:
    """A partnership with something on every card of the dashboard: an upcoming meeting that
    lacks items and a place, a late notice, an open request and an overdue follow-up."""
    council, county = PartyFactory(), PartyFactory(county=True)
    partnership = PartnershipFactory(
        parties=[council, county],
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2040, 12, 31),
    )
    version = AgreementVersionFactory(part=AgreementFactory(partnership=partnership).special_part)
    area = CooperationAreaFactory(introduced_in=version)
    body = ElectedBodyFactory(party=council)
    now = timezone.now()
    meeting_create(
        partnership=partnership,
        title=f"Neste møte {n}",
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=3),
        actor=None,
    )
    past = meeting_create(
        partnership=partnership,
        title=f"Sent varslet {n}",
        starts_at=now + dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=5, hours=3),
        form=Meeting.Form.REMOTE,
        actor=None,
    )
    item = agenda_item_add(
        meeting=past, kind=AgendaItem.Kind.PROPOSAL, title="Sak", areas=[area], actor=None
    )
    meeting_publish_notice(meeting=past, actor=None)  # five days ahead: late
    agenda_item_record_outcome(item=item, outcome="proposal", actor=None)
    proposal_create(
        item=item,
        title=f"Forslag {n}",
        text="Tekst",
        bodies=[body],
        sent_on=now.date() - dt.timedelta(days=400),
        actor=None,
    )
    meeting_request_create(
        partnership=partnership, requesting_party=council, reason="Ekstra møte", actor=None
    )
    return partnership


def test_dashboard_queries_do_not_grow_with_partnerships(client, world):
    login(client, "admin")
    _busy_partnership(1)
    small = queries(client, "/sekretariat/")
    for n in range(2, 6):
        _busy_partnership(n)
    assert queries(client, "/sekretariat/") == small
    html = client.get("/sekretariat/").content.decode()
    for n in range(1, 6):
        assert f"Neste møte {n}" in html
        assert f"Forslag {n}" in html  # overdue
        assert f"Sent varslet {n}" in html  # late notice


def test_dashboard_shows_what_the_next_meeting_lacks_per_partnership(client, world):
    login(client, "admin")
    busy = _busy_partnership(1)
    html = client.get("/sekretariat/").content.decode()
    section = html[html.index(f'id="b{busy.pk}"') :]
    assert "Neste møte 1" in section
    assert "The agenda is empty." in section or "Sakslisten er tom." in section


# ----------------------------------------------------------------------------- follow-ups


def _awaiting(world, n: int) -> list[FollowUp]:
    """``n`` follow-ups awaiting Bærum's council, the oldest due first."""
    body = ElectedBody.objects.get(slug="baerum-kommunestyre")
    meeting = world.meeting(oslo(2024, 3, 12))
    items = [world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title=f"Sak {i}") for i in range(n)]
    meeting_publish_notice(meeting=meeting, actor=None)
    for i, item in enumerate(items):
        agenda_item_record_outcome(item=item, outcome="proposal", actor=None)
        proposal_create(
            item=item,
            title=f"Forslag nummer {i:02d}",
            text="Tekst",
            bodies=[body],
            sent_on=dt.date(2024, 3, 20) + dt.timedelta(days=i),
            actor=None,
        )
    return list(FollowUp.objects.filter(elected_body=body).order_by("expected_by", "pk"))


def test_follow_ups_are_paginated_with_constant_queries(client, world):
    login(client, "saksbehandler-baerum")
    rows = _awaiting(world, PER_PAGE + 5)
    first = client.get("/sekretariat/oppfolging/").content.decode()
    second = client.get("/sekretariat/oppfolging/?side=2").content.decode()
    assert first.count('<article class="card stack"') == PER_PAGE
    assert second.count('<article class="card stack"') == 5
    assert f'id="f{rows[0].pk}"' in first
    assert f'id="f{rows[-1].pk}"' in second
    assert "side=2" in first
    assert queries(client, "/sekretariat/oppfolging/?side=2") == queries(
        client, "/sekretariat/oppfolging/"
    )


def test_a_link_to_one_follow_up_opens_its_page(client, world):
    login(client, "saksbehandler-baerum")
    rows = _awaiting(world, PER_PAGE + 3)
    html = client.get(f"/sekretariat/oppfolging/?oppfolging={rows[-1].pk}").content.decode()
    assert f'id="f{rows[-1].pk}"' in html
    assert f'id="f{rows[0].pk}"' not in html


def _post(client, follow_up: FollowUp, page: int, lock_version: int, **extra):
    prefix = f"f{follow_up.pk}"
    data = {
        f"{prefix}-status": "received",
        f"{prefix}-on": "2024-06-15",
        f"{prefix}-lock_version": str(lock_version),
        f"{prefix}-body_case_number": "24/117",
        **{f"{prefix}-{k}": v for k, v in extra.items()},
    }
    return client.post(f"/sekretariat/oppfolging/{follow_up.pk}/?side={page}", data)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_written_out_follow_up_form_is_the_django_form(world, language):
    """The list writes each row's (unbound) form out by hand for speed; it must stay the very
    markup ``_form.html`` renders from ``FollowUpForm``, labels and choices included."""
    (row,) = _awaiting(world, 1)
    with translation.override(language):
        django = get_template("backoffice/_form.html").render({"form": _form(row)})
        written = get_template("backoffice/_follow_up_fields.html").render({"form": _form(row)})

    def normalized(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()

    assert normalized(written) == normalized(django)
    assert f'name="f{row.pk}-lock_version" value="{row.lock_version}"' in written


def test_recording_a_row_on_page_two_returns_to_page_two(client, world):
    login(client, "saksbehandler-baerum")
    rows = _awaiting(world, PER_PAGE + 5)
    html = client.get("/sekretariat/oppfolging/?side=2").content.decode()
    row = rows[PER_PAGE + 1]
    assert f"/sekretariat/oppfolging/{row.pk}/?side=2" in html  # the form posts its page
    response = _post(client, row, 2, row.lock_version)
    assert response.status_code == 302
    assert response["Location"] == "/sekretariat/oppfolging/?side=2"
    row.refresh_from_db()
    assert (row.status, row.body_case_number) == (FollowUp.Status.RECEIVED, "24/117")


def test_a_stale_row_on_page_two_is_refused_and_keeps_the_input(client, world):
    """No lost updates (issue 5, point 5) on a later page: the second save is refused with a
    message, page two is shown again with the entered data, and nothing is overwritten."""
    login(client, "saksbehandler-baerum")
    rows = _awaiting(world, PER_PAGE + 5)
    row = rows[PER_PAGE + 2]
    assert _post(client, row, 2, row.lock_version).status_code == 302
    response = _post(client, row, 2, row.lock_version, body_case_number="24/999")
    assert response.status_code == 409
    html = response.content.decode()
    assert "24/999" in html  # the entered data is kept
    assert f'id="f{row.pk}"' in html
    assert f'id="f{rows[PER_PAGE].pk}"' in html  # still page two
    assert 'href="/sekretariat/oppfolging/?side=1"' in html  # paging leaves the post URL
    row.refresh_from_db()
    assert row.body_case_number == "24/117"
