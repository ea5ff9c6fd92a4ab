"""Files (``oparl:File``): the public documents of a body, in its ``file`` list and embedded in
meetings (invitation, results protocol, attachments), agenda items and papers; ``accessUrl``
serves the bytes inline, ``downloadUrl`` as an attachment (spec 2.7). Exempt documents (L8)
and documents of closed matter (L3) never appear."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.db.models import Q

from partnerskap.core.models import LegalBasis
from partnerskap.documents import storage
from partnerskap.documents.extraction import extract_text
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.selectors import documents_public, public_documents, public_file_of
from partnerskap.documents.services import document_update, document_version_add
from partnerskap.followup.models import Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.selectors import meetings_public
from partnerskap.oparl import files, schema
from partnerskap.oparl.sources import public_items
from tests.canary import CANARY, WITHHELD
from tests.documents.files import pdf
from tests.oparl.conftest import (
    ROOT,
    Documents,
    crawl_all,
    fetcher,
    get,
    make_documents,
    upload,
    validate,
)

pytestmark = pytest.mark.django_db
Variant = DocumentFile.Variant
SINCE = "modified_since=2000-01-01T00%3A00%3A00%2B00%3A00"


def file_url(body: int, document: Document) -> str:
    return f"{ROOT}body/{body}/file/document/{document.pk}/"


def public_file(document: Document) -> DocumentFile:
    chosen = public_file_of(document, document.files.all())
    assert chosen is not None
    return chosen


def ids(objects: list[dict] | None) -> list[str]:
    return [o["id"] for o in objects or []]


@pytest.fixture
def documents(record) -> Documents:
    return make_documents(record)


def test_files_are_embedded_where_they_belong_and_validate(client, record, documents):
    body = record.meeting.partnership_id
    meeting = get(client, f"/oparl/v1/body/{body}/meeting/{record.meeting.pk}/")
    assert not validate("meeting", meeting)
    assert meeting["invitation"]["id"] == file_url(body, documents.invitation)
    assert meeting["resultsProtocol"]["id"] == file_url(body, documents.protocol)
    assert ids(meeting["auxiliaryFile"]) == [
        file_url(body, documents.meeting_pdf),
        file_url(body, documents.meeting_docx),
    ]
    # The notice has closed content, so its public variant is what OParl shows.
    invitation = public_file(documents.invitation)
    assert invitation.variant == Variant.PUBLIC
    assert (
        meeting["invitation"]["accessUrl"] == f"http://testserver/dokumenter/fil/{invitation.pk}/"
    )
    assert meeting["invitation"]["mimeType"] == "application/pdf"
    assert "meeting" not in meeting["invitation"]  # no back-reference when embedded

    items = {i["id"]: i for i in meeting["agendaItem"]}
    open_item = items[f"{ROOT}body/{body}/agenda-item/{record.open_item.pk}/"]
    assert ids(open_item["auxiliaryFile"]) == [
        file_url(body, documents.item_pdf),
        file_url(body, documents.redacted),
    ]
    closed_item = items[f"{ROOT}body/{body}/agenda-item/{record.closed_item.pk}/"]
    assert "auxiliaryFile" not in closed_item
    assert get(client, open_item["id"]) == open_item  # the same at its own URL

    paper = get(client, f"/oparl/v1/body/{body}/paper/proposal/{record.open_proposal.pk}/")
    assert not validate("paper", paper)
    assert paper["mainFile"]["id"] == file_url(body, documents.paper_main)  # the case document
    assert ids(paper["auxiliaryFile"]) == [file_url(body, documents.paper_aux)]

    # Fetched on its own, a file names what it belongs to.
    alone = get(client, file_url(body, documents.item_pdf))
    assert not validate("file", alone)
    assert alone["agendaItem"] == [open_item["id"]]
    assert alone["name"] == "Saksframlegg innfartsparkering"
    assert alone["fileName"] == public_file(documents.item_pdf).filename
    assert alone["size"] == public_file(documents.item_pdf).size
    assert alone["date"] == "2022-03-10"
    protocol = get(client, file_url(body, documents.protocol))
    assert protocol["meeting"] == [meeting["id"]]
    main = get(client, file_url(body, documents.paper_main))
    assert main["paper"] == [paper["id"]]


def test_the_file_list_holds_every_public_file_once(client, record, documents):
    body = record.meeting.partnership_id
    page = get(client, f"/oparl/v1/body/{body}/files/")
    expected = [
        documents.invitation,
        documents.protocol,
        documents.meeting_pdf,
        documents.meeting_docx,
        documents.item_pdf,
        documents.redacted,
        documents.paper_aux,
        documents.paper_main,
    ]
    assert ids(page["data"]) == [file_url(body, d) for d in sorted(expected, key=lambda d: d.pk)]
    assert page["pagination"]["totalElements"] == len(expected)
    for obj in page["data"]:
        assert not validate("list", obj)
        assert get(client, obj["id"]) == obj
    walked = get(client, f"/oparl/v1/body/{body}/files/?elementsPerPage=3&page=3")
    assert ids(walked["data"]) == ids(page["data"])[6:]
    assert walked["links"]["prev"].endswith("elementsPerPage=3&page=2")


def test_access_url_serves_the_bytes_inline_and_download_url_as_an_attachment(
    client, record, documents
):
    body = record.meeting.partnership_id
    for document, kind in ((documents.item_pdf, "pdf"), (documents.meeting_docx, "docx")):
        stored = public_file(document)
        served = get(client, file_url(body, document))
        for name, disposition in (("accessUrl", "inline"), ("downloadUrl", "attachment")):
            status, headers, content = fetcher(client)(served[name])
            assert status == 200, (kind, name)
            assert headers["Content-Type"] == stored.content_type == served["mimeType"]
            assert headers["Content-Disposition"].startswith(f"{disposition}; filename=")
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert content == storage.read(stored.sha256)
    # PDFs are served inline by the documents app's own view; an Office file, which that
    # view sends as an attachment, by OParl's twin of it.
    pdf_file = get(client, file_url(body, documents.item_pdf))
    assert pdf_file["accessUrl"].startswith("http://testserver/dokumenter/fil/")
    docx = get(client, file_url(body, documents.meeting_docx))
    assert docx["accessUrl"].startswith(f"{ROOT}file-content/")
    assert docx["downloadUrl"].startswith("http://testserver/dokumenter/fil/")


def test_the_crawl_reaches_every_file_and_its_bytes(client, record, documents):
    result = crawl_all(client)
    assert result.ok, result.report()
    assert result.types()["File"] == 8
    assert len(result.contents) == 16  # accessUrl and downloadUrl of each
    assert set(result.contents.values()) == {200}


def _served_text(client, urls: list[str]) -> str:
    """Every response of the crawl, with PDFs and Word files as their text."""
    parts = []
    for url in urls:
        status, headers, content = fetcher(client)(url)
        assert status == 200, url
        kind = headers["Content-Type"]
        if kind == "application/pdf":
            parts.append(extract_text("pdf", content))
        elif kind.endswith("wordprocessingml.document"):
            parts.append(extract_text("docx", content))
        else:
            parts.append(content.decode())
    return "\n".join(parts)


def test_l8_l3_exempt_documents_and_documents_of_closed_matter_never_appear(client, canary):
    """An exempt document without a public variant (on the meeting, an open item and a
    public proposal) and the documents of a closed item and of its proposal carry the canary
    in their titles and files (``tests.canary``), as do an exempt Word original, an older
    version and a document on an agenda before its notice. Crawling everything, with and
    without deleted objects, and reading every file OParl links to, finds none of them; of an
    exempt document with a redacted variant only the variant and its neutral title are
    there."""
    record, documents = canary.record, canary.documents
    body = record.meeting.partnership_id
    hidden = {file_url(body, d) for d in documents.hidden}
    before_notice = canary.more_documents[-1]
    assert before_notice.item == canary.draft_item
    hidden.add(file_url(body, before_notice))
    for start in (ROOT, f"{ROOT}body/{body}/files/?{SINCE}"):
        result = crawl_all(client, start)
        assert result.ok, result.report()
        seen = set(result.objects) | set(result.listed) | set(result.embedded)
        assert not seen & hidden
        text = _served_text(client, [*result.timings, *result.contents])
        assert CANARY not in text
        assert WITHHELD not in text
        assert "Kontrakt, sladdet" in text  # the redacted variant is served …
        assert "Kontraktsum" not in text  # … and never the exempt original
        assert "Ny versjon" in text  # the latest version is served …
        assert "Gammel" not in text  # … and never an older one
    # Not at their URLs either, and never counted.
    for document in documents.hidden:
        get(client, file_url(body, document).removeprefix("http://testserver"), 404)
    get(client, file_url(body, before_notice).removeprefix("http://testserver"), 404)
    listed = get(client, f"/oparl/v1/body/{body}/files/?{SINCE}")
    # The record's eight public files, the Word original's redacted variant and the new version.
    assert listed["pagination"]["totalElements"] == len(listed["data"]) == 10
    # Of the redacted document the public variant, by its neutral title.
    redacted = get(client, file_url(body, documents.redacted))
    assert redacted["name"] == "Kontrakt"
    variant = documents.redacted.files.get(variant=Variant.PUBLIC)
    assert redacted["accessUrl"] == f"http://testserver/dokumenter/fil/{variant.pk}/"
    # The original's bytes cannot be had through OParl's own file view.
    original = documents.redacted.files.get(variant=Variant.MAIN)
    for path in (f"file-content/{original.pk}/", f"file-content/{original.pk}/download/"):
        assert client.get(f"/oparl/v1/{path}").status_code == 404


def test_the_sql_rule_is_the_rule_of_the_documents_selectors(client, record, documents):
    """``documents_with_public_file`` (SQL, for counting and paging) keeps exactly the
    documents ``public_file_of`` gives a public file, and OParl shows each with the title and
    file ``documents_public`` gives it."""
    body = record.meeting.partnership_id
    upload(record.open_item, "Notat", pdf("Notat, versjon 1"))
    versioned = upload(
        record.open_item,
        "Avtale",
        pdf("Avtale"),
        legal_basis=LegalBasis.objects.get(code="offl-13"),
        public_content=pdf("Avtale, sladdet"),
    )
    # A new version without a public variant: the older variant is no longer public.
    document_version_add(document=versioned, content=pdf("Avtale, versjon 2"), actor=None)
    in_sql = set(files.documents_with_public_file(body).values_list("pk", flat=True))
    in_python = {
        d.pk
        for d in public_documents().filter(partnership=body).prefetch_related("files")
        if public_file_of(d, d.files.all()) is not None
    }
    assert in_sql == in_python
    assert versioned.pk not in in_sql
    assert Document.objects.filter(partnership=body).count() > len(in_sql)  # hidden ones exist
    served = get(client, f"/oparl/v1/body/{body}/files/?elementsPerPage=100")["data"]
    expected = {
        file_url(body, Document(pk=entry.pk)): (entry.title, entry.file.url, entry.file.size)
        for entry in documents_public(partnership=record.meeting.partnership)
        if entry.file is not None
    }

    def documents_view(obj: dict) -> str:
        """The one of accessUrl and downloadUrl that is the documents app's view."""
        (url,) = (obj[n] for n in ("accessUrl", "downloadUrl") if "/dokumenter/" in obj[n])
        return url.removeprefix("http://testserver")

    assert {o["id"]: (o["name"], documents_view(o), o["size"]) for o in served} == expected


def q(moment: dt.datetime) -> str:
    return quote(moment.isoformat(), safe="")


def test_a_new_version_changes_the_file_and_every_object_that_embeds_it(client, record):
    body = record.meeting.partnership_id
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        documents = make_documents(record, generated=False)
    later = q(dt.datetime(2030, 6, 1, tzinfo=dt.UTC))
    for segment in ("files", "meetings", "agenda-items", "papers"):
        url = f"/oparl/v1/body/{body}/{segment}/?modified_since={later}"
        assert get(client, url)["data"] == []
    with time_machine.travel(dt.datetime(2030, 7, 1, 12, tzinfo=dt.UTC), tick=False):
        document_version_add(document=documents.item_pdf, content=pdf("Versjon 2"), actor=None)
        document_version_add(document=documents.paper_aux, content=pdf("Versjon 2"), actor=None)
    lists = ("files", "meetings", "agenda-items", "papers")
    since = {s: f"/oparl/v1/body/{body}/{s}/?modified_since={later}" for s in lists}
    changed = {segment: ids(get(client, url)["data"]) for segment, url in since.items()}
    assert changed == {
        "files": [file_url(body, documents.item_pdf), file_url(body, documents.paper_aux)],
        "meetings": [f"{ROOT}body/{body}/meeting/{record.meeting.pk}/"],
        "agenda-items": [f"{ROOT}body/{body}/agenda-item/{record.open_item.pk}/"],
        "papers": [f"{ROOT}body/{body}/paper/proposal/{record.open_proposal.pk}/"],
    }
    served = get(client, file_url(body, documents.item_pdf))
    assert served["modified"] == "2030-07-01T14:00:00+02:00"
    assert served["accessUrl"].endswith(f"/{public_file(documents.item_pdf).pk}/")


def test_a_document_exempted_later_leaves_and_its_meeting_changes(client, record):
    body = record.meeting.partnership_id
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        documents = make_documents(record, generated=False)
    url = file_url(body, documents.meeting_pdf)
    meeting_url = f"/oparl/v1/body/{body}/meeting/{record.meeting.pk}/"
    assert url in ids(get(client, meeting_url)["auxiliaryFile"])
    with time_machine.travel(dt.datetime(2030, 7, 1, 12, tzinfo=dt.UTC), tick=False):
        document = documents.meeting_pdf
        document_update(
            document=document,
            title=document.title,
            document_type=document.document_type,
            document_date=document.document_date,
            legal_basis=LegalBasis.objects.get(code="offl-13"),
            actor=None,
        )
    meeting = get(client, meeting_url)
    assert url not in ids(meeting["auxiliaryFile"])
    assert meeting["modified"] == "2030-07-01T14:00:00+02:00"
    get(client, url.removeprefix("http://testserver"), 404)
    assert url not in ids(get(client, f"/oparl/v1/body/{body}/files/")["data"])


def test_the_file_filters_agree_with_the_dates_every_file_shows(client, record):
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        make_documents(record, generated=False)
    base = f"/oparl/v1/body/{record.meeting.partnership_id}/files/?elementsPerPage=100"
    data = get(client, base)["data"]
    assert len(data) == 6
    for obj in data:
        schema.File.model_validate(obj)
        for name in ("created", "modified"):
            shown = dt.datetime.fromisoformat(obj[name])
            since = get(client, f"{base}&{name}_since={q(shown)}")["data"]
            assert obj["id"] in ids(since)
            until = get(client, f"{base}&{name}_until={q(shown - dt.timedelta(seconds=1))}")
            assert obj["id"] not in ids(until["data"])


def test_a_draft_partnerships_files_are_not_served(client, record):
    documents = make_documents(record, generated=False)
    body = record.meeting.partnership
    stored = public_file(documents.item_pdf)
    fetch = fetcher(client)
    assert fetch(f"{ROOT}file-content/{stored.pk}/download/")[0] == 200
    body.status = body.Status.DRAFT
    body.save(update_fields=["status"])
    assert fetch(f"{ROOT}file-content/{stored.pk}/download/")[0] == 404
    assert fetch(f"{ROOT}file-content/999999/")[0] == 404


def _latest(values) -> dt.datetime | None:
    return max((v for v in values if v is not None), default=None)


def _rule(documents) -> dt.datetime | None:
    """The latest change of ``documents`` (a queryset of ``public_documents()``)."""
    documents = list(documents.prefetch_related("files"))
    return _latest(
        [d.modified for d in documents] + [f.created for d in documents for f in d.files.all()]
    )


def test_the_stamp_conditions_are_those_of_public_documents(client, record, world):
    """An object's ``modified`` counts its documents by conditions spelt out per owner
    (``files.*_documents_changed``, cheap to plan); they select exactly what
    ``public_documents()`` selects: not a closed item's, not before the notice, and an
    exempt document's too (its existence is public)."""
    make_documents(record, generated=False)
    planned = world.meeting(dt.datetime(2022, 9, 1, 10, tzinfo=dt.UTC))
    upload(planned, "Før innkallingen", pdf("Tidlig"))
    upload(world.item(planned), "Sak før innkallingen", pdf("Tidlig"))
    body = record.meeting.partnership_id

    def ours(model, changed, rows):
        annotated = model.objects.filter(pk__in=[r.pk for r in rows]).annotate(
            **{f"oparl_s{i}": expression for i, expression in enumerate(changed())}
        )
        return {
            r.pk: _latest(v for k, v in vars(r).items() if k.startswith("oparl_s"))
            for r in annotated
        }

    meetings = list(meetings_public(partnership=record.meeting.partnership))
    assert ours(Meeting, files.meeting_documents_changed, meetings) == {
        m.pk: _rule(public_documents().filter(Q(meeting=m) | Q(item__meeting=m))) for m in meetings
    }
    items = list(public_items(record.meeting.partnership).filter(withdrawn=False))
    assert ours(AgendaItem, files.item_documents_changed, items) == {
        i.pk: _rule(public_documents().filter(item=i)) for i in items
    }
    proposals = list(proposals_public(partnership=record.meeting.partnership))
    assert ours(Proposal, files.paper_documents_changed, proposals) == {
        p.pk: _rule(public_documents().filter(proposal=p)) for p in proposals
    }
    # The cases are all there: a meeting before its notice, a closed item, exempt documents.
    assert ours(Meeting, files.meeting_documents_changed, [planned])[planned.pk] is None
    assert record.closed_item.documents.exists()
    assert ours(AgendaItem, files.item_documents_changed, [record.closed_item]) == {
        record.closed_item.pk: None
    }
    assert Document.objects.filter(partnership=body, legal_basis__isnull=False).exists()
