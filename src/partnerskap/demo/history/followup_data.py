"""The follow-up of the demo's meetings, 2020–2024: proposals and each body's handling of them
(A9), two amendments (A10), two temporary committees (A11), and each party's costs and budget
allocations (A15, A16). Plain data, turned into records by ``followup.py``.

Items are named by their meeting's date and title (``y2020`` … ``y2024``); bodies by the
``ElectedBody`` slugs of loader.py; parties by slug; people by ``DemoPerson.key``.

Case numbers: «PS n/yyyy» in the municipal councils, «FT-sak» in Viken fylkesting, «FU-sak»
in Viken fylkesutvalg, «RS» in Rådsmøtet for Asker og Bærum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from partnerskap.committees.models import CommitteeMembership
from partnerskap.demo.history.spec import CLIMATE, COUNCIL, DIGITAL, SCHOOL, VIKEN
from partnerskap.finance.models import CostEntry
from partnerskap.followup.models import FollowUp

Status = FollowUp.Status
Role = CommitteeMembership.Role
PARTICIPATION = CostEntry.Category.PARTICIPATION
ADMINISTRATION = CostEntry.Category.ADMINISTRATION

ASKER = "asker-kommunestyre"
BAERUM = "baerum-kommunestyre"
RADET = "radet-representantskap"
FYLKESTING = "viken-fylkesting"
FYLKESUTVALG = "viken-fylkesutvalg"
AKERSHUS_FYLKESTING = "akershus-fylkesting"  # Viken's successor's body from 1.1.2024 (A1)

#: The body's agenda is published this many days before its meeting (the «on agenda» step).
AGENDA_DAYS_BEFORE = 10


@dataclass(frozen=True)
class ItemRef:
    """An agenda item of the history, by its meeting's date and its title."""

    meeting: dt.date
    title: str


@dataclass(frozen=True)
class Agenda:
    """The body put the proposal on the agenda of its meeting on ``meeting``."""

    meeting: dt.date
    case: str
    note: str = ""


@dataclass(frozen=True)
class Decision:
    """The body's final answer; on its meeting's date unless ``on`` is given."""

    status: str
    text: str = ""
    on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Track:
    """One body's handling of a proposal: received, on its agenda, decided (each optional)."""

    body: str
    received: dt.date | None = None
    agenda: Agenda | None = None
    decision: Decision | None = None
    required: bool = False  # amendments: this body must adopt (A10)


@dataclass(frozen=True)
class Amendment:
    section: str
    proposed_text: str
    in_force_from: dt.date


@dataclass(frozen=True)
class Proposal:
    """The meeting's proposal from ``item``; its text is the item's recorded conclusion."""

    item: ItemRef
    sent_on: dt.date
    tracks: tuple[Track, ...]
    amendment: Amendment | None = None


def adopted(text: str, *, changes: bool = False) -> Decision:
    return Decision(Status.ADOPTED_WITH_CHANGES if changes else Status.ADOPTED, text)


def rejected(text: str) -> Decision:
    return Decision(Status.REJECTED, text)


def not_taken_up(on: dt.date, note: str) -> Decision:
    return Decision(Status.NOT_TAKEN_UP, on=on, note=note)


# --- A10: the two amendments to the special part ----------------------------------------------

#: Amendment adopted in 2022: one new point in «Oppfølging av avtalen» (the areas stay as they are).
FOLLOW_UP_TEXT = """\
- Det gjennomføres minst to møter per kalenderår mellom partene. Disse møtene omtales i det \
videre som partnerskapsmøte. Begge parter kan be om at det innkalles til flere partnerskapsmøter \
ved behov.
- Partnerskapsavtalens spesielle del utgjør rammene for partnerskapsmøtene.
- Partnerskapsmøtene:
  - o er underlagt kommunelovens bestemmelser om møteoffentlighet.
  - o ledes av leder for interkommunalt politisk råd for Asker og Bærum. Ved leders forfall \
ledes partnerskapsmøtene av rådets nestleder.
  - o har ikke myndighet til å avgjøre enkeltsaker, men kan fremme forslag som følges opp i \
partenes folkevalgte organer. Herunder forslag til å endre avtalens generelle og spesielle del.
  - o kan opprette midlertidige utvalg for å løse bestemte oppgaver eller uttrede bestemte \
spørsmål. Arbeidsutvalgets mandat og sammensetning beslutes av partnerskapsmøtet.
  - o Partnerskapsmøtet fastsetter årshjul for møtevirksomheten
- Sekretariatene legger hvert år fram en oversikt over hvordan forslagene fra \
partnerskapsmøtene er fulgt opp i partenes folkevalgte organer.
- Begge parter kan ved behov invitere andre relevante folkevalgte eller fagpersoner til å delta \
i dialogen. Informasjon om dette skal tilfalle den andre part i rimelig tid før aktuell dialog.

For øvrig følges avtalen opp i tråd med partnerskapsavtalens generelle del."""

#: Amendment rejected in 2023: a shared budget, which Viken fylkesting did not adopt (A16 stands).
SHARED_BUDGET_TEXT = """\
Avtalepartene dekker hver for seg de økonomiske kostnader som påløper for medlemmenes deltakelse \
i partnerskapsmøtene.

Partene setter av et felles årlig budsjett på 150 000 kroner til den administrative bistanden \
til partnerskapsmøtene, fordelt likt mellom partene. Budsjettet forvaltes av sekretariatet i \
interkommunalt politisk råd for Asker og Bærum.

Avtalens spesielle del er undertegnet i to eksemplarer hvorav avtalepartene beholder hvert sitt.

Sted, dato

Interkommunalt politisk råd for Asker og Bærum

Viken Fylkeskommune"""

AMENDMENT_ADOPTED = ItemRef(
    dt.date(2022, 2, 24), "Endring i avtalens spesielle del: årlig oversikt over oppfølgingen"
)
AMENDMENT_REJECTED = ItemRef(
    dt.date(2023, 3, 16), "Endring i avtalens spesielle del: felles budsjett for partnerskapet"
)
NOT_FOR_THE_MUNICIPALITIES = (
    "Endringer i avtalen vedtas av Rådsmøtet på vegne av rådet; kommunestyret ble orientert."
)

# --- A9: the proposals, in the order they were sent -------------------------------------------

PROPOSALS: tuple[Proposal, ...] = (
    Proposal(
        item=ItemRef(dt.date(2020, 2, 27), "Felles handlingsplan for regionalt sykkelvegnett"),
        sent_on=dt.date(2020, 3, 3),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2020, 3, 5),
                agenda=Agenda(dt.date(2020, 6, 16), "PS 62/2020"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til forslaget om en felles handlingsplan for "
                    "regionalt sykkelvegnett. Kommunedirektøren deltar i arbeidet sammen med "
                    "Bærum kommune og Viken fylkeskommune."
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2020, 3, 4),
                agenda=Agenda(dt.date(2020, 6, 17), "PS 71/2020"),
                decision=adopted(
                    "Bærum kommunestyre slutter seg til forslaget om en felles handlingsplan for "
                    "regionalt sykkelvegnett og ber kommunedirektøren prioritere strekningene mot "
                    "Oslo."
                ),
            ),
            Track(
                FYLKESTING,
                received=dt.date(2020, 3, 5),
                agenda=Agenda(dt.date(2020, 6, 18), "FT-sak 98/2020"),
                decision=adopted(
                    "Fylkestinget slutter seg til forslaget, med den endring at handlingsplanen "
                    "skal være ferdig innen utgangen av 2022 og ses i sammenheng med regional "
                    "plan for areal og mobilitet.",
                    changes=True,
                ),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(dt.date(2020, 10, 29), "Samordnet tilrettelegging for 5G i Asker og Bærum"),
        sent_on=dt.date(2020, 11, 3),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2020, 11, 5),
                agenda=Agenda(dt.date(2020, 12, 15), "PS 140/2020"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til forslaget. Kommunens retningslinjer for "
                    "bruk av kommunal grunn og kommunale bygg til antenner samordnes med Bærum "
                    "kommune og Viken fylkeskommune."
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2020, 11, 4),
                decision=not_taken_up(
                    dt.date(2021, 2, 10),
                    "Kommunedirektøren følger opp samordningen administrativt; saken legges ikke "
                    "fram for kommunestyret.",
                ),
            ),
            Track(
                FYLKESUTVALG,
                received=dt.date(2020, 11, 5),
                agenda=Agenda(dt.date(2021, 1, 28), "FU-sak 12/2021"),
                decision=adopted(
                    "Fylkesutvalget slutter seg til forslaget og ber fylkesdirektøren utarbeide "
                    "felles retningslinjer for 5G-antenner langs fylkesvegene sammen med "
                    "kommunene."
                ),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(dt.date(2021, 3, 18), "Klimabudsjett som styringsverktøy: felles indikatorer"),
        sent_on=dt.date(2021, 3, 23),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2021, 3, 25),
                agenda=Agenda(dt.date(2021, 6, 15), "PS 55/2021"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til forslaget om felles klimaindikatorer for "
                    "indirekte klimagassutslipp, også fra bygge- og anleggsplasser."
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2021, 3, 24),
                agenda=Agenda(dt.date(2021, 6, 16), "PS 67/2021"),
                decision=adopted(
                    "Bærum kommunestyre slutter seg til forslaget om felles klimaindikatorer og "
                    "ber om at kommunens erfaringer med utslippsfrie anleggsplasser legges til "
                    "grunn."
                ),
            ),
            Track(
                FYLKESTING,
                received=dt.date(2021, 3, 25),
                agenda=Agenda(dt.date(2021, 6, 17), "FT-sak 88/2021"),
                decision=adopted(
                    "Fylkestinget slutter seg til forslaget om felles klimaindikatorer for "
                    "indirekte klimagassutslipp."
                ),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(
            dt.date(2021, 11, 4), "Bedre overgang fra ungdomsskole til videregående opplæring"
        ),
        sent_on=dt.date(2021, 11, 9),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2021, 11, 11),
                agenda=Agenda(dt.date(2021, 12, 14), "PS 150/2021"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til forslaget om et felles overgangsprosjekt "
                    "og setter av midler til prosjektet i budsjettet for 2022."
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2021, 11, 10),
                agenda=Agenda(dt.date(2021, 12, 15), "PS 162/2021"),
                decision=adopted(
                    "Bærum kommunestyre slutter seg til forslaget, med den endring at prosjektet "
                    "også omfatter elever som har kommet til Norge i løpet av ungdomsskolen.",
                    changes=True,
                ),
            ),
            Track(
                FYLKESTING,
                received=dt.date(2021, 11, 11),
                agenda=Agenda(dt.date(2021, 12, 16), "FT-sak 201/2021"),
                decision=adopted(
                    "Fylkestinget slutter seg til forslaget og tar prosjektet inn i arbeidet med "
                    "økt gjennomføring i videregående opplæring."
                ),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(dt.date(2022, 2, 24), "Deling av data for bedre tjenester til innbyggerne"),
        sent_on=dt.date(2022, 3, 1),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2022, 3, 3),
                agenda=Agenda(dt.date(2022, 5, 3), "PS 40/2022"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til forslaget om en avtale om deling av "
                    "ikke-personidentifiserbare data."
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2022, 3, 2),
                agenda=Agenda(dt.date(2022, 5, 11), "PS 45/2022"),
                decision=rejected(
                    "Bærum kommunestyre slutter seg ikke til forslaget nå. Kommunen avventer "
                    "nasjonale retningslinjer for deling av data mellom forvaltningsnivåene før "
                    "en avtale inngås."
                ),
            ),
            Track(
                FYLKESUTVALG,
                received=dt.date(2022, 3, 3),
                agenda=Agenda(dt.date(2022, 4, 28), "FU-sak 61/2022"),
                decision=adopted(
                    "Fylkesutvalget slutter seg til forslaget, med den endring at avtalen i "
                    "første omgang omfatter trafikk- og kollektivdata.",
                    changes=True,
                ),
            ),
        ),
    ),
    Proposal(
        item=AMENDMENT_ADOPTED,
        sent_on=dt.date(2022, 3, 1),
        amendment=Amendment(
            section="oppfolging-av-avtalen",
            proposed_text=FOLLOW_UP_TEXT,
            in_force_from=dt.date(2022, 6, 1),
        ),
        tracks=(
            Track(
                RADET,
                required=True,
                received=dt.date(2022, 3, 2),
                agenda=Agenda(dt.date(2022, 4, 7), "RS 5/2022"),
                decision=adopted(
                    "Rådsmøtet vedtar endringen i avsnittet «Oppfølging av avtalen» i "
                    "partnerskapsavtalens spesielle del, med virkning fra 1. juni 2022."
                ),
            ),
            Track(
                FYLKESTING,
                required=True,
                received=dt.date(2022, 3, 3),
                agenda=Agenda(dt.date(2022, 4, 27), "FT-sak 52/2022"),
                decision=adopted(
                    "Fylkestinget vedtar endringen i avsnittet «Oppfølging av avtalen» i "
                    "partnerskapsavtalens spesielle del, med virkning fra 1. juni 2022."
                ),
            ),
            Track(
                ASKER,
                received=dt.date(2022, 3, 3),
                decision=not_taken_up(dt.date(2022, 3, 15), NOT_FOR_THE_MUNICIPALITIES),
            ),
            Track(
                BAERUM,
                received=dt.date(2022, 3, 2),
                decision=not_taken_up(dt.date(2022, 3, 15), NOT_FOR_THE_MUNICIPALITIES),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(
            dt.date(2022, 6, 2), "Utbyggingsmønster og prioriterte knutepunkter i Asker og Bærum"
        ),
        sent_on=dt.date(2022, 6, 7),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2022, 6, 9),
                agenda=Agenda(dt.date(2022, 9, 20), "PS 85/2022"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til at veksten konsentreres rundt "
                    "prioriterte knutepunkter, med den endring at Heggedal og Vollen også regnes "
                    "som lokale knutepunkter.",
                    changes=True,
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2022, 6, 8),
                agenda=Agenda(dt.date(2022, 9, 14), "PS 90/2022"),
                decision=adopted(
                    "Bærum kommunestyre slutter seg til at veksten konsentreres rundt "
                    "prioriterte knutepunkter, og legger dette til grunn i kommunens "
                    "høringsuttalelse."
                ),
            ),
            Track(
                FYLKESTING,
                received=dt.date(2022, 6, 9),
                decision=not_taken_up(
                    dt.date(2022, 10, 20),
                    "Innspillet ble tatt med i fylkestingets behandling av regional plan for "
                    "areal og mobilitet, ikke som egen sak.",
                ),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(dt.date(2022, 10, 27), "Felles klimaindikatorer for indirekte utslipp"),
        sent_on=dt.date(2022, 11, 1),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2022, 11, 3),
                agenda=Agenda(dt.date(2022, 12, 13), "PS 130/2022"),
                decision=adopted(
                    "Asker kommunestyre tar de seks klimaindikatorene inn i kommunens "
                    "klimabudsjett fra 2024."
                ),
            ),
            Track(
                BAERUM,
                received=dt.date(2022, 11, 2),
                agenda=Agenda(dt.date(2022, 12, 14), "PS 140/2022"),
                decision=adopted(
                    "Bærum kommunestyre tar de seks klimaindikatorene inn i kommunens "
                    "klimabudsjett fra 2024."
                ),
            ),
            Track(
                FYLKESTING,
                received=dt.date(2022, 11, 3),
                agenda=Agenda(dt.date(2022, 12, 15), "FT-sak 190/2022"),
                decision=rejected(
                    "Fylkestinget slutter seg ikke til forslaget. Viken fylkeskommune avvikles "
                    "31. desember 2023 og kan ikke binde Akershus fylkeskommunes klimabudsjett "
                    "for 2024."
                ),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(
            dt.date(2023, 3, 16), "Bærekraftige og innovative anskaffelser: felles kriterier"
        ),
        sent_on=dt.date(2023, 3, 21),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2023, 3, 23),
                agenda=Agenda(dt.date(2023, 6, 13), "PS 60/2023"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til forslaget om felles klima- og "
                    "miljøkriterier i anskaffelser av bygg, transport og IKT fra 2024."
                ),
            ),
            # Put on the agenda, then postponed: no answer since (overdue).
            Track(
                BAERUM,
                received=dt.date(2023, 3, 22),
                agenda=Agenda(
                    dt.date(2023, 6, 21),
                    "PS 75/2023",
                    note="Saken ble utsatt; kommunedirektøren skal først vurdere kostnadene.",
                ),
            ),
            # Viken ended on 31.12.2023 without answering (overdue).
            Track(FYLKESTING, received=dt.date(2023, 3, 23)),
        ),
    ),
    Proposal(
        item=AMENDMENT_REJECTED,
        sent_on=dt.date(2023, 3, 21),
        amendment=Amendment(
            section="partenes-forpliktelser",
            proposed_text=SHARED_BUDGET_TEXT,
            in_force_from=dt.date(2023, 7, 1),
        ),
        tracks=(
            Track(
                RADET,
                required=True,
                received=dt.date(2023, 3, 22),
                agenda=Agenda(dt.date(2023, 4, 20), "RS 4/2023"),
                decision=adopted(
                    "Rådsmøtet vedtar endringen i avsnittet «Partenes forpliktelser» om et felles "
                    "budsjett for partnerskapet."
                ),
            ),
            Track(
                FYLKESTING,
                required=True,
                received=dt.date(2023, 3, 23),
                agenda=Agenda(dt.date(2023, 4, 26), "FT-sak 41/2023"),
                decision=rejected(
                    "Fylkestinget slutter seg ikke til endringen. Viken fylkeskommune avvikles "
                    "31. desember 2023 og inngår ikke nye felles budsjettforpliktelser; partene "
                    "dekker fortsatt hver sine kostnader."
                ),
            ),
            Track(
                ASKER,
                received=dt.date(2023, 3, 23),
                decision=not_taken_up(dt.date(2023, 5, 10), NOT_FOR_THE_MUNICIPALITIES),
            ),
            Track(
                BAERUM,
                received=dt.date(2023, 3, 22),
                decision=not_taken_up(dt.date(2023, 5, 10), NOT_FOR_THE_MUNICIPALITIES),
            ),
        ),
    ),
    Proposal(
        item=ItemRef(
            dt.date(2023, 11, 9), "Videreføring av partnerskapsavtalen med Akershus fylkeskommune"
        ),
        sent_on=dt.date(2023, 11, 14),
        tracks=(
            Track(ASKER, received=dt.date(2023, 11, 16)),  # no answer since (overdue)
            Track(BAERUM),  # not even registered as received (overdue)
            Track(
                FYLKESTING,
                received=dt.date(2023, 11, 16),
                agenda=Agenda(dt.date(2023, 12, 13), "FT-sak 160/2023"),
                decision=adopted(
                    "Fylkestinget anbefaler at Akershus fylkeskommune trer inn som part i "
                    "partnerskapsavtalen fra 1. januar 2024 og ut avtaleperioden, og oversender "
                    "saken til Akershus fylkeskommune."
                ),
            ),
        ),
    ),
    # Akershus fylkeskommune acts in Viken's seat from 1.1.2024 (A1): its fylkesting answers.
    Proposal(
        item=ItemRef(
            dt.date(2024, 11, 7), "Evaluering av partnerskapsavtalen 2020–2024 og ny avtale"
        ),
        sent_on=dt.date(2024, 11, 12),
        tracks=(
            Track(
                ASKER,
                received=dt.date(2024, 11, 14),
                agenda=Agenda(dt.date(2025, 2, 11), "PS 12/2025"),
                decision=adopted(
                    "Asker kommunestyre slutter seg til at det inngås en ny partnerskapsavtale "
                    "for perioden 2025–2028 på grunnlag av evalueringen."
                ),
            ),
            Track(BAERUM, received=dt.date(2024, 11, 13)),  # overdue since March 2025
            Track(
                AKERSHUS_FYLKESTING,
                received=dt.date(2024, 11, 13),
                agenda=Agenda(dt.date(2024, 12, 11), "FT-sak 201/2024"),
                decision=adopted(
                    "Fylkestinget slutter seg til at det inngås en ny partnerskapsavtale med "
                    "Interkommunalt politisk råd for Asker og Bærum for perioden 2025–2028."
                ),
            ),
            Track(
                RADET,
                received=dt.date(2024, 11, 13),
                agenda=Agenda(
                    dt.date(2024, 12, 5),
                    "RS 11/2024",
                    note="Rådsmøtet utsatte saken til Akershus fylkeskommune har behandlet den.",
                ),
            ),
        ),
    ),
)

# --- A11: temporary committees ------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    person: str
    party: str
    role: str = Role.MEMBER


@dataclass(frozen=True)
class Committee:
    established_by: ItemRef  # a procedural item about a committee (see y2021, y2023)
    name: str
    task: str
    mandate: str
    starts_on: dt.date
    ends_on: dt.date
    members: tuple[Member, ...]
    areas: tuple[str, ...]
    sdgs: tuple[int, ...] = ()
    report: ItemRef | None = None
    report_summary: str = ""
    term_ended: bool = False  # record that the term ended (committee_dissolve on ends_on)


COMMITTEES: tuple[Committee, ...] = (
    Committee(
        established_by=ItemRef(
            dt.date(2021, 3, 18), "Midlertidig arbeidsutvalg for felles klimaindikatorer"
        ),
        name="Arbeidsutvalg for felles klimaindikatorer",
        task="Foreslå felles indikatorer for indirekte klimagassutslipp i partenes klimabudsjett.",
        mandate=(
            "Arbeidsutvalget skal foreslå inntil seks felles indikatorer for indirekte "
            "klimagassutslipp, også fra innkjøp, bygg og bygge- og anleggsplasser, og beskrive "
            "hvordan de måles. Utvalget legger fram forslaget for partnerskapsmøtet høsten 2022."
        ),
        starts_on=dt.date(2021, 3, 18),
        ends_on=dt.date(2022, 10, 31),
        members=(
            Member("m-rad-1", COUNCIL, Role.LEADER),
            Member("m-vik-2", VIKEN),
            Member("sek-rad", COUNCIL, Role.SECRETARY),
            Member("sek-vik", VIKEN, Role.SECRETARY),
        ),
        areas=(CLIMATE,),
        sdgs=(12, 13),
        report=ItemRef(dt.date(2022, 10, 27), "Felles klimaindikatorer for indirekte utslipp"),
        report_summary=(
            "Arbeidsutvalget legger fram seks felles indikatorer for indirekte utslipp: innkjøp "
            "av varer, innkjøp av tjenester, nybygg, rehabilitering, bygge- og anleggsplasser og "
            "tjenestereiser."
        ),
        term_ended=True,
    ),
    # Set up weeks before Viken ended; its Viken members left with Viken, and it never
    # reported back, so it is flagged as past its end date without a report.
    Committee(
        established_by=ItemRef(
            dt.date(2023, 11, 9), "Midlertidig utvalg for skoleskyss og elevdata"
        ),
        name="Utvalg for skoleskyss og elevdata",
        task="Kartlegge systemene for skoleskyss og elevdata og foreslå felles løsninger.",
        mandate=(
            "Utvalget skal kartlegge hvordan data om elever og skoleskyss flyter mellom "
            "kommunene og fylkeskommunen, og foreslå felles digitale løsninger før overgangen "
            "til Akershus fylkeskommune. Utvalget rapporterer til partnerskapsmøtet innen 30. "
            "juni 2024."
        ),
        starts_on=dt.date(2023, 11, 9),
        ends_on=dt.date(2024, 6, 30),
        members=(
            Member("m-rad-2", COUNCIL, Role.LEADER),
            Member("m-vik-3", VIKEN),
            Member("sek-vik", VIKEN, Role.SECRETARY),
        ),
        areas=(DIGITAL, SCHOOL),
        sdgs=(4, 9),
    ),
)

# --- A15, A16: costs and allocations, each borne or made by one party ---------------------------


@dataclass(frozen=True)
class Allocation:
    party: str
    year: int
    amount: Decimal
    reference: str
    decided_on: dt.date
    purpose: str


@dataclass(frozen=True)
class Cost:
    party: str
    category: str
    amount: Decimal
    on: dt.date
    description: str
    at_meeting: bool = False  # tied to the partnership meeting held on ``on``
    charged: bool = False  # charged to the party's allocation for that year


MEETING_COSTS = "Møtegodtgjørelse og reise"


def at_meeting(party: str, amount: str, on: dt.date, description: str = MEETING_COSTS) -> Cost:
    """Members' participation in the partnership meeting held on ``on``."""
    return Cost(party, PARTICIPATION, Decimal(amount), on, description, at_meeting=True)


def meeting_support(party: str, amount: str, on: dt.date, description: str) -> Cost:
    """Administrative support for the partnership meeting held on ``on``."""
    return Cost(party, ADMINISTRATION, Decimal(amount), on, description, at_meeting=True)


def secretariat(party: str, amount: str, on: dt.date) -> Cost:
    """The year's secretariat work, charged to the party's own allocation for the year."""
    description = f"Sekretariatsbistand {on.year}"
    return Cost(party, ADMINISTRATION, Decimal(amount), on, description, charged=True)


# Viken fylkeskommune ended on 31.12.2023 and Akershus fylkeskommune acts in its seat from
# 1.1.2024 (A1). A partnership's costs and allocations are kept per seat: Akershus's 2024
# budget and costs are recorded in the county's seat (the party «VIKEN» below), by Akershus's
# secretariat, and shown as «Viken fylkeskommune (fra 1.1.2024: Akershus fylkeskommune)».
ALLOCATIONS: tuple[Allocation, ...] = (
    Allocation(
        COUNCIL, 2020, Decimal("60000.00"), "RS 14/2019", dt.date(2019, 11, 28),
        "Sekretariat og møter i partnerskapet 2020",
    ),
    Allocation(
        VIKEN, 2020, Decimal("80000.00"), "FT-sak 47/2020", dt.date(2020, 4, 23),
        "Partnerskap med Asker og Bærum 2020",
    ),
    Allocation(
        COUNCIL, 2021, Decimal("60000.00"), "RS 11/2020", dt.date(2020, 11, 26),
        "Sekretariat og møter i partnerskapet 2021",
    ),
    Allocation(
        VIKEN, 2021, Decimal("80000.00"), "FT-sak 112/2020", dt.date(2020, 12, 17),
        "Partnerskap med Asker og Bærum 2021",
    ),
    Allocation(
        COUNCIL, 2022, Decimal("65000.00"), "RS 12/2021", dt.date(2021, 11, 25),
        "Sekretariat og møter i partnerskapet 2022",
    ),
    Allocation(
        VIKEN, 2022, Decimal("85000.00"), "FT-sak 165/2021", dt.date(2021, 12, 16),
        "Partnerskap med Asker og Bærum 2022",
    ),
    Allocation(
        COUNCIL, 2023, Decimal("65000.00"), "RS 10/2022", dt.date(2022, 11, 24),
        "Sekretariat og møter i partnerskapet 2023",
    ),
    Allocation(
        VIKEN, 2023, Decimal("85000.00"), "FT-sak 180/2022", dt.date(2022, 12, 15),
        "Partnerskap med Asker og Bærum 2023",
    ),
    Allocation(
        COUNCIL, 2024, Decimal("70000.00"), "RS 9/2023", dt.date(2023, 11, 23),
        "Sekretariat, møter og evaluering av partnerskapet 2024",
    ),
    Allocation(
        VIKEN, 2024, Decimal("75000.00"), "FT-sak 14/2024", dt.date(2024, 2, 15),
        "Akershus fylkeskommune: partnerskap med Asker og Bærum 2024",
    ),
)  # fmt: skip

COSTS: tuple[Cost, ...] = (
    # 2020
    at_meeting(COUNCIL, "8450.00", dt.date(2020, 2, 27)),
    at_meeting(COUNCIL, "3900.00", dt.date(2020, 10, 29), "Møtegodtgjørelse, fjernmøte"),
    secretariat(COUNCIL, "42000.00", dt.date(2020, 12, 15)),
    at_meeting(VIKEN, "11275.50", dt.date(2020, 2, 27)),
    at_meeting(VIKEN, "4120.00", dt.date(2020, 10, 29), "Møtegodtgjørelse, fjernmøte"),
    secretariat(VIKEN, "55500.00", dt.date(2020, 12, 15)),
    # 2021
    at_meeting(COUNCIL, "9120.00", dt.date(2021, 3, 18)),
    meeting_support(COUNCIL, "3750.00", dt.date(2021, 3, 18), "Leie av utstyr til hybridmøte"),
    at_meeting(COUNCIL, "12640.40", dt.date(2021, 11, 4)),
    secretariat(COUNCIL, "44500.00", dt.date(2021, 12, 15)),
    at_meeting(VIKEN, "10480.00", dt.date(2021, 3, 18)),
    at_meeting(VIKEN, "6215.25", dt.date(2021, 11, 4)),
    secretariat(VIKEN, "58000.00", dt.date(2021, 12, 15)),
    # 2022
    at_meeting(COUNCIL, "9480.00", dt.date(2022, 2, 24)),
    at_meeting(COUNCIL, "11930.00", dt.date(2022, 6, 2)),
    at_meeting(COUNCIL, "8760.00", dt.date(2022, 10, 27)),
    secretariat(COUNCIL, "51000.00", dt.date(2022, 12, 15)),
    at_meeting(VIKEN, "12350.75", dt.date(2022, 2, 24)),
    at_meeting(VIKEN, "5480.00", dt.date(2022, 6, 2)),
    meeting_support(VIKEN, "4860.00", dt.date(2022, 6, 2), "Lokale og servering, ekstramøtet"),
    at_meeting(VIKEN, "12005.00", dt.date(2022, 10, 27)),
    secretariat(VIKEN, "62500.00", dt.date(2022, 12, 15)),
    # 2023
    at_meeting(COUNCIL, "9870.00", dt.date(2023, 3, 16)),
    at_meeting(COUNCIL, "13115.60", dt.date(2023, 11, 9)),
    secretariat(COUNCIL, "53000.00", dt.date(2023, 12, 15)),
    at_meeting(VIKEN, "12740.00", dt.date(2023, 3, 16)),
    at_meeting(VIKEN, "6390.00", dt.date(2023, 11, 9)),
    secretariat(VIKEN, "64000.00", dt.date(2023, 12, 15)),
    # 2024: the county's seat is Akershus's (see ALLOCATIONS)
    at_meeting(COUNCIL, "7980.00", dt.date(2024, 3, 14)),
    at_meeting(COUNCIL, "8240.00", dt.date(2024, 11, 7)),
    secretariat(COUNCIL, "58500.00", dt.date(2024, 12, 13)),
    at_meeting(VIKEN, "9860.00", dt.date(2024, 3, 14)),
    at_meeting(VIKEN, "7420.00", dt.date(2024, 11, 7)),
    secretariat(VIKEN, "52000.00", dt.date(2024, 12, 13)),
)
