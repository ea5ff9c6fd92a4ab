"""The demo's renewed partnership (A18): «Asker og Bærum – Akershus 2025–2028», renewed from
the 2020–2024 partnership through ``followup.services.renewal.partnership_renewal`` with a
DEMO special-part text (``data/DEMO-…-2025-2028-spesiell-del.md``, marked «Demoinnhold»: it is
no adopted agreement). Viken's successor, Akershus, takes its place; two of the three open
proposals of 2023–2024 are carried over, one stays with the old partnership. Then the
meetings of 2025 and 2026 (each year's first meeting adopts its annual cycle), built by the
history's ``build`` through the meetings services.

Idempotent: the renewed partnership is keyed by its slug and each meeting by its start.
People of Akershus come from ``loader.PEOPLE`` when they are there; this module makes none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from partnerskap.agreements.models import Partnership, Party
from partnerskap.agreements.services import RenewalText
from partnerskap.demo.history.build import build
from partnerskap.demo.history.spec import (
    CLIMATE,
    COUNCIL,
    DIGITAL,
    MOBILITY,
    NOTED,
    PLAN,
    SOCIETY,
    Item,
    Kind,
    Meeting,
    Milestone,
    Year,
    oslo,
)
from partnerskap.followup.services.renewal import (
    RenewalPlan,
    partnership_renewal,
    proposals_open,
)
from partnerskap.people.models import Person
from partnerskap.search.indexer import rebuild

RENEWED_SLUG = "asker-og-baerum-akershus-2025-2028"
RENEWED_NAME = "Asker og Bærum – Akershus 2025–2028"
TEXT = (
    Path(__file__).parent
    / "data"
    / ("DEMO-partnerskapsavtale-asker-baerum-akershus-2025-2028-spesiell-del.md")
)
#: The open proposal left with the old partnership (its parties still record its outcome).
STAYS = "PS 3/2023"


def _cycle_item(year: int) -> Item:
    return Item(
        kind=Kind.PROCEDURAL,
        title=f"Årshjul for partnerskapsmøtene {year}",
        areas=(SOCIETY,),
        sdgs=(17,),
        presentation="Sekretariatene foreslår ordinære møter vår og høst.",
        recommendation=f"Årshjulet for {year} fastsettes slik det er lagt fram.",
    )


def _info(title: str, area: str, presentation: str) -> Item:
    return Item(
        kind=Kind.INFORMATION,
        title=title,
        areas=(area,),
        presentation=presentation,
        recommendation=NOTED,
    )


def _meeting(title: str, day: dt.datetime, *items: Item, location: str = "asker") -> Meeting:
    return Meeting(
        title=title,
        starts_at=day,
        ends_at=day + dt.timedelta(hours=2, minutes=30),
        location=location,
        items=items,
    )


Y2025 = Year(
    year=2025,
    cycle_note="Første år i den nye avtaleperioden (demoinnhold).",
    milestones=(Milestone(dt.date(2025, 6, 1), "Handlingsplan for avtaleperioden klar"),),
    meetings=(
        _meeting(
            "Partnerskapsmøte vår 2025",
            oslo(2025, 3, 13, 10),
            _cycle_item(2025),
            _info(
                "Ny avtaleperiode med Akershus fylkeskommune",
                SOCIETY,
                "Sekretariatene orienterer om den fornyede avtalen og saker som er overført.",
            ),
        ),
        _meeting(
            "Partnerskapsmøte høst 2025",
            oslo(2025, 11, 13, 10),
            _info(
                "Innfartsparkering langs E18",
                MOBILITY,
                "Akershus fylkeskommune orienterer om status for innfartsparkering.",
            ),
            location="baerum",
        ),
    ),
)

Y2026 = Year(
    year=2026,
    cycle_note="Andre år i avtaleperioden (demoinnhold).",
    milestones=(Milestone(dt.date(2026, 9, 1), "Midtveisgjennomgang av avtalen"),),
    meetings=(
        _meeting(
            "Partnerskapsmøte vår 2026",
            oslo(2026, 3, 12, 10),
            _cycle_item(2026),
            _info(
                "Regional plan for areal og transport",
                PLAN,
                "Orientering om arbeidet med regional plan for areal og transport.",
            ),
        ),
        _meeting(
            "Partnerskapsmøte høst 2026",
            oslo(2026, 10, 15, 10),
            _info("Klimabudsjett i kommunene", CLIMATE, "Erfaringer med klimabudsjett."),
            _info("Felles digitale tjenester", DIGITAL, "Status for felles digitale tjenester."),
            location="baerum",
        ),
    ),
)


def _carried(old: Partnership) -> frozenset[int]:
    return frozenset(p.pk for p in proposals_open(partnership=old) if p.item.case_number != STAYS)


def load_renewal(
    *, partnership: Partnership, parties: dict[str, Party], people: dict[str, Person]
) -> int:
    """Renew the demo partnership and load its 2025–2026 meetings; returns how many records it
    created (the partnership and its meetings)."""
    renewed = Partnership.objects.filter(slug=RENEWED_SLUG).first()
    created = 0
    if renewed is None:
        plan = RenewalPlan(
            name=RENEWED_NAME,
            slug=RENEWED_SLUG,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2028, 12, 31),
            text=RenewalText(data=TEXT.read_bytes(), source_name=TEXT.name),
            copy_cycle=False,
            proposals_carried=_carried(partnership),
        )
        renewed = partnership_renewal(partnership=partnership, plan=plan, actor=None)
        created = 1
    everyone = {COUNCIL: parties[COUNCIL], **{p.slug: p for p in renewed.parties.all()}}
    created += build(partnership=renewed, parties=everyone, people=people, years=(Y2025, Y2026))
    rebuild(partnership=renewed)
    return created
