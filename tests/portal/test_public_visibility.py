"""The portal's figures and forms follow the one public rule (``meetings.public``,
``agreements.selectors.partnerships_public``): the year page counts nothing of a meeting whose
notice is not published (L1), and the search form offers nothing of a draft partnership."""

from __future__ import annotations

import pytest

from partnerskap.agreements.models import Partnership
from partnerskap.meetings.models import GuestInvitation
from partnerskap.meetings.services.attendance import guest_invite
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.reports.annual import annual_report_data
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    CooperationAreaFactory,
    PartnershipFactory,
    PartyFactory,
)
from tests.world import oslo

pytestmark = pytest.mark.django_db


def test_l1_the_year_page_counts_nothing_of_a_meeting_before_its_notice(client, world):
    area = world.areas[0]
    before = annual_report_data(partnership=world.partnership, year=2022, public=True)
    meeting = world.meeting(oslo(2022, 3, 15))
    world.item(meeting, areas=[area])
    guest_invite(
        meeting=meeting,
        inviting_party=world.council,
        guest_name="Gjest Gjestesen",
        guest_role="Rådgiver",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        actor=None,
    )

    public = annual_report_data(partnership=world.partnership, year=2022, public=True)
    assert public.items_per_area == before.items_per_area
    assert public.guests == before.guests
    internal = annual_report_data(partnership=world.partnership, year=2022)
    assert internal.items_per_area.get(area.name, 0) == before.items_per_area.get(area.name, 0) + 1
    page = client.get(f"/{world.partnership.slug}/ar/2022/")
    assert page.status_code == 200
    assert page.context["report"].items_per_area == before.items_per_area
    assert page.context["report"].guests == before.guests

    meeting_publish_notice(meeting=meeting, actor=None)
    public = annual_report_data(partnership=world.partnership, year=2022, public=True)
    assert public.items_per_area.get(area.name, 0) == before.items_per_area.get(area.name, 0) + 1
    assert public.guests == before.guests + 1


def _partnership(status: str, area_name: str, party_name: str) -> None:
    party = PartyFactory(name=party_name)
    partnership = PartnershipFactory(status=status, parties=[party])
    agreement = AgreementFactory(partnership=partnership)
    version = AgreementVersionFactory(part=agreement.special_part)
    CooperationAreaFactory(introduced_in=version, name=area_name)


def test_the_search_form_offers_no_area_or_party_of_a_draft_partnership(client):
    _partnership(Partnership.Status.ACTIVE, "Offentlig område", "Offentlig part")
    _partnership(Partnership.Status.DRAFT, "Utkastområde", "Utkastpart")
    html = client.get("/sok/").content.decode()
    assert "Offentlig område" in html
    assert "Offentlig part" in html
    assert "Utkastområde" not in html
    assert "Utkastpart" not in html
