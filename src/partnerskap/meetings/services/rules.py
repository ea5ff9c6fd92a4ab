"""Checks shared by several meeting services (kept apart so the services do not import each
other in a circle)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.models import Partnership, Party
from partnerskap.core import time
from partnerskap.core.errors import DomainError
from partnerskap.core.time import local
from partnerskap.meetings.models import ClosedSession, Meeting

REMOTE_FORMS = (Meeting.Form.REMOTE, Meeting.Form.HYBRID)


def notice_deadline(*, meeting: Meeting) -> dt.datetime:
    """L1: when the notice must be published at the latest, the partnership's lead time before
    the meeting starts, counted in calendar days in Oslo (across DST)."""
    return local(meeting.starts_at) - dt.timedelta(days=meeting.partnership.notice_lead_days)


class NoticeBlocker(StrEnum):
    """What stops a notice from being published (L1: the notice says where, and what is on
    the agenda); the value is the code of the refusal."""

    NO_ITEMS = "meetings.notice.no_items"
    NO_PLACE = "meetings.notice.no_place"


def notice_blockers(*, meeting: Meeting, has_items: bool | None = None) -> list[NoticeBlocker]:
    """Why the meeting's notice cannot be published now, in the order the publication checks
    them; empty when it can. ``has_items`` (the agenda has an item not withdrawn) may be given
    by a caller that has read it for many meetings at once."""
    if has_items is None:
        has_items = meeting.items.filter(withdrawn=False).exists()
    blockers = []
    if not has_items:
        blockers.append(NoticeBlocker.NO_ITEMS)
    if meeting.location_id is None and meeting.form != Meeting.Form.REMOTE:
        blockers.append(NoticeBlocker.NO_PLACE)
    return blockers


def require_notice_publishable(*, meeting: Meeting) -> None:
    """Refuse publishing the notice for the first of its blockers (``notice_blockers``)."""
    refusals = {
        NoticeBlocker.NO_ITEMS: lambda: _(
            "The agenda is empty; add at least one item before publishing the notice."
        ),
        NoticeBlocker.NO_PLACE: lambda: _(
            "The notice must say where the meeting is held; set the location first."
        ),
    }
    for blocker in notice_blockers(meeting=meeting):
        raise DomainError(blocker.value, refusals[blocker]())


def require_active_party(partnership: Partnership, party: Party, *, on: dt.date) -> None:
    """The party must be a party to the partnership and exist on the day, or have a successor
    acting in its seat then (A1: the successor's people act in the ceased party's seat, and
    what they do is recorded in that seat)."""
    if not partnership.parties.filter(pk=party.pk).exists():
        raise DomainError(
            "meetings.not_a_party",
            _("%(party)s is not a party to %(partnership)s.")
            % {"party": party, "partnership": partnership},
        )
    if (
        not party.is_active_on(on)
        and succession.acting_party(party, on=on, partnership=partnership) == party
    ):
        successor = f" ({party.successor})" if party.successor else ""
        raise DomainError(
            "meetings.party_ended",
            _("%(party)s had ended by %(date)s; its successor acts for it%(successor)s.")
            % {"party": party, "date": on.strftime("%d.%m.%Y"), "successor": successor},
        )


def require_started(*, meeting: Meeting, code: str) -> None:
    """L4: what the minutes record happened at the meeting; nothing is recorded as held, and no
    minutes are made, before the meeting has started."""
    if time.now() < meeting.starts_at:
        raise DomainError(
            code,
            _(
                "The meeting starts %(when)s and has not taken place yet; record it as held "
                "and make its minutes after it has started."
            )
            % {"when": f"{local(meeting.starts_at):%d.%m.%Y %H:%M}"},
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
