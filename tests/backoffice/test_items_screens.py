"""The item screens of issue 16 in the back office: the outcome with its A9 confirmation,
opening a closed item again, guests only for one's own party (A13) and legal bases by their
plain names. Through the pages, as the council's secretariat."""

from __future__ import annotations

import pytest
import time_machine

from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.meetings.models import AgendaItem, ClosedSession, GuestInvitation
from partnerskap.meetings.services.agenda import agenda_item_close
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.world import oslo

pytestmark = pytest.mark.django_db

GRANT = "Partnerskapsmøtet innvilger tilskudd på 200 000 kr til Asker Idrettslag."


@pytest.fixture
def noticed(world):
    meeting = world.meeting()
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title="Idrettsanlegg")
    meeting_publish_notice(meeting=meeting, actor=None)
    return item


def test_a9_the_item_page_asks_to_confirm_an_outcome_that_reads_as_a_grant(noticed, as_secretariat):
    url = f"/sekretariat/saker/{noticed.pk}/utfall/"
    page = as_secretariat.get(f"/sekretariat/saker/{noticed.pk}/")
    assert 'name="outcome-confirmed_reason"' not in page.content.decode()
    first = as_secretariat.post(url, {"outcome-outcome": "proposal", "outcome-outcome_text": GRANT})
    assert first.status_code == 400
    html = first.content.decode()
    assert "«innvilger»" in html
    assert 'name="outcome-confirm_individual_case"' in html
    assert 'name="outcome-confirmed_reason"' in html
    assert GRANT in html  # what the user typed is kept
    noticed.refresh_from_db()
    assert noticed.outcome == ""
    # a reason without the tick is not a confirmation
    half = as_secretariat.post(
        url,
        {
            "outcome-outcome": "proposal",
            "outcome-outcome_text": GRANT,
            "outcome-confirmed_reason": "Fylkestinget avgjør",
        },
    )
    assert half.status_code == 400
    done = as_secretariat.post(
        url,
        {
            "outcome-outcome": "proposal",
            "outcome-outcome_text": GRANT,
            "outcome-confirm_individual_case": "on",
            "outcome-confirmed_reason": "Møtet anbefaler; fylkestinget avgjør.",
        },
    )
    assert done.status_code == 302
    noticed.refresh_from_db()
    assert noticed.individual_case_reason == "Møtet anbefaler; fylkestinget avgjør."
    assert AuditEntry.objects.filter(action="meetings.item.outcome").count() == 1
    shown = as_secretariat.get(f"/sekretariat/saker/{noticed.pk}/").content.decode()
    assert "Møtet anbefaler; fylkestinget avgjør." in shown


def test_a9_the_meeting_page_sends_a_confirmed_proposal(noticed, as_secretariat):
    meeting = noticed.meeting
    as_secretariat.post(
        f"/sekretariat/saker/{noticed.pk}/utfall/",
        {"outcome-outcome": "proposal", "outcome-outcome_text": "Foreslås"},
    )
    body = noticed.partnership.parties.get(slug="viken-fylkeskommune").elected_bodies.first()
    url = f"/sekretariat/moter/{meeting.pk}/propose/"
    data = {
        "item": noticed.pk,
        "title": "Idrettsanlegg",
        "text": "Søknad fra Asker Idrettslag innvilges.",
        "bodies": [body.pk],
        "sent_on": "2022-03-16",
        "confirmed_reason": "",
    }
    refused = as_secretariat.post(url, data)
    assert refused.status_code == 400
    assert "«Søknad fra Asker»" in refused.content.decode()
    data |= {"confirm_individual_case": "on", "confirmed_reason": "Gjengir søknaden."}
    assert as_secretariat.post(url, data).status_code == 302
    noticed.refresh_from_db()
    assert noticed.proposal.individual_case_reason == "Gjengir søknaden."


def test_l3_a_closed_item_is_opened_again_from_its_page(noticed, as_secretariat, as_public):
    agenda_item_close(
        item=noticed,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    page = as_secretariat.get(f"/sekretariat/saker/{noticed.pk}/").content.decode()
    assert "kommuneloven § 11-5 andre ledd bokstav a – personalsak" in page
    url = f"/sekretariat/saker/{noticed.pk}/gjenapne/"
    refused = as_secretariat.post(url, {"reopen-reason": ""})
    assert refused.status_code == 400  # the notice is out: a reason is needed
    assert ClosedSession.objects.filter(item=noticed).exists()
    assert (
        as_secretariat.post(url, {"reopen-reason": "Ingen personopplysninger"}).status_code == 302
    )
    assert not ClosedSession.objects.filter(item=noticed).exists()
    assert AuditEntry.objects.get(action="meetings.item.reopened").data["reason"] == (
        "Ingen personopplysninger"
    )


def test_a13_the_guest_form_offers_only_the_users_own_party(world, as_secretariat):
    with time_machine.travel(oslo(2024, 3, 1), tick=True):  # inside the period (can_plan)
        meeting = world.meeting()
        html = as_secretariat.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
        start = html.index('name="inviting_party"')
        select = html[start : html.index("</select>", start)]
        assert f'value="{world.council.pk}"' in select
        assert f'value="{world.county.pk}"' not in select
        # posting the other party anyway is refused by the service
        response = as_secretariat.post(
            f"/sekretariat/moter/{meeting.pk}/guest/",
            {
                "guest_name": "Kari Fagperson",
                "guest_role": "Trafikkplanlegger",
                "guest_kind": "expert",
                "inviting_party": world.county.pk,
            },
        )
        assert response.status_code == 400
        assert not GuestInvitation.objects.exists()
        ok = as_secretariat.post(
            f"/sekretariat/moter/{meeting.pk}/guest/",
            {
                "guest_name": "Kari Fagperson",
                "guest_role": "Trafikkplanlegger",
                "guest_kind": "expert",
                "inviting_party": world.council.pk,
            },
        )
        assert ok.status_code == 302
        assert GuestInvitation.objects.get().inviting_party == world.council


def test_l3_an_item_is_closed_from_its_page_by_the_basis_plain_name(noticed, as_secretariat):
    page = as_secretariat.get(f"/sekretariat/saker/{noticed.pk}/").content.decode()
    assert "kommuneloven § 11-5 andre ledd bokstav b – taushetsplikt</option>" in page
    basis = LegalBasis.objects.get(code="kl-11-5-2-b")
    url = f"/sekretariat/saker/{noticed.pk}/lukk/"
    refused = as_secretariat.post(url, {"close-legal_basis": basis.pk, "close-public_title": " "})
    assert refused.status_code == 400
    done = as_secretariat.post(
        url, {"close-legal_basis": basis.pk, "close-public_title": "Taushetsbelagt sak"}
    )
    assert done.status_code == 302
    assert ClosedSession.objects.get(item=noticed).legal_basis == basis
