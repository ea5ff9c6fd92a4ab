"""Keep the search index current: services call these inside their transaction, and the index
is updated after commit (never in a signal). ``suppressed()`` silences them while loading
history; call ``indexer.rebuild`` afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_suppressed: ContextVar[bool] = ContextVar("partnerskap_search_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def meeting_changed(meeting_id: int) -> None:
    """Reindex the meeting's public items, minutes and proposals after commit."""
    if _suppressed.get():
        return
    from partnerskap.search.indexer import index_meeting  # noqa: PLC0415 - avoids an import cycle

    transaction.on_commit(lambda: index_meeting(meeting_id))


def proposal_changed(proposal_id: int) -> None:
    if _suppressed.get():
        return
    from partnerskap.search.indexer import index_proposal  # noqa: PLC0415 - avoids an import cycle

    transaction.on_commit(lambda: index_proposal(proposal_id))


def document_changed(sender: object, *, document_id: int, **kwargs: object) -> None:  # noqa: ARG001
    """Receiver of ``documents.signals.document_changed`` (already sent after commit)."""
    if _suppressed.get():
        return
    from partnerskap.search.indexer import index_document  # noqa: PLC0415 - avoids an import cycle

    index_document(document_id)
