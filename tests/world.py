"""A small world for meeting and follow-up rules: the demo partnership without its history,
its people and areas, and helpers to make meetings and items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from partnerskap.agreements.models import CooperationArea, Partnership, Party
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.services.agenda import agenda_item_add
from partnerskap.meetings.services.lifecycle import meeting_create
from partnerskap.people.models import Person

OSLO = ZoneInfo("Europe/Oslo")


def oslo(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


@dataclass
class World:
    partnership: Partnership
    council: Party
    county: Party
    areas: list[CooperationArea]
    location: Location
    people: dict[str, Person]

    def meeting(
        self, starts_at: dt.datetime | None = None, *, form: str = Meeting.Form.IN_PERSON
    ) -> Meeting:
        start = starts_at or oslo(2022, 3, 15)
        return meeting_create(
            partnership=self.partnership,
            title="Partnerskapsmøte <b>«vår»</b>",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            location=self.location,
            form=form,
            actor=None,
        )

    def item(
        self, meeting: Meeting, kind: str = AgendaItem.Kind.DISCUSSION, **kwargs
    ) -> AgendaItem:
        defaults = {
            "title": "Regional transport <script>x</script>",
            "areas": self.areas[:1],
            "procedural_subject": "annual_cycle" if kind == AgendaItem.Kind.PROCEDURAL else "",
        }
        defaults.update(kwargs)
        return agenda_item_add(meeting=meeting, kind=kind, actor=None, **defaults)
