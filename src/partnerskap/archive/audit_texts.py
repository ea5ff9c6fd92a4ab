"""The words of the archive's audit actions (``core.actions``), registered from
``ArchiveConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.models import AuditEntry


def _period(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    """The written extraction keeps its period as a pair: read it as «from» and «to»."""
    period = data.get("period")
    if isinstance(period, list) and len(period) == 2:
        return {**data, "from": period[0], "to": period[1]}
    return data


def register() -> None:
    actions.register(
        "archive.extraction.written",
        title=gettext_lazy("Archive extraction written"),
        sentence=lambda v: (
            _("An archive extraction (Noark 5) was written for %(from)s to %(to)s.") % v
        ),
        values={"from": "date", "to": "date"},
        details={
            "registreringer": (gettext_lazy("Records"), "int"),
            "dokumentfiler": (gettext_lazy("Document files"), "int"),
        },
        prepare=_period,
    )
    actions.register(
        "archive.export.requested",
        title=gettext_lazy("Archive extraction requested"),
        sentence=lambda v: _("An archive extraction for %(from)s to %(to)s was requested.") % v,
        values={"from": "date", "to": "date"},
    )
    actions.register(
        "archive.export.finished",
        title=gettext_lazy("Archive extraction ready"),
        sentence=lambda v: _("The archive extraction is ready (%(size)s).") % v,
        values={"size": "bytes"},
    )
    actions.register(
        "archive.export.failed",
        title=gettext_lazy("Archive extraction failed"),
        sentence=lambda v: _("The archive extraction failed."),
    )
    actions.register(
        "archive.export.downloaded",
        title=gettext_lazy("Archive extraction downloaded"),
        sentence=lambda v: _("The archive extraction was downloaded."),
    )
