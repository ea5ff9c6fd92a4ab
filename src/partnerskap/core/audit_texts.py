"""The words of core's own audit actions (operators, the admin's audited saves) and the legal
bases audit data refers to (``core.actions``), registered from ``CoreConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.actions import StrOrPromise, Values
from partnerskap.core.models import AuditEntry, LegalBasis


def _bases(keys: set[str]) -> Mapping[str, str]:
    return {b.code: str(b) for b in LegalBasis.objects.filter(code__in=keys)}


def _admin(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:
    """``admin.<app>.<model>.<what>``: the model's and the fields' names in words."""
    app_label, model_name = entry.action.split(".")[1:3]
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return {"model": model_name, "fields": data.get("fields", [])}
    fields = []
    for name in data.get("fields", []):
        try:
            fields.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            fields.append(name)
    return {"model": str(model._meta.verbose_name), "fields": fields}


def _admin_sentence(message: StrOrPromise) -> actions.Sentence:
    """A sentence from a lazy message, translated when the entry is read."""

    def sentence(v: Values) -> str:
        return str(message) % v

    return sentence


def register() -> None:
    actions.register_kind("basis", _bases)
    actions.register(
        "core.operator.granted",
        title=gettext_lazy("Operator role given"),
        sentence=lambda v: _("The operator role was given."),
    )
    actions.register(
        "core.operator.revoked",
        title=gettext_lazy("Operator role taken away"),
        sentence=lambda v: _("The operator role was taken away."),
    )
    admin_texts = {
        "added": (
            gettext_lazy("Added in the administration"),
            gettext_lazy("Added in the administration: %(model)s."),
        ),
        "changed": (
            gettext_lazy("Changed in the administration"),
            gettext_lazy("Changed in the administration: %(model)s."),
        ),
        "deleted": (
            gettext_lazy("Deleted in the administration"),
            gettext_lazy("Deleted in the administration: %(model)s."),
        ),
        "*": (  # any other admin action (the ones above are matched first)
            gettext_lazy("Changed in the administration"),
            gettext_lazy("Changed in the administration: %(model)s."),
        ),
    }
    for what, (title, message) in admin_texts.items():
        actions.register(
            f"admin.*.*.{what}",
            title=title,
            sentence=_admin_sentence(message),
            values={"model": "text"},
            details={"fields": (gettext_lazy("Fields changed"), "list:text")},
            prepare=_admin,
        )
