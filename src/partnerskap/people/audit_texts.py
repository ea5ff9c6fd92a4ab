"""The words of the people app's audit actions (``core.actions``) and the names of the people
audit data refers to, registered from ``PeopleConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions, labels
from partnerskap.core.models import AuditEntry
from partnerskap.people.models import Language, Person, Role


def _people(keys: set[str]) -> Mapping[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    rows = Person.objects.filter(pk__in=ids).values_list("pk", "given_name", "family_name")
    return {str(pk): f"{given} {family}" for pk, given, family in rows}


def _field_labels(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    """The changed fields by their labels (the old values are not kept: personal data)."""
    labels_ = []
    for name in data.get("fields", []):
        try:
            labels_.append(str(getattr(Person._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:
            labels_.append(str(name))
    return {**data, "fields": labels_}


def register() -> None:
    labels.register(membership_role=Role, person_language=Language)
    actions.register_kind("person", _people)
    actions.register(
        "people.membership.created",
        title=gettext_lazy("Role given"),
        sentence=lambda v: _("Role as %(role)s for %(party)s from %(valid_from)s.") % v,
        values={"role": "choice:membership_role", "party": "party", "valid_from": "date"},
        details={"substitute_order": (gettext_lazy("Place in the substitutes' order"), "text")},
    )
    actions.register(
        "people.person.created",
        title=gettext_lazy("Person added"),
        sentence=lambda v: _("The person was added."),
    )
    actions.register(
        "people.person.updated",
        title=gettext_lazy("Person changed"),
        sentence=lambda v: _("The person's details were corrected."),
        details={"fields": (gettext_lazy("Fields changed"), "list:text")},
        prepare=_field_labels,
    )
    actions.register(
        "people.person.language_set",
        title=gettext_lazy("Language chosen"),
        sentence=lambda v: _("The person chose %(language)s.") % v,
        values={"language": "choice:person_language"},
    )
    actions.register(
        "people.substitute_order.set",
        title=gettext_lazy("Substitutes' order set"),
        sentence=lambda v: _("The substitutes' order was set."),
        details={"order": (gettext_lazy("Order"), "list:person")},
    )
    actions.register(
        "people.membership.ended",
        title=gettext_lazy("Role ended"),
        sentence=lambda v: _("The role ends on %(valid_to)s.") % v,
        values={"valid_to": "date"},
    )
    actions.register(
        "people.identity.linked",
        title=gettext_lazy("Single sign-on account linked"),
        sentence=lambda v: _("A single sign-on account at %(issuer)s was linked.") % v,
        values={"issuer": "text"},
    )
    actions.register(
        "people.identity.removed",
        title=gettext_lazy("Single sign-on account unlinked"),
        sentence=lambda v: _("The single sign-on account at %(issuer)s was unlinked.") % v,
        values={"issuer": "text"},
    )
