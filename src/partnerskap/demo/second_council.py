"""DEMO CONTENT: a second regional council with its own partnership with Akershus, so that the
county's view across its partnerships (``/sekretariat/oversikt/``) has something to show.

«Interkommunalt politisk råd for Follo (demo)» is labelled as demo content everywhere: its
special part (``data/partnerskapsavtale-follo-akershus-2024-2027-spesiell-del-demo.md``, marked
«Demoinnhold»), its people (fictional) and its meetings. The partnership runs 2024–2027: two
meetings a year held with approved minutes in 2024–2026, one planned in 2027, and proposals to
Akershus fylkesting and the council's bodies, some answered, some awaiting, one overdue.

Written through the services, keyed by natural keys, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.agreements.services import agreement_import
from partnerskap.demo import two_factor
from partnerskap.demo.history.build import build
from partnerskap.demo.history.spec import Item, Kind, Meeting, Milestone, Year, oslo
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.models import Meeting as MeetingRow
from partnerskap.meetings.services.lifecycle import meeting_create
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.services import membership_create
from partnerskap.search.indexer import rebuild

if TYPE_CHECKING:
    from partnerskap.demo.loader import DemoSummary

SOURCE = (
    Path(__file__).resolve().parent
    / "data"
    / "partnerskapsavtale-follo-akershus-2024-2027-spesiell-del-demo.md"
)
SLUG = "follo-akershus-2024-2027-demo"
COUNCIL = "follo-rad-demo"
AKERSHUS = "akershus-fylkeskommune"
START = dt.date(2024, 1, 1)

PARTIES = [
    (COUNCIL, "Interkommunalt politisk råd for Follo (demo)", "Follo-rådet (demo)", None),
    ("nordby-kommune-demo", "Nordby kommune (demo)", "Nordby (demo)", COUNCIL),
    ("sjovik-kommune-demo", "Sjøvik kommune (demo)", "Sjøvik (demo)", COUNCIL),
]
MUNICIPAL = "municipal_council"
BODIES = [
    ("follo-radsmote-demo", COUNCIL, "Rådsmøtet i Follo (demo)", "regional_council"),
    (
        "nordby-kommunestyre-demo",
        "nordby-kommune-demo",
        "Nordby kommunestyre (demo)",
        "municipal_council",
    ),
    (
        "sjovik-kommunestyre-demo",
        "sjovik-kommune-demo",
        "Sjøvik kommunestyre (demo)",
        "municipal_council",
    ),
]


@dataclass(frozen=True)
class _Person:
    key: str
    given: str
    family: str
    title: str
    role: str
    login: str = ""


PEOPLE = [
    _Person("follo-leder", "Ragnhild", "Sætre (demo)", "Leder av Follo-rådet", Role.CHAIR),
    _Person("follo-nestleder", "Eivind", "Holt (demo)", "Nestleder", Role.DEPUTY_CHAIR),
    _Person("follo-m-1", "Sunniva", "Dahle (demo)", "Rådsmedlem", Role.MEMBER),
    _Person("follo-m-2", "Amir", "Nilsen (demo)", "Rådsmedlem", Role.MEMBER),
    _Person(
        "follo-sek",
        "Tone",
        "Myhre (demo)",
        "Rådgiver, sekretariatet",
        Role.SECRETARIAT,
        "sekretariat-follo",
    ),
]

# The cooperation areas as the importer slugs them.
AREA_TRANSPORT = "areal-og-transport"
AREA_CLIMATE = "klima-og-miljo"
AREA_SCHOOL = "kompetanse-og-videregaende-opplaering"
AREA_BUSINESS = "naeringsutvikling-og-innovasjon"


def _cycle_item(year: int) -> Item:
    return Item(
        kind=Kind.PROCEDURAL,
        title=f"Årshjul for partnerskapsmøtene {year} (demo)",
        areas=(AREA_TRANSPORT,),
        presentation="Sekretariatene foreslår to ordinære møter, vår og høst (demoinnhold).",
        recommendation=f"Årshjulet for {year} fastsettes slik det er lagt fram.",
    )


def _proposal_item(title: str, area: str) -> Item:
    return Item(
        kind=Kind.PROPOSAL,
        title=title,
        areas=(area,),
        presentation="Saken er laget for demonstrasjonen (demoinnhold).",
        recommendation="Partnerskapsmøtet foreslår for partenes folkevalgte organer at saken "
        "følges opp slik den er lagt fram.",
    )


def _info_item(title: str, area: str) -> Item:
    return Item(
        kind=Kind.INFORMATION,
        title=title,
        areas=(area,),
        presentation="Orientering (demoinnhold).",
        recommendation="Saken tas til orientering.",
    )


#: Follo's proposals: (year, meeting index, item index) → the proposal's title.
PROPOSALS = {
    2024: "Felles innspill til regional plan for areal og transport i Follo (demo)",
    2025: "Utslippsfrie anleggsplasser i fylkeskommunale og kommunale prosjekter (demo)",
    2026: "Flere læreplasser i Follo gjennom felles formidling (demo)",
}
AREAS_OF = {2024: AREA_TRANSPORT, 2025: AREA_CLIMATE, 2026: AREA_SCHOOL}


def _year(year: int) -> Year:
    spring, autumn = oslo(year, 3, 12, 12), oslo(year, 10, 15, 12)
    return Year(
        year=year,
        cycle_note="Begge parter kan be om flere møter ved behov (demoinnhold).",
        milestones=(Milestone(dt.date(year, 5, 15), "Frist for innspill til høstmøtet (demo)"),),
        meetings=(
            Meeting(
                title=f"Partnerskapsmøte Follo vår {year} (demo)",
                starts_at=spring,
                ends_at=spring + dt.timedelta(hours=2),
                location="teams",
                form="remote",
                items=(
                    _cycle_item(year),
                    _info_item(f"Status for samarbeidet {year} (demo)", AREA_BUSINESS),
                ),
            ),
            Meeting(
                title=f"Partnerskapsmøte Follo høst {year} (demo)",
                starts_at=autumn,
                ends_at=autumn + dt.timedelta(hours=2),
                location="teams",
                form="remote",
                items=(_proposal_item(PROPOSALS[year], AREAS_OF[year]),),
            ),
        ),
    )


def load(summary: DemoSummary, *, password: str, history: bool = True) -> None:
    """Load what is missing of the second council's story into the demo (nothing without the
    demo's history: the bare demo is the first partnership alone)."""
    if not history:
        return
    parties = _parties()
    if not Partnership.objects.filter(slug=SLUG).exists() or not _imported():
        agreement_import(
            data=SOURCE.read_bytes(), partnership_slug=SLUG, source_name=SOURCE.name, actor=None
        )
    partnership = Partnership.objects.get(slug=SLUG)
    people = _people(parties, summary, password)
    summary.created += two_factor.load(["sekretariat-follo"])
    summary.created += build(
        partnership=partnership,
        parties=parties,
        people=people,
        years=tuple(_year(y) for y in (2024, 2025, 2026)),
    )
    summary.created += _planned(partnership)
    summary.created += _proposals(partnership)
    rebuild(partnership=partnership)


def _imported() -> bool:
    return Partnership.objects.filter(slug=SLUG, agreement__isnull=False).exists()


def _parties() -> dict[str, Party]:
    found: dict[str, Party] = {AKERSHUS: Party.objects.get(slug=AKERSHUS)}
    for slug, name, short, council in PARTIES:
        party = Party.objects.filter(slug=slug).first()
        if party is None:
            kind = Party.Kind.MUNICIPALITY if council else Party.Kind.REGIONAL_COUNCIL
            party = Party(
                slug=slug,
                name=name,
                short_name=short,
                kind=kind,
                council=found.get(council) if council else None,
                valid_from=START,
            )
            party.full_clean()
            party.save()
        found[slug] = party
    for slug, party_slug, name, body_kind in BODIES:
        if not ElectedBody.objects.filter(slug=slug).exists():
            body = ElectedBody(slug=slug, party=found[party_slug], name=name, kind=body_kind)
            body.full_clean()
            body.save()
    return found


def _people(parties: dict[str, Party], summary: DemoSummary, password: str) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for spec in PEOPLE:
        person = Person.objects.filter(given_name=spec.given, family_name=spec.family).first()
        if person is None:
            person = Person(
                given_name=spec.given,
                family_name=spec.family,
                title=spec.title,
                email=f"{spec.login or spec.key}@demo.partnerskap.invalid",
            )
            person.full_clean()
            person.save()
            summary.created += 1
        if spec.login:
            person.user = _login(spec.login, spec.given, spec.family, password)
            person.save(update_fields=["user", "modified"])
            summary.logins.append(
                (spec.login, password, f"{spec.given} {spec.family}: {Role(spec.role).label}")
            )
        party = parties[COUNCIL]
        if not Membership.objects.filter(person=person, party=party, role=spec.role).exists():
            membership_create(
                person=person, party=party, role=spec.role, valid_from=START, actor=None
            )
            summary.created += 1
        people[spec.key] = person
    return people


def _login(username: str, given: str, family: str, password: str) -> User:
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, first_name=given, last_name=family)
        user.set_password(password)
        user.save()
    return user


def _planned(partnership: Partnership) -> int:
    """The spring meeting of 2027, planned (no notice yet)."""
    starts = oslo(2027, 3, 11, 12)
    if MeetingRow.objects.filter(partnership=partnership, starts_at=starts).exists():
        return 0
    meeting_create(
        partnership=partnership,
        title="Partnerskapsmøte Follo vår 2027 (demo)",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        form=MeetingRow.Form.REMOTE,
        actor=None,
    )
    return 1


def _proposals(partnership: Partnership) -> int:
    """Each autumn meeting's proposal to Akershus fylkesting and the council's bodies: 2024's
    answered by every body; 2025's adopted in Follo but only received by Akershus (overdue);
    2026's awaiting every body."""
    bodies = list(
        ElectedBody.objects.filter(
            slug__in=["akershus-fylkesting", *(slug for slug, *_rest in BODIES)]
        ).order_by("slug")
    )
    created = 0
    for year, title in PROPOSALS.items():
        item = AgendaItem.objects.get(meeting__partnership=partnership, title=title)
        proposal = Proposal.objects.filter(item=item).first()
        if proposal is not None:
            continue
        sent = item.meeting.starts_at.date() + dt.timedelta(days=7)
        proposal = proposal_create(
            item=item,
            title=title,
            text=item.recommendation,
            bodies=bodies,
            sent_on=sent,
            actor=None,
        )
        created += 1
        for follow_up in proposal.follow_ups.select_related("elected_body"):
            _answer(follow_up, year, sent)
    return created


def _answer(follow_up: FollowUp, year: int, sent: dt.date) -> None:
    county = follow_up.elected_body.slug == "akershus-fylkesting"
    if year == 2026 or (year == 2025 and county):
        if year == 2025:
            followup_record(
                follow_up=follow_up,
                status=FollowUp.Status.RECEIVED,
                on=sent + dt.timedelta(days=10),
                actor=None,
            )
        return
    decided = sent + dt.timedelta(days=60)
    followup_record(
        follow_up=follow_up,
        status=FollowUp.Status.ADOPTED,
        on=decided,
        body_meeting_date=decided,
        body_case_number=f"{year % 100}/{40 + follow_up.pk % 50} (demo)",
        decision_text="Forslaget vedtas (demoinnhold).",
        actor=None,
    )
