"""The words of the subscriptions' audit actions (``core.actions``). The data holds the topic
and the subscription's id, never the address."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.actions import Values


def _requested(v: Values) -> str:  # noqa: ARG001 - no values to show
    return _("Someone signed up to follow by e-mail; a confirmation was sent.")


def _confirmed(v: Values) -> str:  # noqa: ARG001 - no values to show
    return _("A subscription was confirmed from the link in its e-mail.")


def _cancelled(v: Values) -> str:  # noqa: ARG001 - no values to show
    return _("A subscription was ended by its unsubscribe link; the address is deleted.")


def register() -> None:
    actions.register(
        "subscriptions.subscription.requested",
        title=gettext_lazy("Subscription requested"),
        sentence=_requested,
    )
    actions.register(
        "subscriptions.subscription.confirmed",
        title=gettext_lazy("Subscription confirmed"),
        sentence=_confirmed,
    )
    actions.register(
        "subscriptions.subscription.cancelled",
        title=gettext_lazy("Unsubscribed"),
        sentence=_cancelled,
    )
