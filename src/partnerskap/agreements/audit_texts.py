"""The words of the agreements app's audit actions (``core.actions``) and the names of its
rows that audit data refers to, registered from ``AgreementsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.agreements.models import CooperationArea, ElectedBody, Partnership, Party
from partnerskap.core import actions


def _parties(keys: set[str]) -> Mapping[str, str]:
    return dict(Party.objects.filter(slug__in=keys).values_list("slug", "name"))


def _bodies(keys: set[str]) -> Mapping[str, str]:
    return dict(ElectedBody.objects.filter(slug__in=keys).values_list("slug", "name"))


def _areas(keys: set[str]) -> Mapping[str, str]:
    # An area's slug is unique within its agreement part: the latest name wins.
    rows = CooperationArea.objects.filter(slug__in=keys).order_by("pk")
    return dict(rows.values_list("slug", "name"))


def _partnerships(keys: set[str]) -> Mapping[str, str]:
    """A partnership by its id or its slug (both are stored)."""
    ids = [int(k) for k in keys if k.isdigit()]
    rows = Partnership.objects.filter(pk__in=ids) | Partnership.objects.filter(slug__in=keys)
    names: dict[str, str] = {}
    for pk, slug, name in rows.values_list("pk", "slug", "name"):
        names[str(pk)] = names[slug] = name
    return names


def register() -> None:
    actions.register_kind("party", _parties)
    actions.register_kind("body", _bodies)
    actions.register_kind("area", _areas)
    actions.register_kind("partnership", _partnerships)
    actions.register(
        "agreements.body.created",
        title=gettext_lazy("Elected body added"),
        sentence=lambda v: _("The elected body was added for %(party)s.") % v,
        values={"party": "party"},
    )
    actions.register(
        "agreements.body.renamed",
        title=gettext_lazy("Elected body renamed"),
        sentence=lambda v: _("The elected body was renamed."),
        fields={"name": (gettext_lazy("Name"), "text")},
    )
    actions.register(
        "agreements.body.ended",
        title=gettext_lazy("Elected body ended"),
        sentence=lambda v: _("The elected body's last day is %(valid_to)s.") % v,
        values={"valid_to": "date"},
    )
    actions.register(
        "agreements.version.imported",
        title=gettext_lazy("Agreement version imported"),
        sentence=lambda v: (
            _("Version %(number)s of the agreement was imported from %(source)s.") % v
        ),
        values={"number": "text", "source": "text"},
    )
    actions.register(
        "agreements.version.in_force",
        title=gettext_lazy("Agreement version put in force"),
        sentence=lambda v: _("The version is in force from %(in_force_from)s.") % v,
        values={"in_force_from": "date"},
        details={
            "added": (gettext_lazy("Cooperation areas added"), "list:area"),
            "retired": (gettext_lazy("Cooperation areas retired"), "list:area"),
        },
    )
    actions.register(
        "agreements.signature.recorded",
        title=gettext_lazy("Signature recorded"),
        sentence=lambda v: _("%(party)s signed version %(version)s.") % v,
        values={"party": "party", "version": "text"},
    )
    actions.register(
        "agreements.party.ceased",
        title=gettext_lazy("Party ceased"),
        sentence=lambda v: (
            _(
                "The party's last day is %(valid_to)s; from the day after, "
                "%(successor)s acts for it."
            )
            % v
        ),
        values={"valid_to": "date", "successor": "party"},
    )
    actions.register(
        "agreements.partnership.renewed",
        title=gettext_lazy("Partnership renewed"),
        sentence=lambda v: _("The partnership was renewed, following %(predecessor)s.") % v,
        values={"predecessor": "partnership", "parties": "list:party", "text": "text"},
    )
    _register_general_part()


def _register_general_part() -> None:
    """The county's general part (A14)."""
    actions.register(
        "agreements.general_part.created",
        title=gettext_lazy("General part created"),
        sentence=lambda v: (
            _("%(county)s's general part was created, in force from %(in_force_from)s.") % v
        ),
        values={"county": "party", "in_force_from": "date"},
    )
    actions.register(
        "agreements.general_part.amended",
        title=gettext_lazy("General part amended"),
        sentence=lambda v: (
            _(
                "Version %(number)s of the general part was adopted by %(body)s "
                "(%(decision_reference)s), in force from %(in_force_from)s."
            )
            % v
        ),
        values={
            "number": "text",
            "body": "body",
            "decision_reference": "text",
            "in_force_from": "date",
        },
    )
    actions.register(
        "agreements.general_part.set",
        title=gettext_lazy("General part chosen"),
        sentence=lambda v: _("The agreement now uses the general part «%(title)s».") % v,
        values={"title": "text"},
    )
