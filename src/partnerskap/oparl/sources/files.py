"""Files: the body's public documents that have a public file (see ``oparl.files``)."""

from __future__ import annotations

from partnerskap.documents.models import Document
from partnerskap.oparl import files, mapping
from partnerskap.oparl.segments import OParlObject, Scope, Segment


def file_segments(scope: Scope) -> list[Segment]:
    urls, body = scope.urls, scope.pk

    def render(rows: list[Document]) -> list[OParlObject]:
        return [
            mapping.file(found, urls=urls, body=body)
            for _document, found in files.records(rows, urls=urls)
        ]

    return [Segment("File", "document", lambda: files.public_files(body), render, template=body)]
