"""The words of the reminders' audit actions (``core.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.actions import Values


def _set(v: Values) -> str:
    if v.raw.get("digest"):
        return _("The daily digest by e-mail was turned on.")
    return _("The daily digest by e-mail was turned off.")


def register() -> None:
    actions.register(
        "reminders.digest.set",
        title=gettext_lazy("Daily digest setting changed"),
        sentence=_set,
    )
