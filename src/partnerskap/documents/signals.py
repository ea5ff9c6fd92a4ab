"""Signals other apps may listen to. Sent after commit, never from ``post_save``.

``document_changed`` says that what the public may see of a document may have changed: it was
created, edited (title, exemption), got a new file, or its text was extracted. Keyword
arguments: ``document_id``, ``partnership_id`` and ``meeting_id`` (the meeting whose pages list
the document, or None). A receiver re-reads through ``selectors.documents_public``; the search
indexer does so to keep document text findable (and to drop it when a document becomes exempt).
"""

from __future__ import annotations

from django.dispatch import Signal

document_changed = Signal()
