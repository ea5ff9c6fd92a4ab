"""2024: the last year of the agreement. Viken fylkeskommune ceased on 31.12.2023 and Akershus
fylkeskommune acts in its seat (A1, ``succession.py``): Akershus's members attend, its
secretariat works, and the proposal goes to Akershus fylkesting (see ``followup_data``). An
Akershus committee member who is no member of the meeting still comes as an invited guest."""

from __future__ import annotations

import datetime as dt

from partnerskap.demo.history.spec import (
    COUNCIL,
    DIGITAL,
    ELECTED,
    MOBILITY,
    NOTED,
    PLAN,
    RESEARCH,
    SCHOOL,
    SOCIETY,
    TO_AKERSHUS,
    Guest,
    Item,
    Kind,
    Meeting,
    Milestone,
    Year,
    oslo,
)

YEAR = Year(
    year=2024,
    cycle_note="Avtaleperioden utløper 31. desember 2024.",
    milestones=(
        Milestone(dt.date(2024, 6, 14), "Evaluering av partnerskapsavtalen ferdig"),
        Milestone(dt.date(2024, 12, 31), "Avtaleperioden utløper"),
    ),
    meetings=(
        Meeting(
            title="Partnerskapsmøte vår 2024",
            starts_at=oslo(2024, 3, 14, 10),
            ends_at=oslo(2024, 3, 14, 12, 30),
            location="asker",
            items=(
                Item(
                    kind=Kind.PROCEDURAL,
                    title="Årshjul for partnerskapsmøtene 2024",
                    areas=(SOCIETY,),
                    sdgs=(17,),
                    presentation=(
                        "Sekretariatene foreslår ordinære møter i mars og november, og at "
                        "evalueringen av avtalen er ferdig før sommeren."
                    ),
                    recommendation="Årshjulet for 2024 fastsettes slik det er lagt fram.",
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Akershus fylkeskommune: organisering og kontaktpunkter",
                    areas=(SOCIETY,),
                    sdgs=(16, 17),
                    presentation=(
                        "Akershus fylkeskommune orienterer om sin politiske og administrative "
                        "organisering, og om hvem som følger opp sakene fra partnerskapet."
                    ),
                    recommendation=NOTED,
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="E18 Vestkorridoren: kollektivtilbudet i anleggsperioden",
                    areas=(MOBILITY, PLAN),
                    sdgs=(11, 13),
                    presentation=(
                        "Anleggsarbeidet langs E18 gir forsinkelser for bussene gjennom Asker "
                        "og Bærum. Rådet drøfter hvilke tiltak som bør tas opp med Akershus "
                        "fylkeskommune og Statens vegvesen."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion=(
                        "Partnerskapsmøtet drøftet saken. Sekretariatet tar innspillene med i "
                        "dialogen med Akershus fylkeskommune."
                    ),
                ),
            ),
        ),
        Meeting(
            title="Partnerskapsmøte høst 2024",
            starts_at=oslo(2024, 11, 7, 10),
            ends_at=oslo(2024, 11, 7, 13),
            location="baerum",
            items=(
                Item(
                    kind=Kind.PROPOSAL,
                    title="Evaluering av partnerskapsavtalen 2020–2024 og ny avtale",
                    areas=(SOCIETY, PLAN, MOBILITY),
                    sdgs=(17,),
                    presentation=(
                        "Evalueringen viser at partnerskapsmøtene har gitt bedre dialog om plan, "
                        "mobilitet og opplæring, men at oppfølgingen av forslagene i partenes "
                        "organer kan bli tydeligere. Sekretariatet anbefaler en ny avtale med "
                        "færre og mer konkrete samarbeidsområder."
                    ),
                    recommendation=(
                        TO_AKERSHUS + "det inngås en ny partnerskapsavtale for perioden "
                        "2025–2028, på grunnlag av evalueringen."
                    ),
                ),
                Item(
                    kind=Kind.INFORMATION,
                    title="Overgangsprosjektet 2022–2024: resultater",
                    areas=(SCHOOL,),
                    sdgs=(4, 10),
                    presentation=(
                        "Flere av elevene i prosjektet har fullført første år i videregående "
                        "opplæring enn i sammenlignbare kull. Prosjektet videreføres i Akershus "
                        "fylkeskommunes ordinære drift."
                    ),
                    recommendation=NOTED,
                ),
                Item(
                    kind=Kind.DISCUSSION,
                    title="Felles søknad om regionale forskningsmidler til digitalisering",
                    areas=(RESEARCH, DIGITAL),
                    sdgs=(9, 17),
                    presentation=(
                        "Regionale forskningsmidler kan finansiere et samarbeid mellom "
                        "kommunene, fylkeskommunen og forskningsmiljøene om digitale "
                        "innbyggertjenester."
                    ),
                    recommendation="Partnerskapsmøtet drøfter saken.",
                    conclusion="Partnerskapsmøtet drøftet saken.",
                ),
            ),
            guests=(
                Guest(
                    party=COUNCIL,
                    name="Ragnhild Sollien Bø",
                    role="Medlem av hovedutvalg for samferdsel, Akershus fylkeskommune",
                    kind=ELECTED,
                    told_days_before=11,
                    item=0,
                ),
            ),
        ),
    ),
)
