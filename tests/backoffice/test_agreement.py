"""The agreement in the back office: versions and signatures per party (A17), only a party's
own secretariat signing for it; amendments (A10) with the parties' adoption status and a
readable, accessible diff; exempt proposals kept from those who may not read them (L3);
constant queries per page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerskap.agreements.models import AgreementVersion, ElectedBody, Signature
from partnerskap.agreements.selectors import version_in_force
from partnerskap.core.models import LegalBasis
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import amendment_propose, followup_record
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.people.models import Membership, Person, Role
from tests.factories import HOSTILE, UserFactory
from tests.world import OSLO, oslo

pytestmark = pytest.mark.django_db
COUNCIL = "asker-og-baerum-rad"
VIKEN = "viken-fylkeskommune"
Status = FollowUp.Status


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def in_2023():
    """Mid-2023, when both parties' secretariats held office (Viken ended 31.12.2023)."""
    with time_machine.travel(dt.datetime(2023, 6, 1, 12, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def bodies(world):
    return {b.slug: b for b in ElectedBody.objects.all()}


@pytest.fixture
def amend(world, bodies):
    """Returns a function proposing an amendment of the section «Oppfølging av avtalen»."""
    counter = iter(range(1, 100))

    def make(text: str = "- Det gjennomføres minst fire møter i året.", closed: bool = False):
        meeting = world.meeting(oslo(2022, 3, next(counter)))
        item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL)
        if closed:
            basis = LegalBasis.objects.filter(
                applies_to=LegalBasis.AppliesTo.MEETING, active=True
            ).first()
            agenda_item_close(item=item, legal_basis=basis, public_title="Lukket sak", actor=None)
        meeting_publish_notice(meeting=meeting, actor=None)
        agenda_item_record_outcome(item=item, outcome="proposal", outcome_text="x", actor=None)
        return amendment_propose(
            item=item,
            title=f"Endret møtefrekvens {HOSTILE}",
            text=f"Begrunnelse {HOSTILE}",
            section_slug="oppfolging-av-avtalen",
            proposed_text=text,
            required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
            other_bodies=[bodies["asker-kommunestyre"]],
            sent_on=dt.date(2022, 4, 1),
            actor=None,
        )

    return make


def decide(proposal: Proposal, slug: str, status: str = Status.ADOPTED) -> None:
    followup_record(
        follow_up=proposal.follow_ups.get(elected_body__slug=slug),
        status=status,
        on=dt.date(2022, 6, 1),
        body_case_number="PS 7/22",
        decision_text="Vedtatt som foreslått",
        actor=None,
    )


@pytest.fixture
def version_2(amend) -> AgreementVersion:
    """The version an adopted amendment made: nobody has signed it yet."""
    proposal = amend()
    decide(proposal, "radet-representantskap")
    decide(proposal, "viken-fylkesting")
    proposal.refresh_from_db()
    assert proposal.resulting_version is not None
    return proposal.resulting_version


@pytest.fixture
def personas(world):
    council_officer = Person.objects.create(given_name="Kari", family_name="Rådsaksbehandler")
    Membership.objects.create(
        person=council_officer,
        party=world.council,
        role=Role.CASE_OFFICER,
        valid_from=dt.date(2020, 1, 1),
    )
    council_officer.user = UserFactory(username="saksbehandler-radet")
    council_officer.save()
    viken_officer = Person.objects.get(given_name="Kristian", family_name="Lunde")
    viken_officer.user = UserFactory(username="saksbehandler-viken")
    viken_officer.save()
    UserFactory(username="outsider")


def sign(client, version: AgreementVersion, party_slug: str, **data):
    party = version.part.agreement.partnership.parties.get(slug=party_slug)
    prefix = f"p{party.pk}"
    values = {"signatory_name": "Sigrid Aasheim", "place": "Sandvika", "signed_on": "2023-05-30"}
    values.update(data)
    return client.post(
        f"/sekretariat/avtale/versjon/{version.pk}/signer/{party_slug}/",
        {f"{prefix}-{k}": v for k, v in values.items()},
    )


# (user, may sign for the council, may sign for Viken); refused is 403, or 404 for a user
# who works in no party of the partnership.
MATRIX = [
    ("admin", True, True),
    ("sekretariat-radet", True, False),
    ("sekretariat-viken", False, True),
    ("saksbehandler-radet", False, False),  # case officers do not sign
    ("saksbehandler-viken", False, False),
    ("leder", False, False),
    ("medlem", False, False),
    ("outsider", False, False),
]


@pytest.mark.parametrize(("username", "council", "viken"), MATRIX)
def test_a17_permission_matrix_a_party_signs_only_its_own_copy(
    client, personas, version_2, in_2023, username, council, viken
):
    login(client, username)
    refused = 404 if username == "outsider" else 403
    page = client.get(f"/sekretariat/avtale/versjon/{version_2.pk}/")
    assert page.status_code == (404 if username == "outsider" else 200)
    html = page.content.decode()
    for party, allowed in ((COUNCIL, council), (VIKEN, viken)):
        form_action = f"/sekretariat/avtale/versjon/{version_2.pk}/signer/{party}/"
        assert (form_action in html) == allowed, (username, party)
        response = sign(client, version_2, party)
        assert response.status_code == (302 if allowed else refused), (username, party)
        signed = version_2.signatures.filter(party__slug=party).exists()
        assert signed == allowed
        if refused == 403 and not allowed:  # the reason names the party
            name = version_2.part.agreement.partnership.parties.get(slug=party).name
            assert name in response.content.decode().split('class="ds-alert"')[1]


def test_a17_a_version_is_signed_only_when_every_party_has_signed(
    client, personas, version_2, in_2023
):
    login(client, "sekretariat-radet")
    overview = client.get("/sekretariat/avtale/")
    assert f"/sekretariat/avtale/versjon/{version_2.pk}/" in overview.content.decode()
    # The special part first; the demo's general part (A14) follows it.
    special, general = overview.context["parts"]
    assert (special.part.kind, general.part.kind) == ("special", "general")
    assert [v.signed for v in special.versions] == [False, True]  # version 2, version 1
    assert sign(client, version_2, COUNCIL, place="Asker <b>rådhus</b>").status_code == 302
    response = client.get(f"/sekretariat/avtale/versjon/{version_2.pk}/")
    page = response.content.decode()
    assert "Asker &lt;b&gt;rådhus&lt;/b&gt;" in page
    assert "signerte versjon 2." in page  # the history panel, in words
    assert "agreements.signature.recorded" not in page
    assert response.context["row"].signed is False
    login(client, "sekretariat-viken")
    assert sign(client, version_2, VIKEN, signatory_name="Astrid Fjeldstad").status_code == 302
    response = client.get(f"/sekretariat/avtale/versjon/{version_2.pk}/")
    assert response.context["row"].signed is True


def test_a17_signing_twice_is_refused_next_to_the_form_with_the_input_kept(
    client, version_2, in_2023
):
    Signature.objects.create(
        version=version_2,
        party=version_2.part.agreement.partnership.parties.get(slug=COUNCIL),
        signatory_name="Sigrid Aasheim",
        place="Sandvika",
        signed_on=dt.date(2023, 1, 1),
    )
    login(client, "admin")
    response = sign(client, version_2, COUNCIL, signatory_name="Noen andre")
    assert response.status_code == 400
    assert "ds-alert" in response.content.decode()
    assert version_2.signatures.count() == 1
    response = sign(client, version_2, VIKEN, signatory_name="Astrid F", place="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Astrid F"' in html, "the entered name is kept"
    viken = version_2.part.agreement.partnership.parties.get(slug=VIKEN)
    assert f'id="id_p{viken.pk}-place_err"' in html


def test_a10_amendments_list_each_partys_required_bodies_and_their_decisions(client, world, amend):
    pending = amend()
    decide(pending, "radet-representantskap")
    rejected = amend("- Det gjennomføres minst seks møter.")
    decide(rejected, "viken-fylkesting", Status.REJECTED)
    login(client, "sekretariat-radet")
    page = client.get("/sekretariat/avtale/endringer/").content.decode()
    assert page.count("Endret møtefrekvens &lt;script&gt;") == 2
    assert "Rådsmøtet for Asker og Bærum" in page
    assert "Viken fylkesting" in page
    assert "Asker kommunestyre" not in page, "only the bodies that must adopt"
    only_rejected = client.get("/sekretariat/avtale/endringer/?tilstand=rejected").content.decode()
    assert only_rejected.count("Endret møtefrekvens &lt;script&gt;") == 1
    assert f"/sekretariat/avtale/endringer/{rejected.pk}/" in only_rejected


def test_a10_the_review_page_shows_an_accessible_diff_and_links_to_the_follow_ups(
    client, world, amend
):
    proposal = amend("- Det gjennomføres minst fire møter i året. <script>x</script>")
    login(client, "sekretariat-radet")
    response = client.get(f"/sekretariat/avtale/endringer/{proposal.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    # Insertions and deletions are marked by element and by text, not only by colour.
    assert '<ins><span class="visually-hidden">satt inn: </span>' in html
    assert '<del><span class="visually-hidden">slettet: </span>' in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x</script>" not in html
    # The council's secretariat answers for the council's body: a link to record its step.
    council = proposal.follow_ups.get(elected_body__slug="radet-representantskap")
    viken = proposal.follow_ups.get(elected_body__slug="viken-fylkesting")
    assert f"/sekretariat/oppfolging/?oppfolging={council.pk}#f{council.pk}" in html
    assert f"/sekretariat/oppfolging/?oppfolging={viken.pk}#f{viken.pk}" not in html
    assert "Endringen ble foreslått og sendt til" in html  # history, in words
    assert "followup.proposal.created" not in html
    public = reverse("portal:proposal", args=[world.partnership.slug, proposal.pk])
    assert f'href="{public}"' in html


def test_a10_the_review_page_warns_when_the_text_has_changed_since(client, world, amend):
    stale = amend()
    other = amend("- Det gjennomføres minst tre møter.")
    decide(other, "radet-representantskap")
    decide(other, "viken-fylkesting")
    part = world.partnership.agreement.special_part
    assert version_in_force(part=part, on=dt.date(2030, 1, 1)).number == 2
    login(client, "sekretariat-radet")
    html = client.get(f"/sekretariat/avtale/endringer/{stale.pk}/").content.decode()
    assert "ds-alert" in html
    html = client.get(f"/sekretariat/avtale/endringer/{other.pk}/").content.decode()
    assert 'data-color="warning"' not in html


def test_l3_an_amendment_from_a_closed_item_is_kept_from_those_who_may_not_read_it(
    client, personas, amend, in_2023
):
    closed = amend(closed=True)
    login(client, "saksbehandler-radet")  # works in the partnership, reads no exempt content
    assert client.get(f"/sekretariat/avtale/endringer/{closed.pk}/").status_code == 404
    assert (
        "Endret møtefrekvens" not in client.get("/sekretariat/avtale/endringer/").content.decode()
    )
    login(client, "sekretariat-radet")
    html = client.get(f"/sekretariat/avtale/endringer/{closed.pk}/").content.decode()
    assert "Endret møtefrekvens" in html
    public = reverse("portal:proposal", args=[closed.partnership.slug, closed.pk])
    assert public not in html, "no link to a public page it is not on"


def test_pages_outside_the_users_partnerships_are_not_found(client, world, version_2):
    UserFactory(username="outsider")
    login(client, "outsider")
    proposal = Proposal.objects.get()
    assert client.get(f"/sekretariat/avtale/versjon/{version_2.pk}/").status_code == 404
    assert client.get(f"/sekretariat/avtale/endringer/{proposal.pk}/").status_code == 404
    assert (
        client.get("/sekretariat/avtale/?partnerskap=" + world.partnership.slug).status_code == 404
    )
    assert "Endret" not in client.get("/sekretariat/avtale/endringer/").content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_pages_keep_a_constant_number_of_queries_as_data_grows(client, world, amend):
    first = amend()
    decide(first, "radet-representantskap")
    login(client, "sekretariat-radet")
    part = world.partnership.agreement.special_part
    v1 = part.versions.get(number=1)
    urls = [
        "/sekretariat/avtale/",
        f"/sekretariat/avtale/versjon/{v1.pk}/",
        "/sekretariat/avtale/endringer/",
        f"/sekretariat/avtale/endringer/{first.pk}/",
    ]
    small = [_queries(client, url) for url in urls]
    for i in range(5):
        decide(amend(f"- Det gjennomføres minst {i + 5} møter."), "viken-fylkesting")
    for number in range(10, 20):
        version = AgreementVersion.objects.create(part=part, number=number, title="Mer")
        version.signatures.create(
            party=world.council, signatory_name="X", place="Y", signed_on=dt.date(2022, 1, 1)
        )
    large = [_queries(client, url) for url in urls]
    assert large == small
