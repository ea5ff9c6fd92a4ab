"""The words of the people app's audit actions (``core.actions``) and the names of the people
audit data refers to, registered from ``PeopleConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions, labels
from partnerskap.people.models import Person, Role


def _people(keys: set[str]) -> Mapping[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    rows = Person.objects.filter(pk__in=ids).values_list("pk", "given_name", "family_name")
    return {str(pk): f"{given} {family}" for pk, given, family in rows}


def register() -> None:
    labels.register(membership_role=Role)
    actions.register_kind("person", _people)
    actions.register(
        "people.membership.created",
        title=gettext_lazy("Role given"),
        sentence=lambda v: _("Role as %(role)s for %(party)s from %(valid_from)s.") % v,
        values={"role": "choice:membership_role", "party": "party", "valid_from": "date"},
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
