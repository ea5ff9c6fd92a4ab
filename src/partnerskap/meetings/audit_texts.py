"""The words of the meetings app's audit actions (``core.actions``), registered from
``MeetingsConfig.ready()``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from partnerskap.core import actions, labels
from partnerskap.core.actions import Values
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import AgendaItem, AnnualCycleEntry, Meeting

START = (gettext_lazy("Start"), "datetime")
END = (gettext_lazy("End"), "datetime")
FORM = (gettext_lazy("Form"), "choice:meeting_form")
PLACE = (gettext_lazy("Place"), "text")
REASON = {"reason": (gettext_lazy("Reason"), "text")}


def _items(keys: set[str]) -> Mapping[str, str]:
    """An item by its case number only («PS 7/2024»): a closed item's title is exempt."""
    ids = [int(k) for k in keys if k.isdigit()]
    rows = AgendaItem.objects.filter(pk__in=ids).values_list("pk", "number", "year")
    return {str(pk): AgendaItem.format_case_number(number, year) for pk, number, year in rows}


def _meetings(keys: set[str]) -> Mapping[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    return {str(m.pk): m.title for m in Meeting.objects.filter(pk__in=ids).only("pk", "title")}


def _cycle_entry(summary: Any) -> Any:
    """«2024-03-01 · meeting · Title · description · meeting 5» (as the service stores an
    entry) in words: «1.3.2024 · partnership meeting · Title · description»."""
    if not isinstance(summary, str):
        return summary
    parts = summary.split(" · ")
    try:
        parts[0] = f"{dt.date.fromisoformat(parts[0]):%-d.%-m.%Y}"
    except ValueError:
        return summary
    if len(parts) > 1:
        parts[1] = labels.label(parts[1], "cycle_entry", get_language())
    if len(parts) > 3 and parts[-1].startswith("meeting ") and parts[-1][8:].isdigit():
        parts.pop()
    return " · ".join(parts)


def _cycle(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    shaped = dict(data)
    for side in ("before", "after"):
        if isinstance(data.get(side), dict):
            shaped[side] = {k: _cycle_entry(v) for k, v in data[side].items()}
    return shaped


def _attendance(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    return {
        "present": [k for k, v in data.items() if v is True],
        "absent": [k for k, v in data.items() if v is False],
    }


def _meeting_created(v: Values) -> str:
    sentence = (
        _("The meeting was planned at a party's request.")
        if v.given("request")
        else _("The meeting was planned.")
    )
    if v.raw.get("outside_period"):
        sentence += " " + _("It lies outside the partnership's period.")
    return sentence


def _rescheduled(v: Values) -> str:
    if v["before.starts_at"] != v["after.starts_at"]:
        sentence = _("The meeting was moved from %(before.starts_at)s to %(after.starts_at)s.") % v
    else:
        sentence = _("The meeting's time, place or form was changed.")
    if v.given("notice_version"):
        sentence += " " + _("The notice was issued again (version %(notice_version)s).") % v
    return sentence


def _notice(v: Values) -> str:
    if v.raw.get("late"):
        return _("The notice was published after the deadline of %(deadline)s.") % v
    return _("The notice was published.")


def _guest(v: Values) -> str:
    sentence = _("%(party)s invited %(guest)s as a guest.") % v
    if v.raw.get("late"):
        sentence += " " + _("The invitation came later than the notice period.")
    return sentence


def _cycle_updated(v: Values) -> str:
    return _("Draft version %(version)s of the annual cycle for %(year)s was changed.") % v


def register() -> None:
    labels.register(cycle_entry=AnnualCycleEntry.Kind)
    actions.register_kind("item", _items)
    actions.register_kind("meeting", _meetings)
    actions.register(
        "meetings.request.created",
        title=gettext_lazy("Meeting request registered"),
        sentence=lambda v: _("A party's request for a meeting was registered."),
    )
    actions.register(
        "meetings.request.closed",
        title=gettext_lazy("Meeting request closed"),
        sentence=lambda v: _("A meeting was planned for the request, which is now closed."),
    )
    actions.register(
        "meetings.meeting.created",
        title=gettext_lazy("Meeting planned"),
        sentence=_meeting_created,
    )
    actions.register(
        "meetings.meeting.rescheduled",
        title=gettext_lazy("Meeting moved"),
        sentence=_rescheduled,
        values={
            "before.starts_at": "datetime",
            "after.starts_at": "datetime",
            "notice_version": "text",
        },
        fields={"starts_at": START, "ends_at": END, "location": PLACE, "form": FORM},
        details=REASON,
    )
    actions.register(
        "meetings.notice.published",
        title=gettext_lazy("Notice published"),
        sentence=_notice,
        values={"deadline": "date"},
    )
    actions.register(
        "meetings.meeting.held",
        title=gettext_lazy("Meeting recorded as held"),
        sentence=lambda v: (
            _("The meeting was recorded as held, chaired by %(chaired_by)s (%(reason)s).") % v
        ),
        values={"chaired_by": "person", "reason": "choice:chair_reason"},
    )
    actions.register(
        "meetings.meeting.cancelled",
        title=gettext_lazy("Meeting cancelled"),
        sentence=lambda v: _("The meeting was cancelled."),
        details=REASON,
    )
    actions.register(
        "meetings.meeting.postponed",
        title=gettext_lazy("Meeting postponed"),
        sentence=lambda v: _("The meeting was postponed."),
        details=REASON,
    )
    actions.register(
        "meetings.absence.registered",
        title=gettext_lazy("Absence registered"),
        sentence=lambda v: _("%(person)s sent apologies.") % v,
        values={"person": "person"},
        details={
            "by_link": (gettext_lazy("By the member's link"), "bool"),
            "part": (gettext_lazy("For a part of the meeting"), "bool"),
        },
    )
    actions.register(
        "meetings.substitute.called_in",
        title=gettext_lazy("Substitute called in"),
        sentence=lambda v: _("%(substitute)s was called in as substitute for %(for)s.") % v,
        values={"substitute": "person", "for": "person"},
    )
    actions.register(
        "meetings.link.issued",
        title=gettext_lazy("Personal link sent"),
        sentence=lambda v: _("%(person)s got a personal link to %(purpose)s.") % v,
        values={"person": "person", "purpose": "choice:link_purpose"},
    )
    actions.register(
        "meetings.disqualification.declared",
        title=gettext_lazy("Possible disqualification declared"),
        sentence=lambda v: _("%(person)s declared possible disqualification for %(item)s.") % v,
        values={"person": "person", "item": "item"},
        details={"by_link": (gettext_lazy("By the member's link"), "bool")},
    )
    actions.register(
        "meetings.substitute.asked",
        title=gettext_lazy("Substitute asked"),
        sentence=lambda v: _("%(substitute)s was asked by e-mail to attend for %(for)s.") % v,
        values={"substitute": "person", "for": "person"},
    )
    actions.register(
        "meetings.substitute.declined",
        title=gettext_lazy("Substitute declined"),
        sentence=lambda v: _("%(substitute)s cannot attend for %(for)s.") % v,
        values={"substitute": "person", "for": "person"},
    )
    actions.register(
        "meetings.substitute.no_answer",
        title=gettext_lazy("Substitute did not answer"),
        sentence=lambda v: _("%(substitute)s did not answer in time to attend for %(for)s.") % v,
        values={"substitute": "person", "for": "person"},
    )
    actions.register(
        "meetings.substitute.none_left",
        title=gettext_lazy("No substitute left"),
        sentence=lambda v: _("No more substitutes can be asked to attend for %(for)s.") % v,
        values={"for": "person"},
    )
    actions.register(
        "meetings.attendance.recorded",
        title=gettext_lazy("Attendance recorded"),
        sentence=lambda v: _("Attendance was recorded."),
        details={
            "present": (gettext_lazy("Present"), "list:person"),
            "absent": (gettext_lazy("Not present"), "list:person"),
        },
        prepare=_attendance,
    )
    actions.register(
        "meetings.guest.invited",
        title=gettext_lazy("Guest invited"),
        sentence=_guest,
        values={"party": "party", "guest": "text"},
    )
    actions.register(
        "meetings.chair.elected",
        title=gettext_lazy("Chair elected for the meeting"),
        sentence=lambda v: _("%(person)s was elected to chair the meeting.") % v,
        values={"person": "person"},
    )
    actions.register(
        "meetings.item.added",
        title=gettext_lazy("Item added to the agenda"),
        sentence=lambda v: _("Item %(number)s was added to the agenda.") % v,
        values={"number": "text"},
        details={"areas": (gettext_lazy("Cooperation areas"), "list:area")},
    )
    actions.register(
        "meetings.item.withdrawn",
        title=gettext_lazy("Item withdrawn"),
        sentence=lambda v: _("The item was withdrawn from the agenda."),
    )
    actions.register(
        "meetings.agenda.reordered",
        title=gettext_lazy("Agenda reordered"),
        sentence=lambda v: _("The agenda was put in a new order."),
        details={"order": (gettext_lazy("New order"), "list:item")},
    )
    actions.register(
        "meetings.item.closed",
        title=gettext_lazy("Item closed to the public"),
        sentence=lambda v: _("The item was closed to the public under %(basis)s.") % v,
        values={"basis": "basis"},
    )
    actions.register(
        "meetings.item.outcome",
        title=gettext_lazy("Outcome recorded"),
        sentence=lambda v: _("The outcome was recorded: %(outcome)s.") % v,
        values={"outcome": "choice:outcome"},
        details={
            "individual_case_reason": (
                gettext_lazy("Why it is not a decision in an individual case"),
                "text",
            )
        },
    )
    actions.register(
        "meetings.item.reopened",
        title=gettext_lazy("Item opened to the public again"),
        sentence=lambda v: (
            _("The item was opened to the public again (it was closed under %(basis)s).") % v
        ),
        values={"basis": "basis"},
        details=REASON,
    )
    place_fields = {
        "name": (gettext_lazy("Name"), "text"),
        "room": (gettext_lazy("Room"), "text"),
        "address": (gettext_lazy("Address"), "text"),
        "accessibility": (gettext_lazy("Accessibility"), "text"),
    }
    actions.register(
        "meetings.place.created",
        title=gettext_lazy("Place added"),
        sentence=lambda v: _("The place was added."),
    )
    actions.register(
        "meetings.place.updated",
        title=gettext_lazy("Place changed"),
        sentence=lambda v: _("The place was changed."),
        fields=place_fields,
    )
    actions.register(
        "meetings.vote.recorded",
        title=gettext_lazy("Vote recorded"),
        sentence=lambda v: _("%(party)s voted %(choice)s on «%(motion)s».") % v,
        values={"party": "party", "choice": "choice:vote", "motion": "text"},
    )
    actions.register(
        "meetings.item.updated",
        title=gettext_lazy("Item changed"),
        sentence=lambda v: _("The item was changed."),
        fields={
            "title": (gettext_lazy("Title"), "text"),
            "areas": (gettext_lazy("Cooperation areas"), "list:area"),
        },
    )
    actions.register(
        "meetings.minutes.drafted",
        title=gettext_lazy("Minutes drafted"),
        sentence=lambda v: _("Version %(v)s of the minutes was drafted.") % v,
        values={"v": "text"},
    )
    actions.register(
        "meetings.minutes.approved",
        title=gettext_lazy("Minutes approved"),
        sentence=lambda v: _("Version %(v)s of the minutes was approved.") % v,
        values={"v": "text"},
    )
    actions.register(
        "meetings.cycle.drafted",
        title=gettext_lazy("Annual cycle drafted"),
        sentence=lambda v: _("A draft annual cycle for %(year)s was started.") % v,
        values={"year": "text"},
    )
    entry = (gettext_lazy("Entry in the annual cycle"), "text")
    note = (gettext_lazy("Note"), "text")
    actions.register(
        "meetings.cycle.updated",
        title=gettext_lazy("Annual cycle draft changed"),
        sentence=_cycle_updated,
        values={"version": "text", "year": "text"},
        fields={"note": note, "entry *": entry},
        prepare=_cycle,
    )
    actions.register(
        "meetings.cycle.discarded",
        title=gettext_lazy("Annual cycle draft discarded"),
        sentence=lambda v: (
            _("Draft version %(version)s of the annual cycle for %(year)s was discarded.") % v
        ),
        values={"version": "text", "year": "text"},
        fields={"note": note, "entry *": entry},
        prepare=_cycle,
    )
    actions.register(
        "meetings.cycle.adopted",
        title=gettext_lazy("Annual cycle adopted"),
        sentence=lambda v: _("The annual cycle was adopted under item %(item)s.") % v,
        values={"item": "item"},
    )
