"""``{% if user|can_see_overview %}``: link the view across partnerships only for those it
serves (``people.policy.can_see_overview``), asked once per request's user."""

from __future__ import annotations

from django import template

from partnerskap.people import policy
from partnerskap.people.policy import AnyUser

register = template.Library()

#: Where the answer is kept on the user object (one request: ``request.user`` is new for each).
_MEMO = "_partnerskap_overview"


@register.filter
def can_see_overview(user: AnyUser | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if _MEMO not in user.__dict__:
        user.__dict__[_MEMO] = policy.can_see_overview(user)
    return bool(user.__dict__[_MEMO])
