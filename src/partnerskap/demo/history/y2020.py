"""2020: the first year of the agreement; the autumn meeting is held on Teams (the pandemic)."""

from __future__ import annotations

import datetime as dt

from partnerskap.demo.history.spec import (
    CLIMATE,
    COUNCIL,
    DIGITAL,
    EXPERT,
    MOBILITY,
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
    year=2020,
    cycle_note="Første årshjul etter at partnerskapsavtalen trådte i kraft 1. februar 2020.",
    milestones=(
        Milestone(
            dt.date(2020, 5, 15),
            "Frist for innspill til saker til høstmøtet",
            "Partene melder saker til sekretariatene.",
        ),
        Milestone(
            dt.date(2020, 12, 15),
            "Budsjettbehandling i kommunestyrene og fylkestinget",
            "Forslag fra partnerskapsmøtene følges opp i partenes budsjetter.",
        ),
    ),
    meetings=(
        Meeting(
            title="Partnerskapsmøte vår 2020",
            starts_at=oslo(2020, 2, 27, 10),
            ends_at=oslo(2020, 2, 27, 13),
            location="baerum",
            items=(
                Item(
                    kind=Kind.PROCEDURAL,
                    title="Årshjul for partnerskapsmøtene 2020",
                    areas=(SOCIETY,),
                    sdgs=(17,),
                    presentation=(
                        "Partnerskapsavtalen sier at partnerskapsmøtet fastsetter årshjul for "
                        "møtevirksomheten. Sekretariatene foreslår to ordinære møter i 2020, i "
                        "februar og i oktober, og en frist for innspill til saker i mai."
                    ),
                    recommendation="Årshjulet for 2020 fastsettes slik det er lagt fram.",
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Partnerskapsavtalen 2020–2024: samarbeidsområder og arbeidsform",
                    areas=(SOCIETY, PLAN),
                    sdgs=(17,),
                    presentation=(
                        "Sekretariatene orienterer om avtalens generelle og spesielle del, de "
                        "sju samarbeidsområdene og hvordan forslag fra partnerskapsmøtet følges "
                        "opp i partenes folkevalgte organer."
                    ),
                    recommendation="Saken tas til orientering.",
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Regional planstrategi for Viken: innspill fra Asker og Bærum",
                    areas=(PLAN, SOCIETY),
                    sdgs=(11, 17),
                    presentation=(
                        "Viken fylkeskommune arbeider med sin første regionale planstrategi. "
                        "Asker og Bærum har felles interesser i areal- og transportplanleggingen "
                        "i vestkorridoren, og rådet ønsker å drøfte hvilke planbehov som bør "
                        "prioriteres før høringen."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion=(
                        "Partnerskapsmøtet drøftet saken. Innspillene tas med i rådets "
                        "høringsuttalelse til planstrategien."
                    ),
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Felles handlingsplan for regionalt sykkelvegnett",
                    areas=(MOBILITY, CLIMATE),
                    sdgs=(3, 11, 13),
                    presentation=(
                        "Sykkelvegnettet mellom Asker, Bærum og Oslo har brudd der kommunale "
                        "veger møter fylkesveger. En felles handlingsplan kan samordne "
                        "prioriteringene og gjøre det lettere å søke statlige midler."
                    ),
                    recommendation=(
                        TO_VIKEN + "partene utarbeider en felles handlingsplan for regionalt "
                        "sykkelvegnett innen utgangen av 2021."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
            ),
            guests=(
                Guest(
                    party=VIKEN,
                    name="Kari Nordbø Lie",
                    role="Seniorrådgiver, regional planlegging",
                    kind=EXPERT,
                    told_days_before=12,
                    item=2,
                ),
            ),
        ),
        Meeting(
            title="Partnerskapsmøte høst 2020",
            starts_at=oslo(2020, 10, 29, 13),
            ends_at=oslo(2020, 10, 29, 15, 30),
            location="teams",
            form="remote",
            notice_message="Møtet holdes som fjernmøte på Teams på grunn av smittevernreglene.",
            items=(
                Item(
                    kind=Kind.INFORMATION,
                    title="Koronapandemien: kollektivtrafikken i Asker og Bærum",
                    areas=(MOBILITY,),
                    sdgs=(3, 11),
                    presentation=(
                        "Antall reisende med buss og tog har falt kraftig siden mars. Viken "
                        "fylkeskommune orienterer om rutetilbudet, økonomien i "
                        "kollektivtrafikken og planene for gjenåpning."
                    ),
                    recommendation="Saken tas til orientering.",
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Digital undervisning og overgangen til videregående opplæring",
                    areas=(SCHOOL, DIGITAL),
                    sdgs=(4, 10),
                    presentation=(
                        "Nedstengingen i vår ga digital undervisning i grunnskolen og i "
                        "videregående opplæring. Partene deler erfaringer med elever som "
                        "trenger ekstra oppfølging i overgangen fra 10. trinn."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion=(
                        "Partnerskapsmøtet drøftet saken og ber sekretariatene komme tilbake med "
                        "et forslag til felles tiltak for elever i overgangen."
                    ),
                ),
                Item(
                    kind=Kind.PROPOSAL,
                    title="Samordnet tilrettelegging for 5G i Asker og Bærum",
                    areas=(DIGITAL, RESEARCH),
                    sdgs=(9,),
                    presentation=(
                        "Utbyggingen av 5G krever plass til antenner på bygg og langs veger som "
                        "eies av både kommunene og fylkeskommunen. Like retningslinjer gir "
                        "raskere saksbehandling og bedre dekning for innbyggere og næringsliv."
                    ),
                    recommendation=(
                        TO_VIKEN + "partene samordner tilretteleggingen for 5G, med felles "
                        "retningslinjer for bruk av offentlig grunn og bygg."
                    ),
                    motions=(Motion("Innstillingen", BOTH_FOR),),
                ),
            ),
        ),
    ),
)
