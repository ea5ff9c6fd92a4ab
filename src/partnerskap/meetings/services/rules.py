"""Checks shared by several meeting services (kept apart so the services do not import each
other in a circle)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import ClosedSession, Meeting

REMOTE_FORMS = (Meeting.Form.REMOTE, Meeting.Form.HYBRID)


def require_active_party(partnership: Partnership, party: Party, *, on: dt.date) -> None:
    """The party must be a party to the partnership and exist on the day (A1: a party that has
    ended has passed its role to its successor)."""
    if not partnership.parties.filter(pk=party.pk).exists():
        raise DomainError(
            "meetings.not_a_party",
            _("%(party)s is not a party to %(partnership)s.")
            % {"party": party, "partnership": partnership},
        )
    if not party.is_active_on(on):
        successor = f" ({party.successor})" if party.successor else ""
        raise DomainError(
            "meetings.party_ended",
            _("%(party)s had ended by %(date)s; its successor acts for it%(successor)s.")
            % {"party": party, "date": on.strftime("%d.%m.%Y"), "successor": successor},
        )


def check_form_allows_closed_items(*, meeting: Meeting, form: str) -> None:
    """L5: a session closed on a mandatory ground may not be held with remote participants."""
    if form not in REMOTE_FORMS or meeting.pk is None:
        return
    mandatory = ClosedSession.objects.filter(
        item__meeting=meeting, item__withdrawn=False, legal_basis__mandatory=True
    ).select_related("item")
    first = mandatory.first()
    if first is not None:
        raise DomainError(
            "meetings.form.remote_with_mandatory_closed_item",
            _(
                "%(item)s is closed under %(basis)s, which may not be dealt with in a remote "
                "or hybrid meeting; hold the meeting in person or move the item."
            )
            % {"item": first.item.case_number, "basis": first.legal_basis.reference},
            field="form",
        )
