"""The agenda item screen: editing with optimistic locking (issue 5 point 5: a stale second save
is refused, shows what changed and overwrites nothing), attaching documents (uploads checked
before anything is stored), and what each persona may see and do."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.documents import storage
from partnerskap.documents.models import Document
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.documents import files
from tests.search.conftest import close
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def item(world) -> AgendaItem:
    meeting = world.meeting(oslo(2024, 3, 12))
    return world.item(meeting, title="Innfartsparkering", case_presentation="Første utkast.")


def edit(client: Client, item: AgendaItem, lock_version: int, **changes: str):
    data = {
        "title": item.title,
        "areas": [a.pk for a in item.areas.all()],
        "case_presentation": item.case_presentation,
        "recommendation": item.recommendation,
        "lock_version": str(lock_version),
        **changes,
    }
    return client.post(f"/sekretariat/saker/{item.pk}/endre/", data)


def test_the_secretariat_edits_an_item_and_the_history_shows_the_change(item):
    client = signed_in("sekretariat-radet")
    page = client.get(f"/sekretariat/saker/{item.pk}/")
    assert page.status_code == 200
    assert 'name="lock_version" value="0"' in page.content.decode()
    response = edit(client, item, 0, title="Innfartsparkering ved Bekkestua")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Innfartsparkering ved Bekkestua"
    assert item.lock_version == 1
    html = client.get(f"/sekretariat/saker/{item.pk}/").content.decode()
    assert "Saken ble endret." in html
    assert "Innfartsparkering</del>" in html
    assert "Innfartsparkering ved Bekkestua</ins>" in html


def test_a_stale_second_save_is_refused_shows_what_changed_and_overwrites_nothing(item):
    first, second = signed_in("sekretariat-radet"), signed_in("admin")
    assert edit(first, item, 0, case_presentation="Ny tekst fra rådet.").status_code == 302

    refused = edit(second, item, 0, case_presentation="Annen tekst fra admin.")

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Ny tekst fra rådet." in html  # what is saved now
    assert "Annen tekst fra admin." in html  # the user's own text is kept
    assert 'name="lock_version" value="1"' in html  # a deliberate second save may overwrite
    item.refresh_from_db()
    assert item.case_presentation == "Ny tekst fra rådet."
    assert AuditEntry.objects.filter(action="meetings.item.updated").count() == 1

    assert edit(second, item, 1, case_presentation="Annen tekst fra admin.").status_code == 302
    item.refresh_from_db()
    assert item.case_presentation == "Annen tekst fra admin."


def test_an_invalid_edit_keeps_the_input_and_says_what_to_fix(item):
    response = edit(signed_in("sekretariat-radet"), item, 0, title="Nytt navn", areas=[])
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nytt navn" in html
    assert "ds-validation-message" in html or 'role="alert"' in html
    item.refresh_from_db()
    assert item.title == "Innfartsparkering"


@pytest.mark.parametrize("username", ["medlem", "leder", "saksbehandler-baerum"])
def test_only_secretariats_edit_items_and_attach_documents(item, username):
    client = signed_in(username)
    assert client.get(f"/sekretariat/saker/{item.pk}/").status_code == 200
    response = edit(client, item, 0, title="Endret av feil person")
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "Innfartsparkering"
    upload = client.post(
        f"/sekretariat/saker/{item.pk}/dokumenter/",
        {"title": "X", "document_type": "vedlegg", "document_date": "2024-03-01", "file": pdf()},
    )
    assert upload.status_code == 403
    assert not Document.objects.exists()


def test_a_user_without_a_role_in_the_partnership_does_not_find_the_item(item):
    get_user_model().objects.create_user("utenforstaaende", password="x")
    response = signed_in("utenforstaaende").get(f"/sekretariat/saker/{item.pk}/")
    assert response.status_code == 404


def pdf(text: str = "Saksframlegg om parkering", name: str = "saksframlegg.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, files.pdf(text), content_type="application/pdf")


def test_the_secretariat_attaches_a_document_and_its_text_is_extracted(item, jobs_after):
    client = signed_in("sekretariat-radet")
    with jobs_after():
        response = client.post(
            f"/sekretariat/saker/{item.pk}/dokumenter/",
            {
                "title": "Saksframlegg",
                "document_type": "saksframlegg",
                "document_date": "2024-03-01",
                "file": pdf(),
            },
        )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.item == item
    assert "parkering" in document.files.get().text
    assert "Saksframlegg" in client.get(f"/sekretariat/saker/{item.pk}/").content.decode()


def test_a_disguised_upload_is_refused_next_to_the_field_and_nothing_is_stored(item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "innkalling.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = signed_in("sekretariat-radet").post(
        f"/sekretariat/saker/{item.pk}/dokumenter/",
        {
            "title": "Innkalling",
            "document_type": "vedlegg",
            "document_date": "2024-03-01",
            "file": fake,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file_err"' in html
    assert 'value="Innkalling"' in html  # the rest of the form is kept
    assert not Document.objects.exists()
    assert list(storage.all_blobs()) == []


def test_l8_an_exempt_document_needs_its_legal_basis_and_members_read_it(item):
    basis = LegalBasis.objects.get(code="offl-13")
    response = signed_in("sekretariat-radet").post(
        f"/sekretariat/saker/{item.pk}/dokumenter/",
        {
            "title": "Lønnsoppgave Kari",
            "document_type": "vedlegg",
            "document_date": "2024-03-01",
            "file": pdf("Lønn"),
            "legal_basis": basis.pk,
            "public_title": "Unntatt vedlegg",
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().is_exempt
    assert (
        "Lønnsoppgave Kari"
        in signed_in("medlem").get(f"/sekretariat/saker/{item.pk}/").content.decode()
    )
    officer = signed_in("saksbehandler-baerum").get(f"/sekretariat/saker/{item.pk}/")
    assert "Unntatt vedlegg" not in officer.content.decode()  # the agenda is not public yet
    meeting_publish_notice(meeting=item.meeting, actor=None)
    officer = signed_in("saksbehandler-baerum").get(f"/sekretariat/saker/{item.pk}/")
    assert "Lønnsoppgave Kari" not in officer.content.decode()
    assert "Unntatt vedlegg" in officer.content.decode()


def test_l3_a_closed_item_shows_only_its_public_title_to_those_who_may_not_read_it(item):
    close(item, public_title="Personalsak")
    officer = signed_in("saksbehandler-baerum").get(f"/sekretariat/saker/{item.pk}/")
    html = officer.content.decode()
    assert "Personalsak" in html
    assert "Innfartsparkering" not in html
    assert "Første utkast." not in html
    member = signed_in("medlem").get(f"/sekretariat/saker/{item.pk}/").content.decode()
    assert "Innfartsparkering" in member


def vote(client: Client, item: AgendaItem, **choices: str):
    from partnerskap.agreements.models import Party

    data = {"vote-motion": "Innstillingen"}
    for slug, choice in choices.items():
        data[f"vote-party_{Party.objects.get(slug=slug.replace('_', '-')).pk}"] = choice
    return client.post(f"/sekretariat/saker/{item.pk}/stemmer/", data)


def test_l4_the_secretariat_records_each_partys_vote_on_a_motion(world):
    meeting = world.meeting(oslo(2023, 3, 14))
    item = world.item(meeting, title="Felles klimaregnskap")
    meeting_publish_notice(meeting=meeting, actor=None)
    client = signed_in("admin")
    response = vote(client, item, asker_og_baerum_rad="for", viken_fylkeskommune="against")
    assert response.status_code == 302
    assert sorted(item.votes.values_list("party__slug", "choice")) == [
        ("asker-og-baerum-rad", "for"),
        ("viken-fylkeskommune", "against"),
    ]
    html = client.get(f"/sekretariat/saker/{item.pk}/").content.decode()
    assert "Innstillingen" in html


def test_a1_an_ended_party_is_not_offered_a_vote(world):
    meeting = world.meeting(oslo(2024, 3, 12))
    item = world.item(meeting, title="Overgang til Akershus")
    meeting_publish_notice(meeting=meeting, actor=None)
    html = signed_in("sekretariat-radet").get(f"/sekretariat/saker/{item.pk}/").content.decode()
    assert "Asker og Bærum" in html.split('id="votes-h"')[1]
    assert "Viken fylkeskommune</label>" not in html


def test_a_vote_needs_a_partys_choice_and_a_published_notice(item):
    client = signed_in("sekretariat-radet")
    early = vote(client, item, asker_og_baerum_rad="for")
    assert early.status_code == 409
    assert "Stemmer registreres i møtet, før møteboken godkjennes." in early.content.decode()
    meeting_publish_notice(meeting=item.meeting, actor=None)
    empty = vote(client, item)
    assert empty.status_code == 400
    assert 'value="Innstillingen"' in empty.content.decode()
    assert not item.votes.exists()
    assert vote(signed_in("medlem"), item, asker_og_baerum_rad="for").status_code == 403
    assert not item.votes.exists()


def test_the_item_screen_keeps_its_queries_constant_as_documents_votes_and_history_grow(
    item, jobs_after
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerskap.agreements.models import Party
    from partnerskap.meetings.services.agenda import vote_record

    client = signed_in("sekretariat-radet")
    url = f"/sekretariat/saker/{item.pk}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    meeting_publish_notice(meeting=item.meeting, actor=None)
    council = Party.objects.get(slug="asker-og-baerum-rad")

    def grow(numbers: range) -> None:
        with jobs_after():
            for i in numbers:
                upload(item, i)
                vote_record(
                    item=item, motion=f"Forslag {i}", party=council, choice="for", actor=None
                )
                edit(client, item, item.lock_version, title=f"Innfartsparkering {i}")
                item.refresh_from_db()
        client.get(url)  # shows (and so clears) the «saved» message

    grow(range(1))
    few = count()
    grow(range(1, 8))
    assert count() == few


def upload(item: AgendaItem, i: int) -> None:
    from partnerskap.documents.services import document_upload

    document_upload(
        owner=item,
        title=f"Vedlegg {i}",
        document_type=Document.Type.VEDLEGG,
        document_date=item.meeting.date,
        content=files.pdf(f"Vedlegg nummer {i}"),
        actor=None,
    )
