"""The chain of agreement periods on a portal page (A18): ``{% load portal_chain %}
{% partnership_chain partnership %}`` renders ``portal/_chain.html``, so any page of a
partnership shows it with one line."""

from __future__ import annotations

from typing import Any

from django import template

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import partnership_chain_public

register = template.Library()


@register.inclusion_tag("portal/_chain.html")
def partnership_chain(partnership: Partnership) -> dict[str, Any]:
    before, after = partnership_chain_public(partnership=partnership)
    return {"before": before, "after": after}
