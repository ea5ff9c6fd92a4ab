"""Generated documents: the notice when it is published, the minutes when they are approved,
and the annual report, stored as PDF/A documents of the meeting (or of the partnership).

These run in jobs (``documents.tasks``), never in a web request, and are idempotent: the
context a PDF is rendered from is hashed (``source_fingerprint``), and a run whose context
matches the latest stored version writes nothing. A changed context (a notice published again
after the meeting was moved, corrected minutes) becomes a new version; earlier versions stay.

When a meeting has closed content the document gets two files per version: the public variant
(``public``) and the internal one for members (``main``). Without closed content the two
would be the same, so only one file is stored, and it is public.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from partnerskap.agreements.models import Partnership
from partnerskap.core import audit, time
from partnerskap.core.time import local
from partnerskap.documents import storage
from partnerskap.documents.filenames import sanitise_filename
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.pdf import annual, minutes, notice
from partnerskap.documents.pdf.language import document_language
from partnerskap.documents.services.common import changed
from partnerskap.documents.services.files import Checked, file_row
from partnerskap.documents.validation import PDF
from partnerskap.meetings.models import Meeting, Minutes
from partnerskap.meetings.selectors import AGENDA_PUBLIC, minutes_public

logger = logging.getLogger(__name__)
Variant = DocumentFile.Variant
Generated = Document.Generated


def fingerprint(*contexts: dict[str, Any] | None) -> str:
    """A hash of what the PDFs show, leaving out the date they happen to be rendered on."""
    stable = [
        {**c, "doc": {k: v for k, v in c["doc"].items() if k not in ("date", "iso_date")}}
        if c
        else None
        for c in contexts
    ]
    encoded = json.dumps(stable, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _latest_fingerprint(document: Document | None) -> str | None:
    if document is None:
        return None
    latest = document.files.aggregate(v=Max("version"))["v"]
    row = document.files.filter(version=latest).only("source_fingerprint").first()
    return row.source_fingerprint if row else None


class _StoredMeanwhile(Exception):  # noqa: N818 - a signal, not an error
    """Another run stored the same content while this one rendered."""


def _store(
    *,
    find: Callable[[], Document | None],
    create: Callable[[], Document],
    lock: Callable[[], object],
    template: str,
    public_context: dict[str, Any],
    internal_context: dict[str, Any] | None,
    filename: str,
) -> Document:
    """Render, then store a new version unless the latest one shows the same."""
    print_ = fingerprint(public_context, internal_context)
    existing = find()
    if existing is not None and _latest_fingerprint(existing) == print_:
        return existing
    from partnerskap.documents.pdf.render import render_pdf_and_text  # noqa: PLC0415 - slow import

    public = render_pdf_and_text(template, public_context)
    internal = render_pdf_and_text(template, internal_context) if internal_context else None
    files = [(Variant.MAIN, internal, f"{filename}-intern")] if internal else []
    files.append((Variant.PUBLIC if internal else Variant.MAIN, public, filename))
    try:
        # A failure (or another run's success) removes the blobs this run wrote.
        with storage.staged(*(pdf for _, (pdf, _), _ in files)), transaction.atomic():
            lock()
            document = find() or create()
            if _latest_fingerprint(document) == print_:
                raise _StoredMeanwhile
            version = int(document.files.aggregate(v=Max("version"))["v"] or 0) + 1
            for variant, (pdf, text), stem in files:
                file_row(
                    document=document,
                    version=version,
                    variant=variant,
                    checked=Checked(pdf, PDF, sanitise_filename(stem, extension="pdf")),
                    actor=None,
                    pdfa=True,
                    source_fingerprint=print_,
                    text=text,
                )
            audit.record(
                f"documents.generated.{document.generated}",
                actor=None,
                target=document,
                data={"version": version, "internal_variant": internal is not None},
            )
            changed(document)
    except (_StoredMeanwhile, IntegrityError, ValidationError):
        found = find()
        if found is None:
            raise
        logger.info("Generated document %s was stored by a concurrent run", found.pk)
        return found
    return document


def notice_pdf_store(meeting_id: int) -> Document | None:
    """Render and store the notice of a meeting (after the notice is published). Safe to run
    after commit and any number of times."""
    meeting = (
        Meeting.objects.select_related("partnership", "location", "notice")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not hasattr(meeting, "notice") or meeting.status not in AGENDA_PUBLIC:
        return None
    public_context = notice.notice_context(meeting, internal=False)
    internal_context = (
        notice.notice_context(meeting, internal=True)
        if notice.has_internal_content(meeting)
        else None
    )
    published = local(meeting.notice.published_at).date()

    def find() -> Document | None:
        return Document.objects.filter(meeting=meeting, generated=Generated.NOTICE).first()

    def create() -> Document:
        return _create(
            partnership=meeting.partnership,
            meeting=meeting,
            generated=Generated.NOTICE,
            document_type=Document.Type.INNKALLING,
            title=public_context["doc"]["title"],
            document_date=published,
        )

    return _store(
        find=find,
        create=create,
        lock=lambda: Meeting.objects.select_for_update().filter(pk=meeting.pk).first(),
        template=notice.TEMPLATE,
        public_context=public_context,
        internal_context=internal_context,
        filename=f"innkalling-{meeting.date.isoformat()}",
    )


def minutes_pdf_store(minutes_id: int) -> Document | None:
    """Render and store approved minutes (after approval). Only the latest approved version
    is rendered: a run for a version a correction has replaced does nothing."""
    approved = (
        Minutes.objects.select_related("meeting__partnership")
        .filter(pk=minutes_id, status=Minutes.Status.APPROVED)
        .first()
    )
    if approved is None:
        return None
    meeting = approved.meeting
    public = minutes_public(meeting=meeting)
    if public is None or public["version"] != approved.version:
        return None
    name = meeting.partnership.name
    language = document_language(meeting.partnership)
    public_context = minutes.minutes_context(
        public, partnership=name, internal=None, language=language
    )
    hidden = approved.content.get("internal") or {}
    internal_context = (
        minutes.minutes_context(public, partnership=name, internal=hidden, language=language)
        if hidden
        else None
    )

    def find() -> Document | None:
        return Document.objects.filter(meeting=meeting, generated=Generated.MINUTES).first()

    def create() -> Document:
        return _create(
            partnership=meeting.partnership,
            meeting=meeting,
            generated=Generated.MINUTES,
            document_type=Document.Type.PROTOKOLL,
            title=public_context["doc"]["title"],
            document_date=meeting.date,
        )

    return _store(
        find=find,
        create=create,
        lock=lambda: Meeting.objects.select_for_update().filter(pk=meeting.pk).first(),
        template=minutes.TEMPLATE,
        public_context=public_context,
        internal_context=internal_context,
        filename=f"motebok-{meeting.date.isoformat()}",
    )


def annual_report_pdf_store(partnership_id: int, year: int) -> Document | None:
    """Render and store the annual report of a partnership for a year, as a document of the
    partnership; a new version when the figures have changed since the last one."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        return None
    public_context = annual.annual_context(partnership, year, internal=False)
    internal_context = (
        annual.annual_context(partnership, year, internal=True)
        if annual.has_internal_content(partnership, year)
        else None
    )

    def find() -> Document | None:
        return Document.objects.filter(
            partnership=partnership, generated=Generated.ANNUAL_REPORT, report_year=year
        ).first()

    def create() -> Document:
        return _create(
            partnership=partnership,
            generated=Generated.ANNUAL_REPORT,
            report_year=year,
            document_type=Document.Type.RAPPORT,
            title=public_context["doc"]["title"],
            document_date=time.today(),
        )

    return _store(
        find=find,
        create=create,
        lock=lambda: Partnership.objects.select_for_update().filter(pk=partnership.pk).first(),
        template=annual.TEMPLATE,
        public_context=public_context,
        internal_context=internal_context,
        filename=f"arsrapport-{year}",
    )


def _create(**fields: Any) -> Document:
    document = Document(**fields)
    document.full_clean()
    document.save()
    return document
