"""The words of the privacy app's audit actions (``core.actions``), registered from
``PrivacyConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerskap.core import actions
from partnerskap.core.actions import Values
from partnerskap.core.models import AuditEntry


def _sum(value: Any) -> Any:
    if isinstance(value, dict):
        return sum(v for v in value.values() if isinstance(v, int))
    return value


def _sums(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    """The counts are kept per kind of record: read their sums."""
    return {**data, "changed": _sum(data.get("changed")), "total": _sum(data.get("total"))}


def _export(v: Values) -> str:
    if v.raw.get("format") == "page":
        return _("The personal data held was shown on the page.")
    return _("The personal data held was downloaded.")


def _erasure(v: Values) -> str:
    return (
        ngettext(
            "Personal data was erased: %(changed)s record changed.",
            "Personal data was erased: %(changed)s records changed.",
            v.count("changed"),
        )
        % v
    )


def _sweep(v: Values) -> str:
    return (
        ngettext(
            "The retention periods were applied: %(changed)s record changed.",
            "The retention periods were applied: %(changed)s records changed.",
            v.count("changed"),
        )
        % v
    )


def register() -> None:
    actions.register(
        "privacy.export.made",
        title=gettext_lazy("Personal data exported"),
        sentence=_export,
    )
    actions.register(
        "privacy.erasure.made",
        title=gettext_lazy("Personal data erased"),
        sentence=_erasure,
        values={"changed": "int"},
        prepare=_sums,
    )
    actions.register(
        "privacy.sweep.made",
        title=gettext_lazy("Retention periods applied"),
        sentence=_sweep,
        values={"changed": "int"},
        prepare=_sums,
    )
