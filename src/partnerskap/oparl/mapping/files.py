"""Files: public documents (see ``partnerskap.oparl.files`` for which and where from)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.files import FileRecord
from partnerskap.oparl.mapping.common import day, nonempty, or_none, stamp


def file_or_none(record: FileRecord | None, *, urls: Urls, body: int) -> schema.File | None:
    return None if record is None else file(record, urls=urls, body=body, embedded=True)


def file(record: FileRecord, *, urls: Urls, body: int, embedded: bool = False) -> schema.File:
    """A public file; back-references only when fetched on its own (spec: File.meeting …)."""

    def refs(make: Callable[[int, int], str], pks: Sequence[int]) -> list[str] | None:
        return None if embedded else nonempty([make(body, pk) for pk in pks])

    def paper_url(body: int, pk: int) -> str:
        return urls.paper(body, "proposal", pk)

    return schema.File(
        id=urls.file(body, record.kind, record.pk),
        name=record.name,
        file_name=record.file_name,
        mime_type=record.mime_type,
        size=record.size,
        sha512_checksum=or_none(record.sha512),
        access_url=record.access_url,
        download_url=or_none(record.download_url),
        date=day(record.date),
        text=or_none(record.text),
        meeting=refs(urls.meeting, record.meeting_ids),
        agenda_item=refs(urls.agenda_item, record.agenda_item_ids),
        paper=refs(paper_url, record.paper_ids),
        created=stamp(record.created),
        modified=stamp(record.modified),
    )
