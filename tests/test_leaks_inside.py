"""L3/L8 inside: closed items' real title, text and areas and exempt documents' title, file and
text are shown only to those who read the partnership's exempt content
(``people.policy.can_read_exempt``), on every back-office page, file, API answer and e-mail.

The dataset is the canary dataset (``tests.canary``: closed items, committees set up in closed
session, internal minutes, exempt documents, all carrying ``CANARY``), with what only the inside
shows: the closed item's proposal sent to Bærum's council too (so it is on the Bærum case
officer's follow-up list and dashboard) and a committee report under a closed item; this
module adds this year's annual cycle adopted under a closed item. A case officer
(no exempt access) and a member of another partnership crawl everything the back office links
to, every document file and the API: the canary appears nowhere. A secretariat does see it."""

from __future__ import annotations

import datetime as dt
from collections import deque
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import DocumentFile
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.cycle import CycleEntry, annual_cycle_adopt, annual_cycle_draft
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.people import policy
from partnerskap.people.models import Membership, Person, Role
from tests.api.conftest import token_for
from tests.canary import CANARY
from tests.factories import PartnershipFactory, UserFactory
from tests.test_leaks import _links, _text
from tests.world import oslo

# With the shared page cache on, as in production: signed-in readers never reach it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

#: Where a crawl of the inside starts; it then follows every link it finds there.
START = [
    "/sekretariat/",
    "/sekretariat/moter/",
    "/sekretariat/oppfolging/",
    "/sekretariat/utvalg/",
    "/sekretariat/avtale/",
    "/sekretariat/avtale/endringer/",
    "/sekretariat/arshjul/",
    "/sekretariat/kostnader/",
]
#: Not crawled: the sign-out (it would end the session), the admin (operators only, another
#: test), static files, and the language switch.
SKIP = ("/sekretariat/logg-ut/", "/admin/", "/static/", "/i18n/")
FOLLOW = ("/sekretariat/", "/dokumenter/", "/api/v1/")
MAX_URLS = 3000
#: The query parameters a crawl keeps: the page of a list, the chosen partnership or body.
QUERY_KEPT = ("side", "partnerskap", "organ", "cursor", "limit")


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def seeded(canary, mailoutbox):
    """The canary dataset, with the mail its notices sent."""
    return canary


@pytest.fixture
def outsider(world):
    """A member of another partnership: exempt access there, none here."""
    other = PartnershipFactory()
    person = Person.objects.create(given_name="Ola", family_name="Utenfor", email="")
    account = UserFactory(username="medlem-annet")
    person.user = account
    person.save()
    Membership.objects.create(
        person=person,
        party=other.parties.first(),
        role=Role.MEMBER,
        valid_from=dt.date(2020, 1, 1),
    )
    return account


#: The kinds of page a crawl must reach (the first two segments of the path).
KINDS = {
    "sekretariat",
    "sekretariat/moter",
    "sekretariat/saker",
    "sekretariat/oppfolging",
    "sekretariat/utvalg",
    "sekretariat/arshjul",
    "sekretariat/avtale",
    "sekretariat/kostnader",
    "dokumenter/fil",
}


def _kind(path: str) -> str:
    return "/".join(urlsplit(path).path.strip("/").split("/")[:2]) or "/"


def _inside(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in ("testserver", ""):
        return None
    # Sorting and filtering show the same rows again: only pages and choices lead further.
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in QUERY_KEPT])
    path = parts.path + (f"?{query}" if query else "")
    if not path.startswith(FOLLOW) or path.startswith(SKIP):
        return None
    return path


def _direct(record) -> list[str]:
    """Pages and files a crawler might not reach by links: every item, meeting, committee, year
    page and stored file of the dataset."""
    urls = [f"/sekretariat/saker/{pk}/" for pk in AgendaItem.objects.values_list("pk", flat=True)]
    urls += [f"/sekretariat/moter/{pk}/" for pk in Meeting.objects.values_list("pk", flat=True)]
    urls += [f"/sekretariat/utvalg/{pk}/" for pk in Committee.objects.values_list("pk", flat=True)]
    urls += [f"/dokumenter/fil/{pk}/" for pk in DocumentFile.objects.values_list("pk", flat=True)]
    urls += [
        f"/sekretariat/arshjul/{record.slug}/{year}/"
        for year in [2022, *AnnualCycle.objects.values_list("year", flat=True)]
    ]
    return urls


def _crawl(client, start: list[str], **headers: str) -> dict[str, str]:
    """Every inside URL reachable from ``start``: path → the text of its answer."""
    queue = deque(start)
    seen: dict[str, str] = {}
    while queue and len(seen) < MAX_URLS:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, headers=headers)
        text = _text(response) + str(response.headers)
        seen[path] = text
        if response.status_code == 200:
            for link in _links(path, text):
                local = _inside(link)
                if local and local not in seen:
                    queue.append(local)
    assert len(seen) < MAX_URLS, "the crawl did not finish; raise MAX_URLS"
    return seen


def _adopt_cycle_under_closed_item(world) -> None:
    """The 2022 cycle adopted under a closed procedural item (the year page names the item)."""
    meeting = world.meeting(oslo(2022, 6, 1))
    item = world.item(
        meeting,
        kind=AgendaItem.Kind.PROCEDURAL,
        title=f"Årshjul {CANARY}",
        procedural_subject=AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
    )
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=item, legal_basis=basis, public_title="Årshjul (lukket)", actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=item, outcome=AgendaItem.Outcome.PROCEDURAL, outcome_text="", actor=None
    )
    cycle = annual_cycle_draft(
        partnership=world.partnership,
        year=2022,
        entries=[CycleEntry(AnnualCycleEntry.Kind.MILESTONE, dt.date(2022, 9, 1), "Budsjett")],
        actor=None,
    )
    annual_cycle_adopt(cycle=cycle, item=item, actor=None)


@pytest.mark.parametrize("who", ["saksbehandler-baerum", "medlem-annet"])
def test_l3_l8_no_inside_surface_shows_exempt_content_without_exempt_access(
    client, seeded, outsider, mailoutbox, who
):
    assert AgendaItem.objects.filter(title__contains=CANARY, closed_session__isnull=False)
    account = _user(who)
    client.force_login(account)
    seen = _crawl(client, START + _direct(seeded))
    leaks = [path for path, text in seen.items() if CANARY in text]
    assert not leaks, f"{who} reads exempt content at {leaks}"
    # The crawl really went through every kind of back-office page and the files.
    assert len(seen) > 30
    assert {_kind(path) for path in seen} >= KINDS
    # The API with the same user's token: everything it links to, and every item and meeting.
    client.logout()
    api = ["/api/v1/", "/api/v1/agenda-items/", "/api/v1/proposals/", "/api/v1/follow-ups/"]
    api += [f"/api/v1/agenda-items/{pk}/" for pk in AgendaItem.objects.values_list("pk", flat=True)]
    api += [f"/api/v1/meetings/{pk}/" for pk in Meeting.objects.values_list("pk", flat=True)]
    answers = _crawl(client, api, Authorization=f"Bearer {token_for(who)}")
    assert len(answers) > 30
    leaks = [path for path, text in answers.items() if CANARY in text]
    assert not leaks, f"{who}'s token reads exempt content at {leaks}"
    # No e-mail the dataset sent (the notices) carries it either.
    assert mailoutbox
    for message in mailoutbox:
        assert CANARY not in message.subject + message.body, message.to


def test_l3_the_case_officer_sees_the_closed_items_by_their_public_form(client, seeded):
    """The canary test above means something only if the closed content is on those pages."""
    client.force_login(_user("saksbehandler-baerum"))
    meeting = client.get(f"/sekretariat/moter/{seeded.meeting.pk}/").content.decode()
    assert "Personalsak" in meeting
    assert seeded.closed_item.case_number in meeting
    follow_ups = client.get("/sekretariat/oppfolging/").content.decode()
    assert f"Proposal under {seeded.closed_item.case_number} Personalsak" in follow_ups or (
        f"Forslag fra {seeded.closed_item.case_number} Personalsak" in follow_ups
    )
    dashboard = client.get("/sekretariat/").content.decode()
    assert seeded.closed_item.case_number in dashboard


def test_l3_l8_the_secretariat_does_read_the_exempt_content(client, world, seeded):
    """The other half: where it belongs, the content is there for those with exempt access."""
    _adopt_cycle_under_closed_item(world)
    client.force_login(_user("sekretariat-radet"))
    pages = {
        "meeting": f"/sekretariat/moter/{seeded.meeting.pk}/",
        "item": f"/sekretariat/saker/{seeded.closed_item.pk}/",
        "follow-ups": "/sekretariat/oppfolging/",
        "dashboard": "/sekretariat/",
        "committee": f"/sekretariat/utvalg/{seeded.closed_committee.pk}/",
        "year": f"/sekretariat/arshjul/{seeded.slug}/2022/",
    }
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert CANARY in response.content.decode(), name
    files = [
        _text(client.get(f"/dokumenter/fil/{pk}/"))
        for pk in DocumentFile.objects.values_list("pk", flat=True)
    ]
    assert sum(CANARY in text for text in files) >= 5


def test_l3_the_year_page_names_a_closed_adopting_item_by_its_public_title(client, world, seeded):
    _adopt_cycle_under_closed_item(world)
    client.force_login(_user("saksbehandler-baerum"))
    page = client.get(f"/sekretariat/arshjul/{seeded.slug}/2022/").content.decode()
    assert "Årshjul (lukket)" in page
    assert CANARY not in page


def test_l3_f2_the_case_officer_does_not_see_a_closed_title_on_the_demo_meeting_page(client, demo):
    """F2: signed in as ``saksbehandler-baerum``, the demo's fourth meeting (/sekretariat/moter/4/
    on a fresh database) showed a closed item's real title and areas in its agenda."""
    meeting = Meeting.objects.order_by("pk")[3]
    closed = meeting.items.select_related("closed_session").get(closed_session__isnull=False)
    areas = [a.name for a in closed.areas.all()]
    client.force_login(_user("saksbehandler-baerum"))
    page = client.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
    assert closed.closed_session.public_title in page
    assert closed.title not in page
    rows = page[page.index('id="agenda"') :].split("<li")
    row = next(r for r in rows if closed.case_number in r)
    assert areas
    for name in areas:
        assert name not in row  # its areas are closed content too
    # The secretariat still sees it all.
    client.force_login(_user("sekretariat-radet"))
    page = client.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
    assert closed.title in page
    assert all(name in page for name in areas)


def test_l3_party_of_another_partnership_is_not_a_reader(world, outsider):
    """The member of another partnership reads exempt content there, not here."""
    assert not policy.can_read_exempt(outsider, world.partnership)
    assert policy.can_read_exempt(
        outsider, Partnership.objects.exclude(pk=world.partnership.pk).get()
    )


def test_l3_no_demo_back_office_page_shows_the_case_officer_a_closed_items_real_title(client, demo):
    """F2 everywhere: the whole demo back office, crawled as the Bærum case officer."""
    closed = list(AgendaItem.objects.filter(closed_session__isnull=False))
    assert closed
    client.force_login(_user("saksbehandler-baerum"))
    start = START + [f"/sekretariat/saker/{item.pk}/" for item in closed]
    seen = _crawl(client, start)
    assert len(seen) > 60
    assert {_kind(path) for path in seen} >= KINDS - {"dokumenter/fil"}
    for item in closed:
        leaks = [path for path, text in seen.items() if item.title in text]
        assert not leaks, f"{item.case_number}'s real title at {leaks}"
