"""People, roles, substitutes, elected bodies and places in the back office: every secretariat
task the admin did, through the services (L7, L10, A8). A party's secretariat keeps its own
party's people; the other party sees them and cannot change them. The people list keeps a
constant number of queries as the parties grow."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerskap.agreements.models import ElectedBody, Party
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import Location, Meeting
from partnerskap.meetings.services.places import location_update
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.services import membership_create, substitutes_current
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
SLUG = "asker-baerum-viken-2020-2024"
IN_2024 = dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC)


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def council() -> Party:
    return Party.objects.get(slug="asker-og-baerum-rad")


@pytest.fixture
def in_2024():
    with time_machine.travel(IN_2024, tick=True):
        yield


def test_l7_the_secretariat_registers_a_substitute_second_in_order(client, bare_demo, in_2024):
    login(client, "sekretariat-radet")
    page = client.get("/sekretariat/personer/ny/?part=asker-og-baerum-rad&rolle=substitute")
    assert page.status_code == 200
    response = client.post(
        "/sekretariat/personer/ny/",
        {
            "given_name": "Kari",
            "family_name": "Varå <b>",
            "email": "kari@example.invalid",
            "title": "Varamedlem",
            "party": council().pk,
            "role": "substitute",
            "valid_from": "2024-05-02",
            "substitute_order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(family_name="Varå <b>")
    assert response["Location"] == f"/sekretariat/personer/{person.pk}/"
    order = [m.person.family_name for m in substitutes_current(party=council())]
    assert order == ["Varå <b>", "Storli"]
    listing = client.get(f"/sekretariat/personer/?partnerskap={SLUG}").content.decode()
    assert "Varå &lt;b&gt;" in listing
    assert listing.index("Varå &lt;b&gt;") < listing.index("Storli"), "in the order"
    # Then the order is changed: the new one second.
    url = "/sekretariat/parter/asker-og-baerum-rad/varamedlemmer/"
    subs = list(substitutes_current(party=council()))
    form = client.get(url)
    assert form.status_code == 200
    saved = client.post(url, {f"order_{subs[0].pk}": "2", f"order_{subs[1].pk}": "1"})
    assert saved.status_code == 302
    assert [m.person.family_name for m in substitutes_current(party=council())] == [
        "Storli",
        "Varå <b>",
    ]
    same = client.post(url, {f"order_{subs[0].pk}": "1", f"order_{subs[1].pk}": "1"})
    assert same.status_code == 400
    assert "Gi hvert varamedlem et eget nummer." in same.content.decode()


def test_the_person_page_corrects_details_adds_and_ends_roles(client, bare_demo, in_2024):
    login(client, "sekretariat-radet")
    storli = Person.objects.get(family_name="Storli")
    url = f"/sekretariat/personer/{storli.pk}/"
    page = client.get(url).content.decode()
    assert "Correct name, e-mail or title" in page or "Rett navn" in page
    edited = client.post(
        f"{url}endre/",
        {
            "person-given_name": "Mari",
            "person-family_name": "Storli",
            "person-email": "mari@example.invalid",
            "person-title": "Varamedlem <i>1</i>",
        },
    )
    assert edited.status_code == 302
    storli.refresh_from_db()
    assert storli.title == "Varamedlem <i>1</i>"
    added = client.post(
        f"{url}roller/",
        {"role-party": council().pk, "role-role": "case_officer", "role-valid_from": "2024-05-02"},
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    officer = Membership.objects.get(person=storli, role=Role.CASE_OFFICER)
    ended = client.post(
        f"/sekretariat/roller/{officer.pk}/avslutt/", {"end-valid_to": "2024-04-01"}
    )
    assert ended.status_code == 400, "before it starts"
    assert (
        "cannot end before it starts" in ended.content.decode() or "før" in ended.content.decode()
    )
    ended = client.post(
        f"/sekretariat/roller/{officer.pk}/avslutt/", {"end-valid_to": "2024-06-30"}
    )
    assert ended.status_code == 302
    officer.refresh_from_db()
    assert officer.valid_to == dt.date(2024, 6, 30)
    actions = set(
        AuditEntry.objects.filter(actor__username="sekretariat-radet").values_list(
            "action", flat=True
        )
    )
    assert {"people.person.updated", "people.membership.created", "people.membership.ended"} <= (
        actions
    )


def test_a8_a_second_chair_is_refused_with_a_readable_message(client, bare_demo, in_2024):
    login(client, "sekretariat-radet")
    response = client.post(
        "/sekretariat/personer/ny/",
        {
            "given_name": "Ola",
            "family_name": "Nyleder",
            "party": council().pk,
            "role": "chair",
            "valid_from": "2024-05-02",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Aasheim" in html, "names the current chair"
    assert "people.membership" not in html
    assert not Person.objects.filter(family_name="Nyleder").exists()


def test_the_other_party_sees_the_people_but_cannot_change_them(client, bare_demo, in_2024):
    viken = Membership.objects.filter(party__slug="viken-fylkeskommune", role=Role.MEMBER)
    person = viken.order_by("pk")[0].person
    login(client, "sekretariat-radet")
    page = client.get(f"/sekretariat/personer/{person.pk}/")
    assert page.status_code == 200
    assert f'action="/sekretariat/personer/{person.pk}/endre/"' not in page.content.decode()
    refused = client.post(
        f"/sekretariat/personer/{person.pk}/endre/",
        {"person-given_name": "X", "person-family_name": "Y"},
    )
    assert refused.status_code == 403
    # Viken's roles ended with 2023: the list on a day of 2023 shows them.
    listing = client.get(f"/sekretariat/personer/?partnerskap={SLUG}&dato=2023-05-02")
    assert person.family_name in listing.content.decode()
    listing = listing.content.decode()
    assert "/sekretariat/parter/viken-fylkeskommune/varamedlemmer/" not in listing


def test_a_member_sees_the_people_and_no_forms(client, bare_demo, in_2024):
    login(client, "medlem")
    listing = client.get(f"/sekretariat/personer/?partnerskap={SLUG}")
    assert listing.status_code == 200
    assert "/sekretariat/personer/ny/" not in listing.content.decode()
    storli = Person.objects.get(family_name="Storli")
    page = client.get(f"/sekretariat/personer/{storli.pk}/").content.decode()
    assert '<form method="post"' not in page.split("</header>")[-1].split("<footer")[0]


def test_elected_bodies_are_registered_renamed_and_ended(client, bare_demo, in_2024):
    login(client, "sekretariat-radet")
    listing = client.get(f"/sekretariat/organer/?partnerskap={SLUG}")
    assert listing.status_code == 200
    assert "Asker kommunestyre" in listing.content.decode()
    asker = Party.objects.get(slug="asker-kommune")
    created = client.post(
        f"/sekretariat/organer/ny/?partnerskap={SLUG}",
        {"party": asker.pk, "name": "Asker formannskap", "kind": "executive_committee"},
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    body = ElectedBody.objects.get(name="Asker formannskap")
    renamed = client.post(f"/sekretariat/organer/{body.pk}/navn/", {"rename-name": "Asker utvalg"})
    assert renamed.status_code == 302
    ended = client.post(f"/sekretariat/organer/{body.pk}/avslutt/", {"end-valid_to": "2024-12-31"})
    assert ended.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.valid_to) == ("Asker utvalg", dt.date(2024, 12, 31))
    viken_body = ElectedBody.objects.get(slug="viken-fylkesting")
    refused = client.post(f"/sekretariat/organer/{viken_body.pk}/navn/", {"rename-name": "X"})
    assert refused.status_code == 403


def test_a_place_is_registered_corrected_and_offered_on_the_meeting_form(client, demo, in_2024):
    login(client, "sekretariat-radet")
    created = client.post(
        "/sekretariat/steder/ny/",
        {
            "name": "Bærum rådhus <b>",
            "room": "Sal 1",
            "address": "Arnold Haukelands plass 10",
            "accessibility": "Trinnfri inngang; teleslynge.",
        },
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    place = Location.objects.get(name="Bærum rådhus <b>")
    listing = client.get("/sekretariat/steder/").content.decode()
    assert "Bærum rådhus &lt;b&gt;, Sal 1" in listing
    assert "Trinnfri inngang; teleslynge." in listing
    edited = client.post(
        f"/sekretariat/steder/{place.pk}/",
        {"name": "Bærum rådhus", "room": "Sal 1", "address": "", "accessibility": "Heis."},
    )
    assert edited.status_code == 302
    place.refresh_from_db()
    assert place.accessibility == "Heis."
    form = client.get("/sekretariat/moter/ny/").content.decode()
    assert f'value="{place.pk}"' in form
    # The public meeting page tells visitors about the place's accessibility.
    meeting = Meeting.objects.filter(
        partnership__slug=SLUG, status="minutes_approved", location__isnull=False
    ).first()
    assert meeting is not None
    location_update(
        location=meeting.location,
        name=meeting.location.name,
        room=meeting.location.room,
        address=meeting.location.address,
        accessibility="Teleslynge <i>i</i> salen.",
        actor=None,
    )
    public = client.get(reverse("portal:meeting", args=[SLUG, meeting.pk])).content.decode()
    assert "Teleslynge &lt;i&gt;i&lt;/i&gt; salen." in public


def test_the_people_list_keeps_a_constant_number_of_queries(client, bare_demo, in_2024):
    login(client, "sekretariat-radet")
    url = f"/sekretariat/personer/?partnerskap={SLUG}"

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    for party in Party.objects.all():
        for role in (Role.MEMBER, Role.SUBSTITUTE, Role.CASE_OFFICER):
            for _ in range(3):
                membership_create(
                    person=PersonFactory(),
                    party=party,
                    role=role,
                    valid_from=dt.date(2024, 1, 1),
                    actor=None,
                )
    assert Membership.objects.count() > 40
    assert count() == before
