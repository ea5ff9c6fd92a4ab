"""A concluded partnership is read-only for planning in the back office: no «Plan a meeting»,
no new items, guests or annual cycles, POSTs refused with a clear message, no stale warnings;
the parties' follow-up of proposals already sent and the minutes of meetings held in the
period stay possible (``policy.can_plan``). The demo partnership's period is 2020–2024; today
(2026-12-07 or later) it has concluded. The dashboard tells the truth about each partnership,
and a year outside the period explains itself."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import ElectedBody
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem, AnnualCycle, Meeting, Minutes
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held
from partnerskap.people import policy
from tests.world import oslo

pytestmark = pytest.mark.django_db
CONCLUDED = "31.12.2024"


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def held(world) -> Meeting:
    """A meeting held in the period (2024) with a proposal sent to Bærum's council."""
    with time_machine.travel(oslo(2024, 3, 1), tick=False):
        meeting = world.meeting(oslo(2024, 2, 20))
        item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL)
        meeting_publish_notice(meeting=meeting, actor=None)
    with time_machine.travel(oslo(2024, 2, 21), tick=False):
        meeting_record_held(meeting=meeting, actor=None)
        agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="x", actor=None)
        proposal_create(
            item=item,
            title="Forslag",
            text="Tekst",
            bodies=[ElectedBody.objects.get(slug="baerum-kommunestyre")],
            sent_on=dt.date(2024, 2, 21),
            actor=None,
        )
    return meeting


def test_the_rule_is_the_period(world):
    assert policy.is_concluded(world.partnership, on=dt.date(2025, 1, 1))
    assert not policy.is_concluded(world.partnership, on=dt.date(2024, 12, 31))
    user = get_user_model().objects.get(username="sekretariat-radet")
    with time_machine.travel(oslo(2024, 6, 1), tick=False):
        assert policy.can_plan(user, world.partnership)
        assert world.partnership in policy.partnerships_plannable(user)
    assert not policy.can_plan(user, world.partnership)
    assert world.partnership not in policy.partnerships_plannable(user)
    assert policy.can_edit_partnership(user, world.partnership), "minutes stay possible"


def test_a_concluded_partnership_offers_no_planning(client, world, held):
    login(client, "sekretariat-radet")
    board = client.get("/sekretariat/").content.decode()
    assert CONCLUDED in board, "the dashboard says it has concluded"
    assert 'href="/sekretariat/moter/ny/"' not in board
    assert "badge-warning" not in board, "no stale warnings"
    assert f'href="/sekretariat/moter/{held.pk}/"' in board, "its minutes are still due"
    meetings = client.get("/sekretariat/moter/").content.decode()
    assert 'href="/sekretariat/moter/ny/"' not in meetings
    year = client.get(f"/sekretariat/arshjul/{world.partnership.slug}/2024/").content.decode()
    assert CONCLUDED in year
    assert 'href="/sekretariat/moter/ny/"' not in year
    assert 'action="/sekretariat/arshjul/' not in year, "no cycle forms"
    page = client.get(f"/sekretariat/moter/{held.pk}/").content.decode()
    assert "/add_item/" not in page
    assert "/guest/" not in page


def test_planning_posts_are_refused_with_a_clear_message(client, world, held):
    login(client, "sekretariat-radet")
    create = client.post(
        "/sekretariat/moter/ny/",
        {
            "partnership": world.partnership.pk,
            "title": "For sent",
            "starts_at": "2025-02-20T10:00",
            "ends_at": "2025-02-20T12:00",
            "form": "in_person",
        },
    )
    assert create.status_code == 403
    assert not Meeting.objects.filter(title="For sent").exists()
    draft = client.post(
        f"/sekretariat/arshjul/{world.partnership.slug}/2024/utkast/",
        {"cycle-note": "", "entries-TOTAL_FORMS": "0", "entries-INITIAL_FORMS": "0"},
    )
    assert draft.status_code == 403
    assert CONCLUDED in draft.content.decode()
    assert not AnnualCycle.objects.exists()
    for action in ("add_item", "guest"):
        response = client.post(f"/sekretariat/moter/{held.pk}/{action}/", {"title": "Ny sak"})
        assert response.status_code == 403, action
        assert CONCLUDED in response.content.decode()
    assert held.items.count() == 1


def test_follow_up_and_minutes_stay_possible(client, world, held):
    login(client, "sekretariat-radet")
    assert client.post(f"/sekretariat/moter/{held.pk}/draft_minutes/").status_code == 302
    assert client.post(f"/sekretariat/moter/{held.pk}/approve_minutes/").status_code == 302
    assert held.minutes.get().status == Minutes.Status.APPROVED
    follow_up = FollowUp.objects.get(proposal__item__meeting=held)
    prefix = f"f{follow_up.pk}"
    response = client.post(
        f"/sekretariat/oppfolging/{follow_up.pk}/",
        {
            f"{prefix}-status": "received",
            f"{prefix}-on": "2025-01-10",
            f"{prefix}-lock_version": "0",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.RECEIVED


def test_the_dashboard_names_no_held_meeting_as_ready(client, world):
    """A meeting recorded as held waits for its minutes, not for its notice: the board's next
    meeting is one still ahead of being held, and the held one is under the minutes."""
    with time_machine.travel(oslo(2024, 6, 3, 9), tick=True):
        ahead = world.meeting(oslo(2024, 6, 20))
        recorded = world.meeting(oslo(2024, 6, 10))
        Meeting.objects.filter(pk=recorded.pk).update(status=Meeting.Status.HELD)
        login(client, "sekretariat-radet")
        board = client.get("/sekretariat/").content.decode()
    upcoming, _, rest = board.partition("Minutes awaiting approval")
    if not rest:
        upcoming, _, rest = board.partition("Møtebøker som venter på godkjenning")
    assert f'href="/sekretariat/moter/{ahead.pk}/"' in upcoming
    assert f'href="/sekretariat/moter/{recorded.pk}/"' not in upcoming
    assert f'href="/sekretariat/moter/{recorded.pk}/"' in rest


def test_a_year_outside_the_period_explains_itself(client, world):
    login(client, "sekretariat-radet")
    response = client.get(f"/sekretariat/arshjul/{world.partnership.slug}/2027/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "2027" in html
    assert CONCLUDED in html
    for year in range(2020, 2025):
        assert f'href="/sekretariat/arshjul/{world.partnership.slug}/{year}/"' in html
    client.logout()
    public = client.get(f"/{world.partnership.slug}/ar/2019/")
    assert public.status_code == 404
    html = public.content.decode()
    assert f'href="/{world.partnership.slug}/ar/2020/"' in html
    cycle = client.get(f"/{world.partnership.slug}/arshjul/2031/")
    assert cycle.status_code == 404
    assert f'href="/{world.partnership.slug}/arshjul/2024/"' in cycle.content.decode()


# A18: a concluded partnership is read-only everywhere, not only for planning. Costs,
# allocations, committees, amendments and signatures belong to the running partnership; after
# the period they are read, never written (``policy.can_run``, ``can_record_finances_in``,
# ``can_sign``). The same POSTs are accepted in the period (the contrast that shows the rule,
# not the role, refuses them).


@pytest.fixture
def committee(world):
    from tests.backoffice.test_committees import decision, establish

    with time_machine.travel(oslo(2024, 3, 1), tick=False):
        (item,) = decision(world, oslo(2024, 2, 20))
        return establish(world, item)


def _refused(response) -> None:
    assert response.status_code == 403
    assert CONCLUDED in response.content.decode()


def test_a18_costs_and_allocations_are_read_only_once_concluded(client, world):
    from partnerskap.finance.models import BudgetAllocation, CostEntry

    login(client, "sekretariat-radet")
    base = f"/sekretariat/kostnader/{world.partnership.slug}/{world.council.slug}"
    cost = {
        "category": "other",
        "amount": "1200",
        "incurred_on": "2024-12-01",
        "description": "Servering",
    }
    allocation = {
        "year": "2024",
        "amount": "50000",
        "decision_reference": "PS 9/2024",
        "decided_on": "2024-12-01",
    }
    overview = client.get(f"/sekretariat/kostnader/?partnerskap={world.partnership.slug}")
    html = overview.content.decode()
    assert CONCLUDED in html, "the page says why nothing can be recorded"
    assert f"{base}/ny-kostnad/" not in html
    assert f"{base}/ny-bevilgning/" not in html
    _refused(client.get(f"{base}/ny-kostnad/"))
    _refused(client.post(f"{base}/ny-kostnad/", cost))
    _refused(client.post(f"{base}/ny-bevilgning/", allocation))
    assert not CostEntry.objects.filter(description="Servering").exists()
    assert not BudgetAllocation.objects.filter(decision_reference="PS 9/2024").exists()
    with time_machine.travel(oslo(2024, 12, 2), tick=True):
        assert client.post(f"{base}/ny-kostnad/", cost).status_code == 302
    assert CostEntry.objects.filter(description="Servering").exists()


def test_a18_committees_are_read_only_once_concluded(client, world, committee):
    from partnerskap.committees.models import Committee

    login(client, "sekretariat-radet")
    page = client.get(f"/sekretariat/utvalg/{committee.pk}/").content.decode()
    assert CONCLUDED in page
    assert "/rapport/" not in page, "no report form"
    assert "/opplos/" not in page, "no dissolve form"
    _refused(
        client.post(
            f"/sekretariat/utvalg/{committee.pk}/opplos/",
            {"dissolve-on": "2025-01-02", "dissolve-item": ""},
        )
    )
    _refused(client.post(f"/sekretariat/utvalg/{committee.pk}/rapport/", {}))
    committee.refresh_from_db()
    assert committee.dissolved_on is None
    listing = client.get("/sekretariat/utvalg/").content.decode()
    assert 'href="/sekretariat/utvalg/ny/' not in listing
    refused = client.get(f"/sekretariat/utvalg/ny/?partnerskap={world.partnership.slug}")
    assert refused.status_code == 403
    assert "period has not ended" in refused.content.decode() or (
        "perioden ikke er over" in refused.content.decode()
    )
    assert Committee.objects.count() == 1


def test_a18_amendments_and_signatures_are_read_only_once_concluded(client, world, held):
    from partnerskap.agreements.models import Signature
    from partnerskap.agreements.selectors import version_in_force
    from partnerskap.followup.models import Proposal

    login(client, "sekretariat-radet")
    item = held.items.get()
    page = client.get(f"/sekretariat/moter/{held.pk}/").content.decode()
    assert f"/sekretariat/avtale/endringer/ny/{item.pk}/" not in page
    _refused(client.get(f"/sekretariat/avtale/endringer/ny/{item.pk}/"))
    amendments = client.get(f"/sekretariat/avtale/endringer/?partnerskap={world.partnership.slug}")
    assert CONCLUDED in amendments.content.decode()
    assert Proposal.objects.filter(amendment_state__gt="").count() == 0

    version = version_in_force(part=world.partnership.agreement.special_part)
    signed_before = Signature.objects.filter(version=version).count()
    detail = client.get(f"/sekretariat/avtale/versjon/{version.pk}/").content.decode()
    assert CONCLUDED in detail
    assert f"/sekretariat/avtale/versjon/{version.pk}/signer/" not in detail
    _refused(
        client.post(
            f"/sekretariat/avtale/versjon/{version.pk}/signer/{world.council.slug}/",
            {
                f"p{world.council.pk}-signatory_name": "Sent Signert",
                f"p{world.council.pk}-signatory_role": "Leder",
                f"p{world.council.pk}-place": "Asker",
                f"p{world.council.pk}-signed_on": "2025-01-05",
            },
        )
    )
    assert Signature.objects.filter(version=version).count() == signed_before
