"""2021: climate indicators and the transition to upper secondary school; the autumn meeting
is chaired by the deputy (A8) and has a closed item (L3)."""

from __future__ import annotations

import datetime as dt

from partnerskap.demo.history.spec import (
    CLIMATE,
    COMMITTEE,
    COUNCIL,
    ELECTED,
    EXPERT,
    MOBILITY,
    NOTED,
    PLAN,
    RESEARCH,
    SCHOOL,
    SOCIETY,
    TO_VIKEN,
    VIKEN,
    Choice,
    Closed,
    Guest,
    Item,
    Kind,
    Meeting,
    Milestone,
    Motion,
    Year,
    oslo,
)

INDICATORS = (
    TO_VIKEN + "partene utvikler et felles sett med klimaindikatorer for indirekte "
    "klimagassutslipp, og at forslaget legges fram for partnerskapsmøtet høsten 2022."
)
TRANSITION = (
    TO_VIKEN + "partene etablerer et felles overgangsprosjekt for elever med høyt fravær på "
    "10. trinn, med oppstart skoleåret 2022/2023."
)

YEAR = Year(
    year=2021,
    cycle_note="Møtene holdes som hybridmøter så lenge smittevernreglene krever det.",
    milestones=(
        Milestone(dt.date(2021, 5, 14), "Frist for innspill til saker til høstmøtet"),
        Milestone(dt.date(2021, 12, 14), "Budsjettbehandling i kommunestyrene og fylkestinget"),
    ),
    meetings=(
        Meeting(
            title="Partnerskapsmøte vår 2021",
            starts_at=oslo(2021, 3, 18, 10),
            ends_at=oslo(2021, 3, 18, 12, 30),
            location="asker",
            form="hybrid",
            items=(
                Item(
                    kind=Kind.PROCEDURAL,
                    title="Årshjul for partnerskapsmøtene 2021",
                    areas=(SOCIETY,),
                    sdgs=(17,),
                    presentation=(
                        "Sekretariatene foreslår ordinære møter i mars og november, og at møtene "
                        "holdes som hybridmøter så lenge smittevernreglene krever det."
                    ),
                    recommendation="Årshjulet for 2021 fastsettes slik det er lagt fram.",
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Klimabudsjett som styringsverktøy: felles indikatorer",
                    areas=(CLIMATE,),
                    sdgs=(12, 13),
                    presentation=(
                        "Asker, Bærum og Viken har alle klimabudsjett, men måler ulike ting. "
                        "Indirekte utslipp fra innkjøp og bygg er store og lite målt. Felles "
                        "indikatorer vil gjøre det mulig å sammenligne og å følge utviklingen i "
                        "regionen over tid."
                    ),
                    recommendation=INDICATORS,
                    conclusion=(
                        INDICATORS + " Indikatorene skal også omfatte utslipp fra bygge- og "
                        "anleggsplasser."
                    ),
                    motions=(
                        Motion("Innstillingen", ((COUNCIL, Choice.FOR), (VIKEN, Choice.FOR))),
                        Motion(
                            "Tilleggsforslag fra Viken fylkeskommune om bygge- og anleggsplasser",
                            ((COUNCIL, Choice.ABSTAIN), (VIKEN, Choice.FOR)),
                        ),
                    ),
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Utslippsfrie bygge- og anleggsplasser: erfaringer fra Bærum",
                    areas=(CLIMATE, RESEARCH),
                    sdgs=(9, 13),
                    presentation=(
                        "Bærum kommune har stilt krav om utslippsfrie maskiner i flere "
                        "anleggskontrakter. Prosjektlederen orienterer om kostnader, "
                        "leverandørmarkedet og hva som skal til for at kravene kan brukes i hele "
                        "regionen."
                    ),
                    recommendation=NOTED,
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Arealbruk og knutepunktutvikling langs Fornebubanen",
                    areas=(PLAN, MOBILITY),
                    sdgs=(11,),
                    presentation=(
                        "Fornebubanen gir nye stasjoner i Bærum. Hvordan arealene rundt "
                        "stasjonene utvikles, avgjør hvor mange som vil reise kollektivt. "
                        "Partene drøfter hvordan kommunale planer og regionale føringer kan "
                        "trekke i samme retning."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion=(
                        "Partnerskapsmøtet drøftet saken. Sekretariatene følger opp "
                        "knutepunktutviklingen i arbeidet med regional plan for areal og "
                        "mobilitet."
                    ),
                ),
                Item(
                    kind=Kind.PROCEDURAL,
                    subject=COMMITTEE,
                    title="Midlertidig arbeidsutvalg for felles klimaindikatorer",
                    areas=(CLIMATE,),
                    sdgs=(12, 13),
                    presentation=(
                        "Partnerskapsmøtet har i dag foreslått at partene utvikler felles "
                        "klimaindikatorer. Avtalen gir partnerskapsmøtet adgang til å opprette "
                        "midlertidige utvalg for bestemte oppgaver; et arbeidsutvalg med "
                        "politikere og sekretariat fra begge parter kan lage forslaget."
                    ),
                    recommendation=(
                        "Partnerskapsmøtet oppretter et midlertidig arbeidsutvalg for felles "
                        "klimaindikatorer med mandat og sammensetning slik det er lagt fram. "
                        "Utvalget legger fram sitt forslag for partnerskapsmøtet høsten 2022."
                    ),
                ),
            ),
            guests=(
                Guest(
                    party=COUNCIL,
                    name="Anders Tveiten",
                    role="Prosjektleder, utslippsfrie anleggsplasser, Bærum kommune",
                    kind=EXPERT,
                    told_days_before=12,
                    item=2,
                ),
            ),
        ),
        Meeting(
            title="Partnerskapsmøte høst 2021",
            starts_at=oslo(2021, 11, 4, 10),
            ends_at=oslo(2021, 11, 4, 13),
            location="drammen",
            absences=(("leder", "Annet politisk oppdrag"),),
            items=(
                Item(
                    kind=Kind.PROPOSAL,
                    title="Bedre overgang fra ungdomsskole til videregående opplæring",
                    areas=(SCHOOL,),
                    sdgs=(4, 10),
                    presentation=(
                        "Elever med høyt fravær på 10. trinn fullfører sjeldnere videregående "
                        "opplæring. Kommunene og fylkeskommunen har hver sine tiltak, men lite "
                        "felles oppfølging i overgangen. Et felles prosjekt kan gi elevene én "
                        "kontaktperson gjennom overgangen."
                    ),
                    recommendation=TRANSITION,
                    motions=(
                        Motion("Innstillingen", ((COUNCIL, Choice.FOR), (VIKEN, Choice.FOR))),
                    ),
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title=(
                        "Oppfølgingstjenesten: gjennomgang av enkeltelever som har avbrutt "
                        "videregående opplæring i Asker og Bærum"
                    ),
                    areas=(SCHOOL,),
                    sdgs=(4,),
                    presentation=(
                        "Oppfølgingstjenesten gjennomgår forløpet til elever som har avbrutt "
                        "opplæringen det siste skoleåret. Opplysningene kan identifisere "
                        "elevene i små skolemiljøer."
                    ),
                    recommendation=NOTED,
                    conclusion=(
                        "Saken tas til orientering. Erfaringene tas med i arbeidet med "
                        "overgangsprosjektet."
                    ),
                    closed=Closed(
                        basis="kl-11-5-3-a",
                        public_title="Orientering fra oppfølgingstjenesten (lukket)",
                        decision=(
                            "Partnerskapsmøtet vedtok i åpent møte å behandle saken for lukkede "
                            "dører av hensyn til personvernet, jf. kommuneloven § 11-5 tredje "
                            "ledd bokstav a."
                        ),
                    ),
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Næringsarealer og innovasjonsmiljøer i Asker og Bærum",
                    areas=(RESEARCH, PLAN),
                    sdgs=(8, 9),
                    presentation=(
                        "Etterspørselen etter arealer til kunnskapsbedrifter øker, særlig rundt "
                        "Fornebu og Asker sentrum. Partene drøfter hvordan næringsarealer og "
                        "forskningsmiljøer kan sees i sammenheng i regionale planer."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion="Partnerskapsmøtet drøftet saken.",
                ),
            ),
            guests=(
                Guest(
                    party=VIKEN,
                    name="Siri Hovland Aas",
                    role="Medlem av hovedutvalg for utdanning og kompetanse, Viken fylkeskommune",
                    kind=ELECTED,
                    told_days_before=3,
                    item=0,
                ),
            ),
        ),
    ),
)
