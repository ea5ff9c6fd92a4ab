"""The evaluation in the back office (/sekretariat/evaluering/): a secretariat starts it and
writes the assessment, each party's secretariat approves for its own party, then it is
published; refusals re-render the page with the reason (400/409); others read, never write."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from partnerskap.reports.models import Evaluation
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def in_2023():
    """Inside the period, while Viken and its secretariat still were."""
    with time_machine.travel(oslo(2023, 11, 20), tick=True):
        yield


@pytest.fixture
def council(world, in_2023) -> Client:
    return _client("sekretariat-radet")


@pytest.fixture
def county(world, in_2023) -> Client:
    return _client("sekretariat-viken")


def url(world, action: str = "") -> str:
    base = f"/sekretariat/evaluering/{world.partnership.slug}/"
    return f"{base}{action}/" if action else base


def test_the_secretariats_start_write_approve_and_publish(world, council, county):
    page = council.get(url(world)).content.decode()
    assert "Evalueringen er ikke startet." in page
    assert council.post(url(world, "start")).status_code == 302
    response = council.post(
        url(world, "vurdering"), {"assessment": "Et godt samarbeid <script>x</script>"}
    )
    assert response.status_code == 302
    page = council.get(url(world)).content.decode()
    assert "Et godt samarbeid &lt;script&gt;" in page
    # Each secretariat is offered its own party only.
    assert 'value="asker-og-baerum-rad"' in page
    assert 'value="viken-fylkeskommune"' not in page
    assert council.post(url(world, "godkjenn"), {"party": "asker-og-baerum-rad"}).status_code == 302
    refused = council.post(url(world, "godkjenn"), {"party": "viken-fylkeskommune"})
    assert refused.status_code == 400
    assert county.post(url(world, "godkjenn"), {"party": "viken-fylkeskommune"}).status_code == 302
    page = county.get(url(world)).content.decode()
    assert "Alle parter har godkjent" in page
    assert county.post(url(world, "publiser")).status_code == 302
    evaluation = Evaluation.objects.get(partnership=world.partnership)
    assert evaluation.status == Evaluation.Status.PUBLISHED
    assert "på portalen" in county.get(url(world)).content.decode()


def test_publishing_before_both_approved_is_refused_with_the_reason(world, council):
    council.post(url(world, "start"))
    council.post(url(world, "vurdering"), {"assessment": "Vurdering"})
    council.post(url(world, "godkjenn"), {"party": "asker-og-baerum-rad"})
    response = council.post(url(world, "publiser"))
    assert response.status_code == 409
    assert "Alle parter må godkjenne evalueringen før den publiseres." in response.content.decode()


def test_changing_an_approved_text_is_refused_on_the_form(world, council):
    council.post(url(world, "start"))
    council.post(url(world, "vurdering"), {"assessment": "Vurdering"})
    council.post(url(world, "godkjenn"), {"party": "asker-og-baerum-rad"})
    response = council.post(url(world, "vurdering"), {"assessment": "Endret"})
    assert response.status_code == 409
    assert "Trekk tilbake godkjenningen før du endrer teksten." in response.content.decode()
    assert Evaluation.objects.get().assessment == "Vurdering"


def test_an_empty_assessment_is_refused_by_the_form(world, council):
    council.post(url(world, "start"))
    response = council.post(url(world, "vurdering"), {"assessment": ""})
    assert response.status_code == 400
    assert "ds-error-summary" in response.content.decode()


def test_a_member_reads_but_does_not_evaluate(world, council, in_2023):
    council.post(url(world, "start"))
    member = _client("medlem")
    page = member.get(url(world))
    assert page.status_code == 200
    assert "Start evalueringen" not in page.content.decode()
    assert member.post(url(world, "vurdering"), {"assessment": "x"}).status_code == 403


def test_an_unknown_step_is_not_found(world, council):
    assert council.post(url(world, "slett")).status_code == 404


def test_a_secretariat_withdraws_its_approval_and_may_change_the_text(world, council):
    council.post(url(world, "start"))
    council.post(url(world, "vurdering"), {"assessment": "Vurdering"})
    council.post(url(world, "godkjenn"), {"party": "asker-og-baerum-rad"})
    assert 'id="id_assessment"' not in council.get(url(world)).content.decode()
    response = council.post(url(world, "trekk-godkjenning"), {"party": "asker-og-baerum-rad"})
    assert response.status_code == 302
    page = council.get(url(world)).content.decode()
    assert "Godkjenningen for Interkommunalt politisk råd for Asker og Bærum er trukket" in page
    assert 'id="id_assessment"' in page
    assert Evaluation.objects.get().snapshot is None
