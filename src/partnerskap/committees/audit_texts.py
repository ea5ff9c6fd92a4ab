"""The words of the committees app's audit actions (``core.actions``), registered from
``CommitteesConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerskap.core import actions
from partnerskap.core.actions import Values


def _established(v: Values) -> str:
    return (
        ngettext(
            "The committee was set up under item %(item)s, with %(members)s member.",
            "The committee was set up under item %(item)s, with %(members)s members.",
            v.count("members"),
        )
        % v
    )


def register() -> None:
    actions.register(
        "committees.established",
        title=gettext_lazy("Committee set up"),
        sentence=_established,
        values={"item": "text", "members": "int"},
    )
    actions.register(
        "committees.reported",
        title=gettext_lazy("Committee report recorded"),
        sentence=lambda v: _("The committee reported to the meeting under item %(item)s.") % v,
        values={"item": "item"},
    )
    actions.register(
        "committees.dissolved",
        title=gettext_lazy("Committee dissolved"),
        sentence=lambda v: _("The committee was dissolved as of %(on)s.") % v,
        values={"on": "date"},
    )
    actions.register(
        "committees.continued",
        title=gettext_lazy("Committee continued"),
        sentence=lambda v: _("The committee continues in the renewed partnership %(into)s.") % v,
        values={"into": "partnership"},
    )
    actions.register(
        "committees.ended_with_period",
        title=gettext_lazy("Committee ended with the period"),
        sentence=lambda v: _("The committee ends with the agreement period, on %(on)s.") % v,
        values={"on": "date"},
    )
