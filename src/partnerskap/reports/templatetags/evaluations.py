"""``{% evaluation_published partnership as evaluation %}``: the partnership's published
evaluation, or None (for the link on the portal's partnership page)."""

from __future__ import annotations

from django import template

from partnerskap.agreements.models import Partnership
from partnerskap.reports import selectors
from partnerskap.reports.models import Evaluation

register = template.Library()


@register.simple_tag
def evaluation_published(partnership: Partnership) -> Evaluation | None:
    return selectors.evaluation_published(partnership=partnership)
