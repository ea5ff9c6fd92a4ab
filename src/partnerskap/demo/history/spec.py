"""The shape of the demo's meeting history: plain data, turned into records by ``build.py``.

Times are wall-clock times in Europe/Oslo. People are named by ``DemoPerson.key`` (loader.py),
parties by slug, areas by the slug the importer gives them, legal bases by code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from partnerskap.meetings.models import AgendaItem, GuestInvitation, Vote

OSLO = ZoneInfo("Europe/Oslo")

# The same slugs as in loader.py (not imported from there: loader.py imports this package).
COUNCIL = "asker-og-baerum-rad"
VIKEN = "viken-fylkeskommune"

# Cooperation areas of the seed agreement, as the importer slugs them.
PLAN = "felles-plan-og-arealutfordringer"
MOBILITY = "felles-mobilitet-og-samferdselsutfordringer"
SOCIETY = "regional-samfunnsutvikling"
SCHOOL = "videregaende-utdanning"
CLIMATE = "prioriterte-innsatser-for-klima-og-miljo"
DIGITAL = "digitalisering"
RESEARCH = "forskning-innovasjon-og-verdiskaping"

Kind = AgendaItem.Kind
COMMITTEE = AgendaItem.ProceduralSubject.COMMITTEE
Choice = Vote.Choice
EXPERT = GuestInvitation.GuestKind.EXPERT
ELECTED = GuestInvitation.GuestKind.ELECTED_OFFICIAL

#: How a proposal addresses the parties' elected bodies (A9: the meeting only proposes).
TO_VIKEN = "Partnerskapsmøtet foreslår for Asker og Bærum kommunestyrer og Viken fylkesting at "
TO_AKERSHUS = (
    "Partnerskapsmøtet foreslår for Asker og Bærum kommunestyrer og Akershus fylkesting at "
)
NOTED = "Saken tas til orientering."


def oslo(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


@dataclass(frozen=True)
class Closed:
    """Close the item on a legal basis (L3); the public sees only ``public_title``."""

    basis: str
    public_title: str
    decision: str


@dataclass(frozen=True)
class Motion:
    """How each party voted on one motion (L4)."""

    motion: str
    votes: tuple[tuple[str, str], ...]  # (party slug, Vote.Choice)


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    areas: tuple[str, ...]
    presentation: str
    recommendation: str
    conclusion: str = ""  # the meeting's conclusion, when it differs from the recommendation
    sdgs: tuple[int, ...] = ()
    closed: Closed | None = None
    motions: tuple[Motion, ...] = ()
    #: What a procedural item decides: the year's annual cycle (A12) unless it sets up a
    #: temporary committee (A11, ``AgendaItem.ProceduralSubject.COMMITTEE``).
    subject: str = ""

    @property
    def procedural_subject(self) -> str:
        if self.kind != Kind.PROCEDURAL:
            return ""
        return self.subject or AgendaItem.ProceduralSubject.ANNUAL_CYCLE

    @property
    def outcome_text(self) -> str:
        return self.conclusion or self.recommendation

    @property
    def outcome(self) -> str:
        """A9: a proposal to the parties, a procedural decision, or noted."""
        if self.kind == Kind.PROPOSAL:
            return AgendaItem.Outcome.PROPOSAL
        if self.kind == Kind.PROCEDURAL:
            return AgendaItem.Outcome.PROCEDURAL
        return AgendaItem.Outcome.NOTED


@dataclass(frozen=True)
class Guest:
    """A guest invited by ``party`` (A13); the other party was told ``told_days_before`` the
    meeting (the lead time is 7 days by default, so fewer is late)."""

    party: str
    name: str
    role: str
    kind: str
    told_days_before: int
    item: int | None = None  # index into the meeting's items


@dataclass(frozen=True)
class Request:
    """A party's request for an extra meeting (A5)."""

    party: str
    reason: str
    requested_on: dt.date
    wished_date: dt.date


@dataclass(frozen=True)
class Meeting:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str | None  # a key of LOCATIONS
    items: tuple[Item, ...]
    form: str = "in_person"
    notice_days_before: int = 14  # the lead time is 10 days by default (L1)
    notice_message: str = ""
    absences: tuple[tuple[str, str], ...] = ()  # (person key, reason)
    substitutes: tuple[tuple[str, str], ...] = ()  # (substitute key, for person key)
    guests: tuple[Guest, ...] = ()
    request: Request | None = None


@dataclass(frozen=True)
class Milestone:
    date: dt.date
    title: str
    description: str = ""


@dataclass(frozen=True)
class Year:
    """A year's meetings; its first meeting adopts the year's annual cycle (A12), made of the
    year's ordinary meetings and ``milestones``."""

    year: int
    cycle_note: str
    milestones: tuple[Milestone, ...]
    meetings: tuple[Meeting, ...]


#: Where meetings are held: key → (name, room). Real public buildings, no street addresses.
LOCATIONS: dict[str, tuple[str, str]] = {
    "asker": ("Asker rådhus", "Formannskapssalen"),
    "baerum": ("Bærum rådhus, Sandvika", "Kommunestyresalen"),
    "drammen": ("Viken fylkeshus, Drammen", "Fylkestingssalen"),
    "teams": ("Teams", "fjernmøte"),
}
