"""The words of the API's audit actions (``core.actions``), registered from
``ApiConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions


def register() -> None:
    actions.register(
        "api.token.created",
        title=gettext_lazy("API key created"),
        sentence=lambda v: _("The API key «%(name)s» was created for %(user)s.") % v,
        values={"name": "text", "user": "text"},
    )
    actions.register(
        "api.token.revoked",
        title=gettext_lazy("API key revoked"),
        sentence=lambda v: _("The API key of %(user)s was revoked.") % v,
        values={"user": "text"},
    )
