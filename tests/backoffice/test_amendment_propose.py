"""Proposing an amendment in the back office (A10): pick a section from a list, edit its text in
place, preview the diff, send it to each party's bodies; then the bodies adopt it, the new
version takes force from the date given, and each party signs it (A17). No admin involved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import AgreementVersion, ElectedBody
from partnerskap.agreements.selectors import version_in_force, version_is_signed
from partnerskap.core.models import AuditEntry
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import amendment_propose, followup_record
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.people.models import Person
from tests.factories import HOSTILE, UserFactory
from tests.world import OSLO, oslo

pytestmark = pytest.mark.django_db
SECTION = "oppfolging-av-avtalen"
Status = FollowUp.Status


@pytest.fixture(autouse=True)
def in_2023():
    """Mid-2023: both parties' secretariats and case officers hold office (Viken ended
    31.12.2023, and the demo has no people of its successor)."""
    with time_machine.travel(dt.datetime(2023, 6, 1, 12, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def bodies(world):
    return {b.slug: b for b in ElectedBody.objects.all()}


@pytest.fixture
def item(world) -> AgendaItem:
    meeting = world.meeting(oslo(2023, 3, 14))
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL, title=f"Flere møter {HOSTILE}")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=item, outcome="proposal", outcome_text="Partnerskapsmøtet foreslår…", actor=None
    )
    return item


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def url(item: AgendaItem, section: str = "") -> str:
    return f"/sekretariat/avtale/endringer/ny/{item.pk}/" + (f"?del={section}" if section else "")


def posted(bodies, **data) -> dict[str, object]:
    values: dict[str, object] = {
        "section": SECTION,
        "title": "Fire møter i året",
        "text": "Begrunnelse",
        "proposed_text": "",
        "required_bodies": [bodies["radet-representantskap"].pk, bodies["viken-fylkesting"].pk],
        "other_bodies": [bodies["asker-kommunestyre"].pk],
        "in_force_from": "2023-09-01",
        "sent_on": "2023-06-01",
    }
    values.update(data)
    return values


def test_a10_a_secretariat_picks_a_section_from_a_list_and_edits_its_text_in_place(
    client, item, world
):
    login(client, "sekretariat-radet")
    page = client.get(url(item))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{SECTION}">Oppfølging av avtalen</option>' in html
    assert 'name="proposed_text"' not in html, "the text comes once a section is chosen"
    page = client.get(url(item, SECTION))
    html = page.content.decode()
    current = world.partnership.agreement.special_part.versions.get(number=1)
    body = current.sections.get(slug=SECTION).body
    assert page.context["draft"].form.initial["proposed_text"] == body
    assert "Det gjennomføres minst to møter per kalenderår" in html  # pre-filled in the textarea
    ticked = {b.slug for b in page.context["draft"].form.initial["required_bodies"]}
    assert ticked == {"radet-representantskap", "viken-fylkesting"}


def test_a10_preview_shows_only_the_changed_paragraph_and_stores_nothing(
    client, item, world, bodies
):
    login(client, "sekretariat-radet")
    body = (
        world.partnership.agreement.special_part.versions.get(number=1)
        .sections.get(slug=SECTION)
        .body
    )
    # As a browser sends it: \r\n line endings throughout.
    text = body.replace("minst to møter", "minst fire møter").replace("\n", "\r\n")
    response = client.post(url(item, SECTION), posted(bodies, proposed_text=text, preview="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ins><span class="visually-hidden">satt inn: </span>fire' in html
    diff = html.split('<div class="diff">')[1].split("</div>")[0]
    assert diff.count("<del>") == 1, "one word changed, nothing else marked"
    assert diff.count("<ins>") == 1
    assert "uendrede avsnitt" in html or "uendret avsnitt" in html
    assert not Proposal.objects.exists()


def test_a10_sending_the_amendment_puts_it_to_each_partys_bodies(client, item, world, bodies):
    login(client, "sekretariat-radet")
    body = (
        world.partnership.agreement.special_part.versions.get(number=1)
        .sections.get(slug=SECTION)
        .body
    )
    text = body.replace("minst to møter", "minst fire møter").replace("\n", "\r\n")
    response = client.post(url(item, SECTION), posted(bodies, proposed_text=text, send="1"))
    proposal = Proposal.objects.get(item=item)
    assert response.status_code == 302
    assert response["Location"] == f"/sekretariat/avtale/endringer/{proposal.pk}/"
    assert proposal.kind == Proposal.Kind.AMENDMENT
    assert proposal.section_slug == SECTION
    assert "\r" not in proposal.proposed_text
    assert proposal.in_force_from == dt.date(2023, 9, 1)
    required = {f.elected_body.slug for f in proposal.follow_ups.filter(required_for_adoption=True)}
    assert required == {"radet-representantskap", "viken-fylkesting"}
    assert proposal.follow_ups.count() == 3
    assert AuditEntry.objects.filter(action="followup.proposal.created").exists()


def test_a10_a_refused_amendment_comes_back_beside_its_field_with_the_text_kept(
    client, item, bodies
):
    login(client, "sekretariat-radet")
    data = posted(
        bodies,
        proposed_text="Ny tekst <b>fet</b>",
        required_bodies=[bodies["radet-representantskap"].pk],
        send="1",
    )
    response = client.post(url(item, SECTION), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Viken fylkeskommune" in html  # the party without a body, named
    assert 'id="id_required_bodies_err"' in html
    assert "Ny tekst &lt;b&gt;fet&lt;/b&gt;" in html
    assert not Proposal.objects.exists()
    unchanged = client.post(url(item, SECTION), posted(bodies, send="1", remove=""))
    assert unchanged.status_code == 400
    assert 'id="id_proposed_text_err"' in unchanged.content.decode()


def test_a10_a_new_section_is_named_by_its_heading_and_added_at_the_end(
    client, item, world, bodies
):
    login(client, "sekretariat-radet")
    data = posted(
        bodies,
        section="ny",
        section_heading="Digital samhandling",
        proposed_text="Partene deler dokumenter digitalt.",
        send="1",
    )
    assert client.post(url(item, "ny"), data).status_code == 302
    proposal = Proposal.objects.get(item=item)
    assert (proposal.section_slug, proposal.section_heading) == (
        "digital-samhandling",
        "Digital samhandling",
    )
    for slug in ("radet-representantskap", "viken-fylkesting"):
        _decide(proposal, slug, dt.date(2023, 6, 1))
    version = Proposal.objects.get(pk=proposal.pk).resulting_version
    last = version.sections.order_by("-position").first()
    assert (last.slug, last.body) == ("digital-samhandling", "Partene deler dokumenter digitalt.")


def test_a10_removing_a_section_leaves_it_out_of_the_new_version(item, world, bodies):
    proposal = amendment_propose(
        item=item,
        title="Fjern forpliktelsene",
        text="x",
        section_slug="partenes-forpliktelser",
        proposed_text="",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2023, 5, 1),
        actor=None,
    )
    for slug in ("radet-representantskap", "viken-fylkesting"):
        _decide(proposal, slug, dt.date(2023, 5, 20))
    version = Proposal.objects.get(pk=proposal.pk).resulting_version
    slugs = list(version.sections.values_list("slug", flat=True))
    v1 = list(world.partnership.agreement.special_part.versions.get(number=1).sections.all())
    assert "partenes-forpliktelser" in [s.slug for s in v1]
    assert "partenes-forpliktelser" not in slugs
    assert len(slugs) == len(v1) - 1


@pytest.mark.parametrize("username", ["saksbehandler-baerum", "medlem", "leder"])
def test_a10_only_a_secretariat_proposes_an_amendment(client, item, bodies, username):
    login(client, username)
    assert client.get(url(item, SECTION)).status_code == 403
    assert client.post(url(item, SECTION), posted(bodies, send="1")).status_code == 403
    assert not Proposal.objects.exists()


def test_a10_an_item_without_the_proposal_outcome_explains_what_to_do(client, world):
    meeting = world.meeting(oslo(2023, 3, 20))
    item = world.item(meeting, kind=AgendaItem.Kind.PROPOSAL)
    login(client, "sekretariat-radet")
    html = client.get(url(item, SECTION)).content.decode()
    assert "Record that outcome on the meeting" in html or "Registrer det utfallet" in html
    assert 'name="proposed_text"' not in html


def test_a10_the_amendments_page_lists_the_items_awaiting_a_proposal(client, item):
    login(client, "sekretariat-radet")
    html = client.get("/sekretariat/avtale/endringer/").content.decode()
    assert f"/sekretariat/avtale/endringer/ny/{item.pk}/" in html
    login(client, "saksbehandler-baerum")
    html = client.get("/sekretariat/avtale/endringer/").content.decode()
    assert f"/sekretariat/avtale/endringer/ny/{item.pk}/" not in html


def _decide(proposal: Proposal, slug: str, on: dt.date) -> None:
    followup_record(
        follow_up=proposal.follow_ups.get(elected_body__slug=slug),
        status=Status.ADOPTED,
        on=on,
        body_case_number="PS 7/23",
        decision_text="Vedtatt som foreslått",
        actor=None,
    )


def test_a10_the_new_version_takes_force_from_the_date_given_never_before_adoption(
    item, world, bodies
):
    part = world.partnership.agreement.special_part
    proposal = amendment_propose(
        item=item,
        title="Fire møter",
        text="x",
        section_slug=SECTION,
        proposed_text="Det gjennomføres minst fire møter.",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        in_force_from=dt.date(2023, 5, 2),
        sent_on=dt.date(2023, 5, 1),
        actor=None,
    )
    _decide(proposal, "radet-representantskap", dt.date(2023, 5, 10))
    assert version_in_force(part=part).number == 1, "one party has not adopted it yet"
    _decide(proposal, "viken-fylkesting", dt.date(2023, 5, 20))
    version = Proposal.objects.get(pk=proposal.pk).resulting_version
    assert version.in_force_from == dt.date(2023, 5, 20), "not before the last adoption"
    assert version_in_force(part=part) == version


def test_a10_an_amendment_cannot_take_force_before_it_is_sent(item, bodies):
    from partnerskap.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        amendment_propose(
            item=item,
            title="Fire møter",
            text="x",
            section_slug=SECTION,
            proposed_text="Det gjennomføres minst fire møter.",
            required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
            in_force_from=dt.date(2023, 4, 1),
            sent_on=dt.date(2023, 5, 1),
            actor=None,
        )
    assert exc.value.field == "in_force_from"


@pytest.fixture
def adopted(item, bodies) -> AgreementVersion:
    proposal = amendment_propose(
        item=item,
        title="Fire møter",
        text="x",
        section_slug=SECTION,
        proposed_text="Det gjennomføres minst fire møter.",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2023, 5, 1),
        actor=None,
    )
    for slug in ("radet-representantskap", "viken-fylkesting"):
        _decide(proposal, slug, dt.date(2023, 5, 20))
    version = Proposal.objects.get(pk=proposal.pk).resulting_version
    assert version is not None
    return version


def _sign(client, version: AgreementVersion, party: str, signed_on: str):
    pk = version.part.agreement.partnership.parties.get(slug=party).pk
    values = {"signatory_name": "Sigrid Aasheim", "place": "Sandvika", "signed_on": signed_on}
    return client.post(
        f"/sekretariat/avtale/versjon/{version.pk}/signer/{party}/",
        {f"p{pk}-{k}": v for k, v in values.items()},
    )


def test_a17_a_signature_is_not_dated_in_the_future_nor_before_the_adoption(client, adopted):
    login(client, "sekretariat-radet")
    future = _sign(client, adopted, "asker-og-baerum-rad", "2023-06-02")
    assert future.status_code == 400
    assert "fram i tid" in future.content.decode()
    early = _sign(client, adopted, "asker-og-baerum-rad", "2023-05-19")
    assert early.status_code == 400
    assert not adopted.signatures.exists()
    assert _sign(client, adopted, "asker-og-baerum-rad", "2023-05-25").status_code == 302


def test_a10_a17_the_version_page_shows_the_diff_and_the_history_of_versions(client, adopted):
    login(client, "sekretariat-viken")
    response = client.get(f"/sekretariat/avtale/versjon/{adopted.pk}/")
    html = response.content.decode()
    assert [c.heading for c in response.context["changes"]] == ["Oppfølging av avtalen"]
    assert "satt inn: </span>" in html
    assert "Versjon 1" in html
    assert "Versjon 2" in html
    assert not version_is_signed(version=adopted)
    assert _sign(client, adopted, "viken-fylkeskommune", "2023-05-30").status_code == 302
    login(client, "sekretariat-radet")
    assert _sign(client, adopted, "asker-og-baerum-rad", "2023-05-31").status_code == 302
    assert version_is_signed(version=adopted)
    html = client.get(f"/sekretariat/avtale/versjon/{adopted.pk}/").content.decode()
    assert "signert av alle parter" in html.lower() or "signed by every party" in html.lower()


def test_a10_the_county_case_officer_records_the_county_bodys_adoption(client, item, bodies):
    officer = Person.objects.get(given_name="Kristian", family_name="Lunde")
    officer.user = UserFactory(username="saksbehandler-viken")
    officer.save()
    proposal = amendment_propose(
        item=item,
        title="Fire møter",
        text="x",
        section_slug=SECTION,
        proposed_text="Det gjennomføres minst fire møter.",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        sent_on=dt.date(2023, 5, 1),
        actor=None,
    )
    county = proposal.follow_ups.get(elected_body__slug="viken-fylkesting")
    council = proposal.follow_ups.get(elected_body__slug="radet-representantskap")
    login(client, "saksbehandler-viken")
    refused = client.post(f"/sekretariat/oppfolging/{council.pk}/", {})
    assert refused.status_code == 403
    data = {
        "status": "adopted",
        "on": "2023-05-20",
        "body_case_number": "FT-sak 12/23",
        "decision_text": "Vedtatt",
        "lock_version": county.lock_version,
    }
    response = client.post(
        f"/sekretariat/oppfolging/{county.pk}/", {f"f{county.pk}-{k}": v for k, v in data.items()}
    )
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.status == Status.ADOPTED
