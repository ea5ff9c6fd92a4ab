"""Files (``oparl:File``): the body's public documents, read through the documents app.

An OParl ``File`` is a public ``documents.Document`` (its URL holds the document's key,
``/file/document/<pk>/``, so it stays the same object across versions) showing the document's
*public file* as ``documents.selectors.public_file_of`` chooses it: the latest version's public
variant (the redacted copy of an exempt document, the public variant of a generated notice or
minutes), else — unless the document is exempt — its main file. Which documents exist for the
public at all is ``documents.selectors.public_documents()`` (never a document on a closed item,
L3, or of a draft partnership); an exempt document (L8) without a public variant has no public
file and is no OParl ``File``.

``public_file_of`` decides per document in Python; a list page needs the same rule in SQL to
count and page. ``documents_with_public_file`` is that twin, on top of ``public_documents()``
(the documents app has no such selector yet), and ``public_file_of`` still has the last word
when a page is rendered; ``tests/oparl/test_files.py`` proves the two agree.

Where files appear: the body's ``file`` list (``sources.files``), ``Meeting.invitation`` (the
generated notice), ``Meeting.resultsProtocol`` (the generated approved minutes),
``Meeting.auxiliaryFile`` (documents uploaded to the meeting), ``AgendaItem.auxiliaryFile``
(documents of an open item), ``Paper.mainFile`` and ``Paper.auxiliaryFile`` (the proposal's
documents, its first case document being the main file). Each loader reads every file a page
needs in at most three queries.

``accessUrl`` serves the bytes without ``Content-Disposition: attachment``, ``downloadUrl``
with it (spec 2.7): the documents app's download view where its disposition fits (PDF and
images inline, Office files as attachments), and ``views.file_content`` (the same view, the
other disposition) otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Coalesce, Greatest

from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.selectors import public_documents, public_file_of
from partnerskap.documents.validation import TYPES
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.public import agenda_public_q, item_open_q, item_public_open_q
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.prepared import prepare
from partnerskap.oparl.segments import compiled, template

Variant = DocumentFile.Variant
Generated = Document.Generated

#: The columns of a file row a ``File`` shows (never the extracted text).
_FILE_FIELDS: Final = (
    "id",
    "document",
    "version",
    "variant",
    "kind",
    "content_type",
    "filename",
    "size",
    "created",
)
#: The columns of a document row a ``File`` shows.
_DOCUMENT_FIELDS: Final = (
    "id",
    "created",
    "modified",
    "title",
    "public_title",
    "legal_basis",
    "document_type",
    "document_date",
    "generated",
    "item",
    "meeting",
    "proposal",
)


@dataclass(frozen=True)
class FileRecord:
    """What OParl says about one public file. ``access_url`` must serve the file (spec 2.7:
    GET, no ``Content-Disposition: attachment``); ``download_url``, if given, must send one."""

    pk: int
    name: str
    file_name: str
    mime_type: str
    size: int
    access_url: str
    created: dt.datetime
    modified: dt.datetime
    download_url: str = ""
    sha512: str = ""
    date: dt.date | None = None
    text: str = ""
    meeting_ids: tuple[int, ...] = ()
    agenda_item_ids: tuple[int, ...] = ()
    paper_ids: tuple[int, ...] = ()
    kind: str = "document"


@dataclass(frozen=True)
class MeetingFiles:
    invitation: FileRecord | None = None
    results_protocol: FileRecord | None = None
    auxiliary: tuple[FileRecord, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- which documents


def _latest_version() -> Subquery:
    files = DocumentFile.objects.filter(document=OuterRef("pk")).order_by("-version")
    return Subquery(files.values("version")[:1])


def documents_with_public_file(body: int) -> QuerySet[Document]:
    """The body's documents that have a public file: ``public_documents()`` narrowed by the
    rule of ``public_file_of`` (the latest version has a public variant, or the document is
    not exempt and the latest version has its main file)."""
    at_latest = DocumentFile.objects.filter(
        document=OuterRef("pk"), version=OuterRef("oparl_version")
    )
    return (
        public_documents()
        .filter(partnership=body)
        .annotate(oparl_version=_latest_version())
        .filter(
            Exists(at_latest.filter(variant=Variant.PUBLIC))
            | Q(legal_basis__isnull=True) & Exists(at_latest.filter(variant=Variant.MAIN))
        )
    )


def newest_file() -> Subquery:
    """When the newest file of a ``Document`` row was stored."""
    files = DocumentFile.objects.filter(document=OuterRef("pk")).order_by("-created")
    return Subquery(files.values("created")[:1])


def file_stamp() -> Combinable:
    """What a ``File`` shows changes with its document and with every file stored for it (a
    new version, a public variant): the latest of the two, for a ``Document`` row."""
    return Greatest(F("modified"), Coalesce(newest_file(), F("modified")))


# What an object shows changes with the documents it embeds: its ``modified`` is the latest of
# its own and of their changes (a document's, a file stored for it). Counted are the documents
# whose *existence* is public — an exempt one without a public file too, so that an object
# that stops showing a file exempted later changes — and never one the public may not know of
# (a closed item's, or any before the notice). The conditions below are those of
# ``documents.selectors.public_documents()`` for each owner, in the contexts OParl uses them
# (a public body; an agenda item of a public agenda; a public proposal), from the same
# ``meetings.public`` conditions but one owner at a time, because the selector's full condition
# (one branch per kind of owner, a dozen joins) in a correlated subquery costs PostgreSQL
# milliseconds to plan on every list page. ``tests/oparl/test_files.py`` proves them equal to
# the selector's on every kind of owner and state.


def _changed(
    owner: str, *, row: str = "", public: Callable[[str], Q] | None = None
) -> list[Combinable]:
    """The latest change of the documents whose ``owner`` (the document's relation: item,
    meeting, proposal) is the outer row, or leads to it through ``row`` (an item's meeting),
    and of their files. ``public`` is the condition from ``meetings.public`` on the owner, given
    the path to it, under which such a document's existence is public."""

    def where(document: str) -> Q:
        to_owner = f"{document}{owner}"
        condition = Q(**{f"{to_owner}__{row}" if row else to_owner: OuterRef("pk")})
        return condition & public(to_owner) if public is not None else condition

    documents = Document.objects.filter(where(""))
    files = DocumentFile.objects.filter(where("document__"))
    return [
        Subquery(documents.order_by("-modified").values("modified")[:1]),
        Subquery(files.order_by("-created").values("created")[:1]),
    ]


def item_documents_changed() -> list[Combinable]:
    """For an ``AgendaItem`` row of a public agenda: its documents, if it is open."""
    return _changed("item", public=item_open_q)


def meeting_documents_changed() -> list[Combinable]:
    """For a ``Meeting`` row: its own documents and its open items', once its agenda is
    public."""
    return [
        *_changed("meeting", public=agenda_public_q),
        *_changed("item", row="meeting", public=item_public_open_q),
    ]


def paper_documents_changed() -> list[Combinable]:
    """For a public ``Proposal`` row: its documents."""
    return _changed("proposal")


def flag_documents(queryset: QuerySet[Any], *owners: str) -> QuerySet[Any]:
    """``queryset`` (of ``Meeting``, ``AgendaItem`` or ``Proposal`` rows) annotated
    ``oparl_documents``: whether a row owns any document at all, public or not, through any of
    ``owners`` (the document's relations to it). A page looks up the files of the rows that
    do; most rows of most lists own none, and their pages skip the query."""
    flag: Any = None
    for owner in owners:
        owns = Exists(Document.objects.filter(**{owner: OuterRef("pk")}))
        flag = owns if flag is None else flag | owns
    return cast(QuerySet[Any], queryset.annotate(oparl_documents=flag))


def documented(rows: Iterable[Any]) -> list[Any]:
    """The rows annotated ``oparl_documents`` (``flag_documents``) that own a document."""
    return [row for row in rows if row.__dict__["oparl_documents"]]


# ---------------------------------------------------------------- records


def _main_first(document: Document) -> tuple[bool, dt.date, int]:
    return (
        document.document_type != Document.Type.SAKSFRAMLEGG,
        document.document_date,
        document.pk,
    )


def public_files(body: int) -> QuerySet[Document]:
    """The body's documents with a public file, with the columns a ``File`` shows and
    ``oparl_created``/``oparl_modified`` (see ``sources.stamps``), in a stable order (built
    once per process: ``segments.template``)."""

    def build() -> QuerySet[Document]:
        return (
            Document.objects.filter(pk__in=_with_public_file_sql(body))
            .only(*_DOCUMENT_FIELDS)
            .annotate(oparl_created=F("created"), oparl_modified=file_stamp())
            .order_by("pk")
        )

    return template(("oparl.files.public_files", body), build)


def _with_public_file_sql(body: int) -> RawSQL:
    """``documents_with_public_file(body)`` as a subquery whose SQL is compiled once per
    process (``segments.compiled``): compiling the selector's condition (a dozen joins) cost
    milliseconds on every page that shows files; running it costs a fraction of that."""
    sql, params = compiled(
        ("oparl.files.with_public_file", body),
        lambda: documents_with_public_file(body).values("pk").order_by(),
    )
    return RawSQL(sql, params)  # noqa: S611 - SQL compiled by Django, parameters bound


def _name(document: Document) -> str:
    """The public title: the neutral one of an exempt document when it has one (as
    ``documents_public`` shows it)."""
    if document.legal_basis_id is not None and document.public_title:
        return document.public_title
    return document.title


def _urls(file: DocumentFile, urls: Urls) -> tuple[str, str]:
    """``accessUrl`` (never an attachment) and ``downloadUrl`` (always one)."""
    documents_view = urls.document_file(file.pk)
    if TYPES[file.kind].inline:
        return documents_view, urls.file_download(file.pk)
    return urls.file_access(file.pk), documents_view


def _record(document: Document, stored: Sequence[DocumentFile], urls: Urls) -> FileRecord | None:
    chosen = public_file_of(document, stored)
    if chosen is None:
        return None
    access_url, download_url = _urls(chosen, urls)
    modified: dt.datetime = document.__dict__["oparl_modified"]
    return FileRecord(
        pk=document.pk,
        name=_name(document),
        file_name=chosen.filename,
        mime_type=chosen.content_type,
        size=chosen.size,
        access_url=access_url,
        download_url=download_url,
        created=document.created,
        modified=modified,
        date=document.document_date,
        meeting_ids=(document.meeting_id,) if document.meeting_id else (),
        agenda_item_ids=(document.item_id,) if document.item_id else (),
        paper_ids=(document.proposal_id,) if document.proposal_id else (),
    )


def records(documents: Iterable[Document], *, urls: Urls) -> list[tuple[Document, FileRecord]]:
    """The OParl view of documents of ``public_files``, in their order (one query for their
    files; ``public_file_of`` chooses the public one and has the last word)."""
    rows = list(documents)
    stored: dict[int, list[DocumentFile]] = defaultdict(list)
    if rows:
        for file in (
            DocumentFile.objects.filter(document__in=[d.pk for d in rows])
            .only(*_FILE_FIELDS)
            .order_by("-version", "variant")
        ):
            stored[file.document_id].append(file)
    out: list[tuple[Document, FileRecord]] = []
    for document in rows:
        found = _record(document, stored[document.pk], urls)
        if found is not None:
            out.append((document, found))
    return out


def _body(rows: Sequence[Any]) -> int | None:
    return rows[0].partnership_id if rows else None


def _owners() -> QuerySet[Any]:
    """Every document's key and owners (its meeting, item, proposal and its item's meeting),
    to find a page's candidates by."""
    return Document.objects.annotate(oparl_item_meeting=F("item__meeting")).values_list(
        "pk", "meeting_id", "item_id", "proposal_id", "oparl_item_meeting"
    )


def _attached(
    body: int | None, owners: str | Sequence[str], keys: Iterable[int], *, urls: Urls
) -> list[tuple[Document, FileRecord]]:
    """The public files of the documents whose ``owners`` columns (of ``_owners``) hold one
    of ``keys``, by date. The owners' documents are looked up first with a plain query, so
    that a page whose objects have none (most pages of most lists) never plans the
    public-documents query; then that query narrows them to the public ones."""
    if body is None:
        return []
    rows = prepare(("oparl.files.owners",), _owners).where_in(owners, keys)
    candidates = [row[0] for row in rows]
    if not candidates:
        return []
    found = records(public_files(body).filter(pk__in=candidates), urls=urls)
    return sorted(found, key=lambda pair: (pair[0].document_date, pair[0].pk))


def meeting_files(
    meetings: Sequence[Meeting], *, urls: Urls
) -> tuple[dict[int, MeetingFiles], dict[int, tuple[FileRecord, ...]]]:
    """Meeting pk → its public invitation, results protocol and attachments; and agenda item
    pk → the public files of the meetings' open items. At most three queries."""
    pks = [m.pk for m in meetings]
    by_meeting: dict[int, dict[str, Any]] = defaultdict(lambda: {"auxiliary": []})
    by_item: dict[int, list[FileRecord]] = defaultdict(list)
    owners = ("meeting_id", "oparl_item_meeting")
    for document, found in _attached(_body(meetings), owners, pks, urls=urls):
        if document.item_id is not None:
            by_item[document.item_id].append(found)
        elif document.generated == Generated.NOTICE:
            by_meeting[document.meeting_id]["invitation"] = found  # type: ignore[index]
        elif document.generated == Generated.MINUTES:
            by_meeting[document.meeting_id]["results_protocol"] = found  # type: ignore[index]
        else:
            by_meeting[document.meeting_id]["auxiliary"].append(found)  # type: ignore[index]
    meetings_out = {
        pk: MeetingFiles(
            invitation=found.get("invitation"),
            results_protocol=found.get("results_protocol"),
            auxiliary=tuple(found["auxiliary"]),
        )
        for pk, found in by_meeting.items()
    }
    return meetings_out, {pk: tuple(found) for pk, found in by_item.items()}


def item_files(body: int, items: Iterable[int], *, urls: Urls) -> dict[int, tuple[FileRecord, ...]]:
    """Agenda item pk → the public files of the item (an open item's; a closed item has
    none). At most three queries."""
    out: dict[int, list[FileRecord]] = defaultdict(list)
    for document, found in _attached(body, "item_id", items, urls=urls):
        out[document.item_id].append(found)  # type: ignore[index]
    return {pk: tuple(found) for pk, found in out.items()}


def paper_files(proposals: Sequence[Proposal], *, urls: Urls) -> dict[int, tuple[FileRecord, ...]]:
    """Proposal pk → its public files, the main file first: its first case document
    (saksframlegg), else its first document. At most three queries."""
    found = _attached(_body(proposals), "proposal_id", [p.pk for p in proposals], urls=urls)
    out: dict[int, list[FileRecord]] = defaultdict(list)
    for document, record in sorted(found, key=lambda pair: _main_first(pair[0])):
        out[document.proposal_id].append(record)  # type: ignore[index]
    return {pk: tuple(records) for pk, records in out.items()}
