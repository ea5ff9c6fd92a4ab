"""2022: three meetings; Viken asks for an extra one (A5) on the draft regional plan, convened
at short notice, so its notice is late (L1)."""

from __future__ import annotations

import datetime as dt

from partnerskap.demo.history.spec import (
    CLIMATE,
    COUNCIL,
    DIGITAL,
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
    Guest,
    Item,
    Kind,
    Meeting,
    Milestone,
    Motion,
    Request,
    Year,
    oslo,
)

BOTH_FOR = ((COUNCIL, Choice.FOR), (VIKEN, Choice.FOR))

YEAR = Year(
    year=2022,
    cycle_note="Begge parter kan be om flere møter ved behov (avtalens punkt om oppfølging).",
    milestones=(
        Milestone(dt.date(2022, 5, 13), "Frist for innspill til saker til høstmøtet"),
        Milestone(dt.date(2022, 12, 13), "Budsjettbehandling i kommunestyrene og fylkestinget"),
    ),
    meetings=(
        Meeting(
            title="Partnerskapsmøte vår 2022",
            starts_at=oslo(2022, 2, 24, 10),
            ends_at=oslo(2022, 2, 24, 13),
            location="asker",
            absences=(("m-rad-2", "Jobbreise"),),
            substitutes=(("v-rad-1", "m-rad-2"),),
            items=(
                Item(
                    kind=Kind.PROCEDURAL,
                    title="Årshjul for partnerskapsmøtene 2022",
                    areas=(SOCIETY,),
                    sdgs=(17,),
                    presentation=(
                        "Sekretariatene foreslår ordinære møter i februar og oktober. Møtene "
                        "holdes igjen fysisk, på skift mellom partene."
                    ),
                    recommendation="Årshjulet for 2022 fastsettes slik det er lagt fram.",
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Status for felles handlingsplan for regionalt sykkelvegnett",
                    areas=(MOBILITY,),
                    sdgs=(3, 11, 13),
                    presentation=(
                        "Partnerskapsmøtet foreslo i februar 2020 en felles handlingsplan for "
                        "sykkelvegnettet, og partene har fulgt opp forslaget. Sekretariatene "
                        "orienterer om prioriterte strekninger og om søknaden om statlige "
                        "midler."
                    ),
                    recommendation=NOTED,
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Deling av data for bedre tjenester til innbyggerne",
                    areas=(DIGITAL,),
                    sdgs=(9, 16, 17),
                    presentation=(
                        "Kommunene og fylkeskommunen samler inn data om trafikk, "
                        "skolebruksplaner og befolkning hver for seg. En felles avtale om "
                        "deling av ikke-personidentifiserbare data kan gi bedre planer og "
                        "tjenester, innenfor personvernreglene."
                    ),
                    recommendation=(
                        TO_VIKEN + "partene inngår en avtale om deling av "
                        "ikke-personidentifiserbare data til planlegging og tjenesteutvikling."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="En attraktiv bo- og arbeidsmarkedsregion etter pandemien",
                    areas=(SOCIETY, RESEARCH),
                    sdgs=(8, 11),
                    presentation=(
                        "Hjemmekontor og endrede reisevaner påvirker næringsliv, sentrumsområder "
                        "og boligbygging. Partene drøfter hvilke felles regionale mål som bør "
                        "ligge til grunn for samarbeidet de neste årene."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion="Partnerskapsmøtet drøftet saken.",
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Endring i avtalens spesielle del: årlig oversikt over oppfølgingen",
                    areas=(SOCIETY,),
                    sdgs=(16, 17),
                    presentation=(
                        "Avtalen sier at partnerskapsmøtet kan fremme forslag som følges opp i "
                        "partenes folkevalgte organer, men ikke hvordan møtet får vite hva "
                        "organene har vedtatt. Sekretariatene foreslår et nytt punkt i avsnittet "
                        "«Oppfølging av avtalen» om en årlig oversikt over oppfølgingen. "
                        "Endringen må vedtas av Rådsmøtet for Asker og Bærum og av Viken "
                        "fylkesting."
                    ),
                    recommendation=(
                        TO_VIKEN + "avsnittet «Oppfølging av avtalen» i avtalens spesielle del "
                        "får et nytt punkt om at sekretariatene hvert år legger fram en oversikt "
                        "over hvordan forslagene fra partnerskapsmøtene er fulgt opp i partenes "
                        "folkevalgte organer. Endringen gjelder fra 1. juni 2022 når Rådsmøtet "
                        "for Asker og Bærum og Viken fylkesting har vedtatt den."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
            ),
        ),
        Meeting(
            title="Ekstraordinært partnerskapsmøte 2022",
            starts_at=oslo(2022, 6, 2, 9),
            ends_at=oslo(2022, 6, 2, 11),
            location="drammen",
            request=Request(
                party=VIKEN,
                reason=(
                    "Viken fylkeskommune ber om et ekstra partnerskapsmøte for å drøfte "
                    "høringsutkastet til regional plan for areal og mobilitet med Asker og "
                    "Bærum før høringsfristen."
                ),
                requested_on=dt.date(2022, 4, 20),
                wished_date=dt.date(2022, 6, 1),
            ),
            notice_days_before=6,
            notice_message=(
                "Innkallingen kommer senere enn vanlig fordi høringsutkastet ble offentliggjort "
                "først 25. mai."
            ),
            items=(
                Item(
                    kind=Kind.DISCUSSION,
                    title="Høringsutkast til regional plan for areal og mobilitet",
                    areas=(PLAN, MOBILITY, CLIMATE),
                    sdgs=(11, 13, 15),
                    presentation=(
                        "Planutkastet gir regionale føringer for utbyggingsmønster, "
                        "knutepunkter og jordvern. Viken fylkeskommune presenterer utkastet, og "
                        "partene drøfter konsekvensene for Asker og Bærum."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion=(
                        "Partnerskapsmøtet drøftet høringsutkastet. Sekretariatene lager et "
                        "felles notat med innspill som partene kan bruke i sine "
                        "høringsuttalelser."
                    ),
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Utbyggingsmønster og prioriterte knutepunkter i Asker og Bærum",
                    areas=(PLAN,),
                    sdgs=(11, 15),
                    presentation=(
                        "For å begrense nedbygging av natur og matjord og gi grunnlag for et "
                        "godt kollektivtilbud bør veksten skje rundt noen få, prioriterte "
                        "knutepunkter."
                    ),
                    recommendation=(
                        TO_VIKEN + "veksten i Asker og Bærum konsentreres rundt prioriterte "
                        "knutepunkter, og at dette legges til grunn i partenes "
                        "høringsuttalelser til regional plan for areal og mobilitet."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
            ),
            guests=(
                Guest(
                    party=VIKEN,
                    name="Espen Dahle",
                    role="Prosjektleder, regional plan for areal og mobilitet",
                    kind=EXPERT,
                    told_days_before=4,
                    item=0,
                ),
            ),
        ),
        Meeting(
            title="Partnerskapsmøte høst 2022",
            starts_at=oslo(2022, 10, 27, 10),
            ends_at=oslo(2022, 10, 27, 13),
            location="baerum",
            items=(
                Item(
                    kind=Kind.PROPOSAL,
                    title="Felles klimaindikatorer for indirekte utslipp",
                    areas=(CLIMATE,),
                    sdgs=(12, 13),
                    presentation=(
                        "Partnerskapsmøtet foreslo i mars 2021 at partene skulle utvikle "
                        "felles klimaindikatorer. Arbeidsgruppen legger fram seks indikatorer, "
                        "blant annet for utslipp fra innkjøp, bygg og anleggsplasser."
                    ),
                    recommendation=(
                        TO_VIKEN + "de seks klimaindikatorene tas inn i partenes klimabudsjett "
                        "fra 2024."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Overgangsprosjektet i videregående opplæring: første erfaringer",
                    areas=(SCHOOL,),
                    sdgs=(4,),
                    presentation=(
                        "Prosjektet startet i august med elever fra fire ungdomsskoler. "
                        "Prosjektlederen orienterer om de første erfaringene."
                    ),
                    recommendation=NOTED,
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Viken fylkeskommune deles: hva betyr det for partnerskapet?",
                    areas=(SOCIETY,),
                    sdgs=(16, 17),
                    presentation=(
                        "Viken fylkeskommune avvikles 31. desember 2023, og Asker og Bærum blir "
                        "en del av Akershus fylkeskommune. Sekretariatene orienterer om "
                        "hvordan partnerskapet kan videreføres med den nye fylkeskommunen."
                    ),
                    recommendation=NOTED,
                ),
            ),
            guests=(
                Guest(
                    party=COUNCIL,
                    name="Guro Myhre Eng",
                    role="Forsker, klimaregnskap for kommuner",
                    kind=EXPERT,
                    told_days_before=10,
                    item=0,
                ),
            ),
        ),
    ),
)
