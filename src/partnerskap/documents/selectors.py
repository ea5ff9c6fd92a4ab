"""Who may see which document and which file: the only place these rules live (L3, L8).

The public sees a document when its owner is public:

* an agenda item that is open (no closed session), not withdrawn, on a meeting whose agenda is
  public (notice published, held, minutes approved) — a document on a closed item is never
  public, not even its existence, because its title could reveal the closed matter;
* a meeting whose agenda is public;
* a proposal that is public (not from a closed item, as ``followup.selectors.proposals_public``);
* a committee not set up in closed session;
* an agreement version, and the partnership's annual report;

and never anything of a draft partnership. Of a visible document the public gets the latest
version's *public file*: its public variant if there is one (the redacted copy of an exempt
document, the public copy of a generated one), else — unless the document is exempt — its main
file. An exempt document without a public variant shows its existence, its title (the neutral
public title when one is set) and its legal basis, and no file.

Members, substitutes, the chair and deputy and the secretariats of the partnership's parties
(``people.policy.can_read_exempt``) read everything of their partnership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from partnerskap.agreements.models import AgreementVersion, Partnership
from partnerskap.committees.models import Committee
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.validation import TYPES
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.public import agenda_public_q, item_open_q, item_public_open_q
from partnerskap.people.policy import AnyUser, can_read_exempt

if TYPE_CHECKING:
    from typing_extensions import Unpack

Variant = DocumentFile.Variant


# The condition under which the public sees a document, one per kind of owner (a document has
# exactly one owner, or none for the annual report: ``document_has_one_owner``), from the
# meetings' public conditions (``meetings.public``).
def _owner_public() -> dict[str, Q]:
    return {
        "item": Q(item__isnull=False) & item_public_open_q("item"),
        "meeting": Q(meeting__isnull=False) & agenda_public_q("meeting"),
        "proposal": Q(proposal__isnull=False) & item_open_q("proposal__item"),
        "committee": Q(committee__isnull=False) & item_open_q("committee__established_by"),
        "agreement_version": Q(agreement_version__isnull=False),
        "annual_report": Q(generated=Document.Generated.ANNUAL_REPORT),
    }


OWNER_KINDS = frozenset(_owner_public())


def _public_q(owners: frozenset[str] = OWNER_KINDS) -> Q:
    """Documents whose owner the public may see (see the module's docstring), of the given
    kinds of owner only. Fewer kinds only narrow the result, which is how a scope that can
    match one kind of owner spares the database planning the others."""
    conditions = _owner_public()
    if not owners:
        return Q(pk__in=[])  # an empty OR would be Q(), which matches everything
    owner = Q()
    for kind in sorted(owners):
        owner |= conditions[kind]
    return owner & ~Q(partnership__status=Partnership.Status.DRAFT)


def public_documents() -> QuerySet[Document]:
    """The documents whose existence the public may see (not yet which file)."""
    return Document.objects.filter(_public_q())


@dataclass(frozen=True)
class FileEntry:
    pk: int
    url: str
    filename: str
    content_type: str
    label: str
    size: int
    variant: str
    pdfa: bool


@dataclass(frozen=True)
class DocumentEntry:
    """A document as one reader may see it. ``file`` is what the reader opens (for the public:
    the public file or None); ``public_file`` is set for readers of exempt content when the
    public gets a different file (so the back office can show both)."""

    pk: int
    title: str
    document_type: str
    document_type_label: str
    date: dt.date
    exempt: bool
    legal_basis: str
    version: int
    file: FileEntry | None
    public_file: FileEntry | None
    generated: str
    partnership_id: int
    meeting_id: int | None
    item_id: int | None
    extracted_text: str


def _file_entry(file: DocumentFile) -> FileEntry:
    return FileEntry(
        pk=file.pk,
        url=reverse("documents:file", kwargs={"pk": file.pk}),
        filename=file.filename,
        content_type=file.content_type,
        label=TYPES[file.kind].label,
        size=file.size,
        variant=file.variant,
        pdfa=file.pdfa,
    )


def _latest(files: Iterable[DocumentFile]) -> dict[str, DocumentFile]:
    """The latest version's files by variant."""
    ordered = sorted(files, key=lambda f: f.version, reverse=True)
    if not ordered:
        return {}
    newest = ordered[0].version
    return {f.variant: f for f in ordered if f.version == newest}


def public_file_of(document: Document, files: Iterable[DocumentFile]) -> DocumentFile | None:
    """The file the public may read of a visible document (see the module's docstring)."""
    latest = _latest(files)
    if Variant.PUBLIC in latest:
        return latest[Variant.PUBLIC]
    if document.is_exempt:
        return None
    return latest.get(Variant.MAIN)


def _meeting_id(document: Document) -> int | None:
    """The meeting whose pages list the document (for indexing and grouping)."""
    if document.meeting_id is not None:
        return document.meeting_id
    if document.item is not None:
        return document.item.meeting_id
    if document.proposal is not None:
        return document.proposal.item.meeting_id
    if document.committee is not None:
        return document.committee.established_by.meeting_id
    return None


class ScopeArgs(TypedDict, total=False):
    """Which documents a selector reads: every filter given applies; none means all.
    ``include_items`` adds, for a meeting, its items' documents; ``document_ids`` keeps only
    those documents."""

    meeting: Meeting | None
    item: AgendaItem | None
    proposal: Proposal | None
    committee: Committee | None
    agreement_version: AgreementVersion | None
    include_items: bool
    document_ids: Iterable[int] | None


@dataclass(frozen=True)
class _Scope:
    partnership: Partnership | None = None
    meeting: Meeting | None = None
    item: AgendaItem | None = None
    proposal: Proposal | None = None
    committee: Committee | None = None
    agreement_version: AgreementVersion | None = None
    include_items: bool = False
    document_ids: Iterable[int] | None = None

    def q(self) -> Q:
        scope = Q()
        if self.document_ids is not None:
            scope &= Q(pk__in=list(self.document_ids))
        if self.partnership is not None:
            scope &= Q(partnership=self.partnership)
        if self.meeting is not None:
            own = Q(meeting=self.meeting)
            scope &= own | Q(item__meeting=self.meeting) if self.include_items else own
        for name in ("item", "proposal", "committee", "agreement_version"):
            if (value := getattr(self, name)) is not None:
                scope &= Q(**{name: value})
        return scope

    def owners(self) -> frozenset[str]:
        """The kinds of owner a document in the scope can have."""
        kinds = OWNER_KINDS
        if self.meeting is not None:
            kinds &= {"meeting", "item"} if self.include_items else {"meeting"}
        for name in ("item", "proposal", "committee", "agreement_version"):
            if getattr(self, name) is not None:
                kinds &= {name}
        return kinds


def _query(scope: _Scope, *, public: bool, with_text: bool) -> list[Document]:
    files = DocumentFile.objects.order_by("-version", "variant")
    if not with_text:
        files = files.defer("text", "text_error")
    documents = Document.objects.filter(scope.q())
    if public:
        documents = documents.filter(_public_q(scope.owners()))
    return list(
        documents.select_related(
            "legal_basis", "item", "proposal__item", "committee__established_by"
        )
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("document_date", "pk")
    )


def _public_entry(document: Document, *, with_text: bool) -> DocumentEntry:
    files = list(document.files.all())
    chosen = public_file_of(document, files)
    title = document.public_title if document.is_exempt and document.public_title else None
    return DocumentEntry(
        pk=document.pk,
        title=title or document.title,
        document_type=document.document_type,
        document_type_label=str(document.get_document_type_display()),
        date=document.document_date,
        exempt=document.is_exempt,
        legal_basis=document.legal_basis.label if document.legal_basis else "",
        version=max((f.version for f in files), default=0),
        file=_file_entry(chosen) if chosen else None,
        public_file=None,
        generated=document.generated,
        partnership_id=document.partnership_id,
        meeting_id=_meeting_id(document),
        item_id=document.item_id,
        extracted_text=chosen.text if chosen is not None and with_text else "",
    )


def _full_entry(document: Document, *, with_text: bool) -> DocumentEntry:
    files = list(document.files.all())
    main = _latest(files).get(Variant.MAIN)
    public = public_file_of(document, files)
    return DocumentEntry(
        pk=document.pk,
        title=document.title,
        document_type=document.document_type,
        document_type_label=str(document.get_document_type_display()),
        date=document.document_date,
        exempt=document.is_exempt,
        legal_basis=document.legal_basis.label if document.legal_basis else "",
        version=max((f.version for f in files), default=0),
        file=_file_entry(main) if main else None,
        public_file=_file_entry(public) if public is not None and public != main else None,
        generated=document.generated,
        partnership_id=document.partnership_id,
        meeting_id=_meeting_id(document),
        item_id=document.item_id,
        extracted_text=main.text if main is not None and with_text else "",
    )


def documents_public(
    *,
    partnership: Partnership | None = None,
    with_text: bool = False,
    **scope: Unpack[ScopeArgs],
) -> list[DocumentEntry]:
    """What anyone may see of the documents in the scope (``ScopeArgs``).
    ``with_text`` loads ``extracted_text`` (the public file's text only), for the search
    indexer; list pages leave it off. Two queries."""
    return _public(_Scope(partnership=partnership, **scope), with_text=with_text)


def documents_internal(
    *, partnership: Partnership, **scope: Unpack[ScopeArgs]
) -> list[DocumentEntry]:
    """Everything in the scope as readers of exempt content see it: real titles, main files.
    No permission check: for ``documents_for`` and the renderers of internal variants."""
    return _internal(_Scope(partnership=partnership, **scope))


def documents_for(
    *, user: AnyUser, partnership: Partnership, **scope: Unpack[ScopeArgs]
) -> list[DocumentEntry]:
    """The documents as ``user`` may see them: everything for readers of the partnership's
    exempt content (``documents_internal``), else ``documents_public``."""
    chosen = _Scope(partnership=partnership, **scope)
    if can_read_exempt(user, partnership):
        return _internal(chosen)
    return _public(chosen, with_text=False)


def _public(scope: _Scope, *, with_text: bool) -> list[DocumentEntry]:
    return [
        _public_entry(d, with_text=with_text)
        for d in _query(scope, public=True, with_text=with_text)
    ]


def _internal(scope: _Scope) -> list[DocumentEntry]:
    return [_full_entry(d, with_text=False) for d in _query(scope, public=False, with_text=False)]


def file_is_public(file: DocumentFile) -> bool:
    """Whether anyone may download ``file``."""
    document = file.document
    if not public_documents().filter(pk=document.pk).exists():
        return False
    chosen = public_file_of(document, document.files.defer("text", "text_error"))
    return chosen is not None and chosen.pk == file.pk


def file_readable(*, user: AnyUser, file: DocumentFile) -> bool:
    """The download rule: a public file, or a reader of the partnership's exempt content."""
    return file_is_public(file) or can_read_exempt(user, file.document.partnership)
