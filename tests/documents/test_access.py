"""L8: every download goes through the access check; the public sees exempt documents' existence,
title and legal basis, never their content or file; documents on closed items are never public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.selectors import documents_for, documents_public, file_readable
from partnerskap.documents.services import (
    document_public_variant_set,
    document_update,
    document_upload,
    document_version_add,
)
from partnerskap.meetings.services.agenda import agenda_item_close
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.documents import files
from tests.documents.conftest import user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2022, 3, 1)


def upload(owner, data=None, **kwargs) -> Document:
    return document_upload(
        owner=owner,
        title=kwargs.pop("title", "Saksframlegg"),
        document_type=kwargs.pop("document_type", Document.Type.SAKSFRAMLEGG),
        document_date=DAY,
        content=data if data is not None else files.pdf(),
        filename=kwargs.pop("filename", "Saksframlegg «innfart».pdf"),
        actor=None,
        **kwargs,
    )


def url(file: DocumentFile) -> str:
    return reverse("documents:file", kwargs={"pk": file.pk})


def read(response) -> bytes:
    """The body; reading a streamed file to its end closes it the way a WSGI server would
    (calling ``close()`` here would also close the test's database connection)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def status(client, target: str, **headers) -> int:
    response = client.get(target, **headers)
    read(response)
    return response.status_code


def main(document: Document, version: int = 1) -> DocumentFile:
    return document.files.get(version=version, variant=DocumentFile.Variant.MAIN)


def test_a_public_file_is_served_with_its_type_name_and_nosniff(client, published):
    item = published().items.get()
    data = files.pdf()
    document = upload(item, data)
    response = client.get(url(main(document)))
    assert response.status_code == 200
    assert read(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(data))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert 'filename="Saksframlegg innfart.pdf"' in disposition
    assert "filename*=UTF-8''Saksframlegg%20%C2%ABinnfart%C2%BB.pdf" in disposition
    assert "public" in response["Cache-Control"]


def test_office_files_are_downloaded_not_shown(client, published):
    item = published().items.get()
    document = upload(item, files.docx_file(), filename="Notat.docx")
    response = client.get(url(main(document)))
    read(response)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Notat.docx"')
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_a_conditional_get_and_head_work(client, published):
    document = upload(published().items.get())
    file = main(document)
    assert status(client, url(file), HTTP_IF_NONE_MATCH=f'"{file.sha256}"') == 304
    head = client.head(url(file))
    read(head)
    assert head.status_code == 200
    assert client.post(url(file)).status_code == 405


def test_l8_an_exempt_file_is_404_to_the_public_and_others_but_served_to_members(
    client, published, offl13
):
    meeting = published()
    document = upload(
        meeting.items.get(),
        title="Avtale med leverandør AS",
        legal_basis=offl13,
        public_title="Avtale om kjøp",
    )
    target = url(main(document))
    assert status(client, target) == 404
    client.force_login(UserFactory())
    assert status(client, target) == 404
    client.force_login(user("saksbehandler-baerum"))  # a case officer, not a member
    assert status(client, target) == 404
    client.force_login(user("medlem"))
    response = client.get(target)
    read(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # The public sees that it exists, its neutral title and why it is withheld.
    [entry] = documents_public(meeting=meeting, include_items=True)
    assert entry.title == "Avtale om kjøp"
    assert entry.exempt
    assert entry.legal_basis == "offentleglova § 13 – taushetsplikt"
    assert entry.file is None


def test_l8_the_public_gets_the_redacted_variant_of_an_exempt_document(client, published, offl13):
    meeting = published()
    document = upload(
        meeting.items.get(),
        legal_basis=offl13,
        public_content=files.pdf("Sladdet versjon"),
        public_filename="sladdet.pdf",
    )
    redacted = document.files.get(variant=DocumentFile.Variant.PUBLIC)
    assert status(client, url(main(document))) == 404
    assert status(client, url(redacted)) == 200
    [entry] = documents_public(meeting=meeting, include_items=True)
    assert entry.file is not None
    assert entry.file.pk == redacted.pk
    # Members get the full file first, and see that the public gets another one.
    [full] = documents_for(
        user=user("medlem"), partnership=meeting.partnership, meeting=meeting, include_items=True
    )
    assert full.file is not None
    assert full.file.pk == main(document).pk
    assert full.public_file is not None
    assert full.public_file.pk == redacted.pk
    # Withdrawing the redacted variant leaves only the title public.
    document_public_variant_set(document=document, content=None, actor=None)
    assert status(client, url(redacted)) == 404


def test_l3_a_document_on_a_closed_item_is_never_public(client, world):
    meeting = world.meeting()
    item = world.item(meeting)
    agenda_item_close(
        item=item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    document = upload(item, title="Vurdering av søker")  # not even marked exempt
    meeting_publish_notice(meeting=meeting, actor=None)
    assert documents_public(meeting=meeting, include_items=True) == []
    assert status(client, url(main(document))) == 404
    client.force_login(user("medlem"))
    assert status(client, url(main(document))) == 200


def test_l1_item_documents_become_public_with_the_notice(client, world):
    meeting = world.meeting()
    item = world.item(meeting)
    document = upload(item)
    assert status(client, url(main(document))) == 404
    assert documents_public(item=item) == []
    meeting_publish_notice(meeting=meeting, actor=None)
    assert status(client, url(main(document))) == 200
    assert [e.pk for e in documents_public(item=item)] == [document.pk]


def test_only_the_latest_version_is_public(client, published):
    document = upload(published().items.get(), files.pdf("Første utkast"))
    document_version_add(document=document, content=files.pdf("Endelig versjon"), actor=None)
    assert status(client, url(main(document, 1))) == 404
    assert status(client, url(main(document, 2))) == 200
    client.force_login(user("medlem"))
    assert status(client, url(main(document, 1))) == 200


def test_l8_exempting_a_document_later_withdraws_its_file(client, published, offl13):
    document = upload(published().items.get())
    target = url(main(document))
    assert status(client, target) == 200
    document_update(
        document=document,
        title=document.title,
        document_type=document.document_type,
        document_date=document.document_date,
        legal_basis=offl13,
        actor=None,
    )
    assert status(client, target) == 404


def test_documents_of_proposals_and_committees_from_closed_items_are_not_public(client, world):
    from tests.feeds.conftest import make_record

    record = make_record(world)
    committee = record.committee_item.committee_established
    open_doc = upload(record.open_proposal, title="Forslag, vedlegg")
    closed_doc = upload(record.closed_proposal, title="Forslag fra lukket sak")
    committee_doc = upload(committee, title="Utvalgets rapport", document_type="rapport")
    assert status(client, url(main(open_doc))) == 200
    assert status(client, url(main(closed_doc))) == 404
    assert status(client, url(main(committee_doc))) == 404
    assert documents_public(proposal=record.closed_proposal) == []
    assert documents_public(committee=committee) == []


def test_a_missing_file_or_blob_is_404(client, published, files_dir):
    assert status(client, reverse("documents:file", kwargs={"pk": 999_999})) == 404
    document = upload(published().items.get())
    file = main(document)
    for blob in files_dir.rglob(file.sha256):
        blob.unlink()
    assert status(client, url(file)) == 404


def test_file_readable_agrees_with_the_view(published, offl13):
    document = upload(published().items.get(), legal_basis=offl13)
    from django.contrib.auth.models import AnonymousUser

    assert not file_readable(user=AnonymousUser(), file=main(document))
    assert file_readable(user=user("leder"), file=main(document))


def test_documents_of_an_agreement_version_are_public_and_belong_to_its_partnership(client, world):
    from partnerskap.agreements.models import AgreementPart, AgreementVersion
    from partnerskap.core.errors import DomainError

    version = AgreementVersion.objects.filter(part__kind="special").first()
    document = upload(version, title="Signert avtale", document_type="brev")
    assert document.partnership == world.partnership
    assert status(client, url(main(document))) == 200
    general = AgreementPart.objects.create(kind="general", title="Generell del")
    shared = AgreementVersion.objects.create(part=general, number=1, title="Generell del v1")
    with pytest.raises(DomainError) as refused:
        upload(shared, title="Generell del, signert")
    assert refused.value.code == "documents.owner.partnership"


def test_each_scope_sees_exactly_what_the_whole_rule_shows(client, world):
    """A scope that can match one kind of owner checks only that owner's condition
    (``_Scope.owners``); the result must equal the whole rule (``public_documents()``) cut to
    the scope, for open and closed owners alike, and a scope of no kind matches nothing."""
    from django.db.models import Q

    from partnerskap.documents.selectors import _public_q, public_documents
    from tests.feeds.conftest import make_record

    record = make_record(world)
    committee = record.committee_item.committee_established
    meeting = record.closed_item.meeting
    owners = [
        record.open_proposal,
        record.closed_proposal,
        committee,
        meeting,
        record.closed_item,
        *meeting.items.exclude(pk=record.closed_item.pk),
    ]
    for owner in owners:
        upload(owner, title=f"Vedlegg til {owner}")
    scopes = [
        ({"proposal": record.open_proposal}, Q(proposal=record.open_proposal)),
        ({"proposal": record.closed_proposal}, Q(proposal=record.closed_proposal)),
        ({"committee": committee}, Q(committee=committee)),
        ({"meeting": meeting}, Q(meeting=meeting)),
        (
            {"meeting": meeting, "include_items": True},
            Q(meeting=meeting) | Q(item__meeting=meeting),
        ),
        *(({"item": item}, Q(item=item)) for item in meeting.items.all()),
    ]
    seen = set()
    for scope, rule in scopes:
        expected = sorted(public_documents().filter(rule).values_list("pk", flat=True))
        assert sorted(e.pk for e in documents_public(**scope)) == expected, scope
        seen.update(expected)
    assert seen, "some documents of the record are public"
    assert not Document.objects.filter(_public_q(frozenset())).exists()
