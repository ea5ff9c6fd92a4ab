"""2023: Viken's last year; a Viken substitute attends (L7), and the partnership prepares to
continue with Akershus fylkeskommune."""

from __future__ import annotations

import datetime as dt

from partnerskap.demo.history.spec import (
    CLIMATE,
    COMMITTEE,
    COUNCIL,
    DIGITAL,
    ELECTED,
    EXPERT,
    NOTED,
    PLAN,
    RESEARCH,
    SCHOOL,
    SOCIETY,
    TO_VIKEN,
    VIKEN,
    Choice,
    Guest,
    Item,
    Kind,
    Meeting,
    Milestone,
    Motion,
    Year,
    oslo,
)

BOTH_FOR = ((COUNCIL, Choice.FOR), (VIKEN, Choice.FOR))

YEAR = Year(
    year=2023,
    cycle_note="Siste år med Viken fylkeskommune som part.",
    milestones=(
        Milestone(dt.date(2023, 5, 12), "Frist for innspill til saker til høstmøtet"),
        Milestone(
            dt.date(2023, 12, 31),
            "Viken fylkeskommune avvikles",
            "Akershus fylkeskommune overtar oppgavene fra 1. januar 2024.",
        ),
    ),
    meetings=(
        Meeting(
            title="Partnerskapsmøte vår 2023",
            starts_at=oslo(2023, 3, 16, 10),
            ends_at=oslo(2023, 3, 16, 13),
            location="asker",
            absences=(("m-vik-2", "Møte i fylkesutvalget"),),
            substitutes=(("v-vik-1", "m-vik-2"),),
            items=(
                Item(
                    kind=Kind.PROCEDURAL,
                    title="Årshjul for partnerskapsmøtene 2023",
                    areas=(SOCIETY,),
                    sdgs=(17,),
                    presentation=(
                        "Sekretariatene foreslår ordinære møter i mars og november. Høstmøtet "
                        "blir det siste med Viken fylkeskommune som part."
                    ),
                    recommendation="Årshjulet for 2023 fastsettes slik det er lagt fram.",
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Innovasjonspartnerskap og næringsklynger i Asker og Bærum",
                    areas=(RESEARCH,),
                    sdgs=(8, 9),
                    presentation=(
                        "Regionen har sterke miljøer innen energi, IKT og helseteknologi. "
                        "Viken fylkeskommune orienterer om virkemidler for klynger og "
                        "innovasjonspartnerskap, og partene drøfter hvordan de kan nå flere "
                        "bedrifter."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion=(
                        "Partnerskapsmøtet drøftet saken og ber sekretariatene kartlegge "
                        "aktuelle innovasjonspartnerskap."
                    ),
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Bærekraftige og innovative anskaffelser: felles kriterier",
                    areas=(CLIMATE, RESEARCH),
                    sdgs=(12, 13),
                    presentation=(
                        "Partene kjøper varer og tjenester for store beløp hvert år. Felles "
                        "klima- og miljøkriterier gjør det enklere for leverandørene og gir "
                        "større effekt enn hver part for seg."
                    ),
                    recommendation=(
                        TO_VIKEN + "partene tar i bruk felles klima- og miljøkriterier i "
                        "anskaffelser av bygg, transport og IKT fra 2024."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Endring i avtalens spesielle del: felles budsjett for partnerskapet",
                    areas=(SOCIETY,),
                    sdgs=(17,),
                    presentation=(
                        "Rådet foreslår at partene setter av et felles årlig budsjett for "
                        "sekretariatsbistanden i stedet for at hver part dekker sine egne "
                        "kostnader. Det krever en endring av avsnittet «Partenes forpliktelser», "
                        "som må vedtas av Rådsmøtet for Asker og Bærum og av Viken fylkesting. "
                        "Viken fylkeskommune tok forbehold fordi fylkeskommunen avvikles ved "
                        "utgangen av 2023."
                    ),
                    recommendation=(
                        TO_VIKEN + "avsnittet «Partenes forpliktelser» i avtalens spesielle del "
                        "endres slik at partene setter av et felles årlig budsjett på 150 000 "
                        "kroner til sekretariatsbistand, fordelt likt mellom partene, fra 1. "
                        "juli 2023."
                    ),
                    motions=(
                        Motion("Innstillingen", ((COUNCIL, Choice.FOR), (VIKEN, Choice.ABSTAIN))),
                    ),
                ),
            ),
            guests=(
                Guest(
                    party=VIKEN,
                    name="Tor Ivar Haugsbakk",
                    role="Spesialrådgiver, næringsutvikling",
                    kind=EXPERT,
                    told_days_before=13,
                    item=1,
                ),
            ),
        ),
        Meeting(
            title="Partnerskapsmøte høst 2023",
            starts_at=oslo(2023, 11, 9, 10),
            ends_at=oslo(2023, 11, 9, 13),
            location="drammen",
            items=(
                Item(
                    kind=Kind.INFORMATION,
                    title="Partnerskapet etter at Viken fylkeskommune avvikles",
                    areas=(SOCIETY,),
                    sdgs=(16, 17),
                    presentation=(
                        "Fra 1. januar 2024 overtar Akershus fylkeskommune Vikens oppgaver i "
                        "Asker og Bærum. Sekretariatene orienterer om overføringen av saker, "
                        "arkiv og kontaktpersoner."
                    ),
                    recommendation=NOTED,
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Videreføring av partnerskapsavtalen med Akershus fylkeskommune",
                    areas=(SOCIETY, PLAN),
                    sdgs=(17,),
                    presentation=(
                        "Avtaleperioden varer ut 2024. For at samarbeidet ikke skal stanse, "
                        "bør Akershus fylkeskommune tre inn som part for resten av perioden."
                    ),
                    recommendation=(
                        TO_VIKEN + "partnerskapsavtalen videreføres med Akershus "
                        "fylkeskommune som part fra 1. januar 2024 og ut avtaleperioden."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Digitale løsninger for skoleskyss og elevdata",
                    areas=(DIGITAL, SCHOOL),
                    sdgs=(4, 9),
                    presentation=(
                        "Skoleskyss og elevdata går på tvers av kommunenes og fylkeskommunens "
                        "systemer. Overgangen til Akershus gir en mulighet til å velge løsninger "
                        "som fungerer bedre for elever og foresatte."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion="Partnerskapsmøtet drøftet saken.",
                ),
                Item(
                    kind=Kind.PROCEDURAL,
                    subject=COMMITTEE,
                    title="Midlertidig utvalg for skoleskyss og elevdata",
                    areas=(DIGITAL, SCHOOL),
                    sdgs=(4, 9),
                    presentation=(
                        "Drøftingen av digitale løsninger for skoleskyss og elevdata viste at "
                        "partene trenger et felles grunnlag før overgangen til Akershus "
                        "fylkeskommune. Et midlertidig utvalg kan kartlegge dagens systemer og "
                        "foreslå felles løsninger."
                    ),
                    recommendation=(
                        "Partnerskapsmøtet oppretter et midlertidig utvalg for skoleskyss og "
                        "elevdata med mandat og sammensetning slik det er lagt fram. Utvalget "
                        "rapporterer til partnerskapsmøtet innen 30. juni 2024."
                    ),
                ),
            ),
            guests=(
                Guest(
                    party=COUNCIL,
                    name="Hege Tangen",
                    role="Observatør, Akershus fylkeskommune (under etablering)",
                    kind=ELECTED,
                    told_days_before=9,
                    item=0,
                ),
            ),
        ),
    ),
)
