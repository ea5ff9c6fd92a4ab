"""The words of the documents app's audit actions (``core.actions``), registered from
``DocumentsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions, labels
from partnerskap.core.actions import Values
from partnerskap.core.models import AuditEntry
from partnerskap.documents.models import Document


def _updated(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    """Only the title before is kept (and the exemption after): read them as details."""
    before = data.get("before")
    title = before.get("title", "") if isinstance(before, dict) else ""
    return {"title_before": title, "exempt": data.get("exempt", "")}


def _generated(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "what": entry.action.rsplit(".", 1)[-1]}


def _uploaded(v: Values) -> str:
    sentence = _("The document was uploaded (%(type)s, %(size)s).") % v
    if v.given("exempt"):
        sentence += " " + _("It is exempt from public access under %(exempt)s.") % v
    return sentence


def _version_added(v: Values) -> str:
    if v.raw.get("public_variant"):
        return _("Version %(version)s of the document was added, with a public version.") % v
    return _("Version %(version)s of the document was added.") % v


def register() -> None:
    labels.register(generated_document=Document.Generated)
    actions.register(
        "documents.document.uploaded",
        title=gettext_lazy("Document uploaded"),
        sentence=_uploaded,
        values={"type": "text", "size": "bytes", "exempt": "basis"},
    )
    actions.register(
        "documents.document.updated",
        title=gettext_lazy("Document details changed"),
        sentence=lambda v: _("The document's details were changed."),
        details={
            "title_before": (gettext_lazy("Title before"), "text"),
            "exempt": (gettext_lazy("Exempt from public access under"), "basis"),
        },
        prepare=_updated,
    )
    actions.register(
        "documents.document.version_added",
        title=gettext_lazy("Document version added"),
        sentence=_version_added,
        values={"version": "text"},
    )
    actions.register(
        "documents.document.public_variant_set",
        title=gettext_lazy("Public version added"),
        sentence=lambda v: _("A public (redacted) version of version %(version)s was added.") % v,
        values={"version": "text"},
    )
    actions.register(
        "documents.document.public_variant_withdrawn",
        title=gettext_lazy("Public version withdrawn"),
        sentence=lambda v: _("The public version of version %(version)s was withdrawn.") % v,
        values={"version": "text"},
    )
    actions.register(
        "documents.file.text_extracted",
        title=gettext_lazy("Text extracted"),
        sentence=lambda v: _("The file's text was read for search."),
    )
    actions.register(
        "documents.file.text_failed",
        title=gettext_lazy("Text extraction failed"),
        sentence=lambda v: _("The file's text could not be read for search."),
    )
    actions.register(
        "documents.file.text_retry",
        title=gettext_lazy("Text extraction tried again"),
        sentence=lambda v: _("Another try at reading the file's text was asked for."),
    )
    actions.register(
        "documents.generated.*",
        title=gettext_lazy("PDF made"),
        sentence=lambda v: _("The PDF was made (%(what)s, version %(version)s).") % v,
        values={"what": "choice:generated_document", "version": "text"},
        prepare=_generated,
    )
