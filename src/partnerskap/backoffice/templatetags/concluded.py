"""``{% concluded_notice partnership %}``: the notice a back-office page about a concluded
partnership shows above its content, saying that the partnership is read-only and what can
still be done in it (``people.policy.is_concluded``, ``permissions.concluded_message``)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from partnerskap.agreements.models import Partnership
from partnerskap.backoffice.permissions import concluded_message
from partnerskap.people import policy

register = template.Library()


@register.simple_tag
def concluded_notice(partnership: object) -> SafeString:
    if not isinstance(partnership, Partnership) or not policy.is_concluded(partnership):
        return SafeString("")
    return format_html(
        '<div class="ds-alert" data-color="info" role="status">'
        '<p class="ds-paragraph">{}</p></div>',
        concluded_message(partnership),
    )
