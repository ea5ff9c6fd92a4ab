"""Reads of the evaluation for more than one interface: the portal, its PDF and the link on
the partnership page show only a published evaluation."""

from __future__ import annotations

from partnerskap.agreements.models import Partnership
from partnerskap.reports.models import Evaluation


def evaluation_published(*, partnership: Partnership) -> Evaluation | None:
    """The partnership's published evaluation with its approvals (and their parties), or
    None."""
    return (
        Evaluation.objects.filter(partnership=partnership, status=Evaluation.Status.PUBLISHED)
        .select_related("partnership")
        .prefetch_related("approvals__party")
        .first()
    )
