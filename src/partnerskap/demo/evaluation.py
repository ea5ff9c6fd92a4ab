"""The demo's evaluation of the 2020–2024 agreement period (fictional): written by the
secretariats, approved by the council's secretariat (sek-rad) and Viken's (sek-vik), and
published on 14 June 2024, the milestone in the 2024 annual cycle.

Written through the services; only the times they stamp are moved to when it happened, as the
history does (``history.build._backdate``), and the figures are those of 14 June 2024.
Idempotent: a partnership that has its evaluation keeps it."""

from __future__ import annotations

import datetime as dt

from partnerskap.agreements.models import Partnership, Party
from partnerskap.demo.history.spec import OSLO
from partnerskap.people.models import Person
from partnerskap.reports import services
from partnerskap.reports.evaluation import evaluation_figures
from partnerskap.reports.models import Evaluation

FIGURES_ON = dt.date(2024, 6, 14)
APPROVED = {
    "sek-rad": dt.datetime(2024, 6, 5, 14, tzinfo=OSLO),
    "sek-vik": dt.datetime(2024, 6, 11, 9, tzinfo=OSLO),
}
PUBLISHED = dt.datetime(2024, 6, 14, 12, tzinfo=OSLO)

ASSESSMENT = """\
Partnerskapet mellom Interkommunalt politisk råd for Asker og Bærum og Viken fylkeskommune \
har i perioden 2020–2024 gitt partene en fast arena for dialog om areal og transport, \
kollektivtilbud og overgangen fra ungdomsskole til videregående opplæring. Partnerskapsmøtet \
holdt minst to møter hvert år fra 2020 til 2023, også under pandemien, da møtene ble holdt \
digitalt, og ett ekstra møte i 2022 etter ønske fra en av partene.

Forslagene fra partnerskapsmøtet er i hovedsak vedtatt i partenes organer, men det tar ofte \
to til tre måneder fra møtet til forslaget er behandlet, og flere forslag er ikke tatt opp \
til behandling. Sekretariatene mener oppfølgingen kan bli tydeligere med faste frister og en \
felles oversikt over hvor forslagene står.

Regional samfunnsutvikling og felles plan- og arealutfordringer har hatt flest saker. \
Digitalisering og videregående utdanning har hatt færrest, og bør enten få konkrete oppgaver \
i en ny avtale eller slås sammen med andre områder. Arbeidsutvalget for felles \
klimaindikatorer viser at midlertidige utvalg med et klart mandat gir resultater.

Viken fylkeskommune opphørte 1. januar 2024, og Akershus fylkeskommune har overtatt \
fylkeskommunens rolle i partnerskapet. Sekretariatene anbefaler at partene inngår en ny \
avtale for 2025–2028 med færre og mer konkrete samarbeidsområder, og at evalueringen legges \
til grunn for forhandlingene.\
"""


def load(*, partnership: Partnership, people: dict[str, Person]) -> int:
    """The published evaluation of the demo partnership; returns how many records it made."""
    if Evaluation.objects.filter(partnership=partnership).exists():
        return 0
    council_user = people["sek-rad"].user
    county_user = people["sek-vik"].user
    evaluation = services.evaluation_start(partnership=partnership, actor=council_user)
    services.evaluation_assessment_update(
        evaluation=evaluation, assessment=ASSESSMENT, actor=council_user
    )
    ordered = partnership.parties.order_by("partnershipparty__position")
    council, county = ordered[0], ordered[1]
    services.evaluation_approve(evaluation=evaluation, party=council, actor=council_user)
    services.evaluation_approve(evaluation=evaluation, party=county, actor=county_user)
    evaluation = services.evaluation_publish(evaluation=evaluation, actor=council_user)
    _backdate(evaluation, council, county)
    return 3  # the evaluation and its two approvals


def _backdate(evaluation: Evaluation, council: Party, county: Party) -> None:
    """DEMO ONLY: the stamps and the figures of 14 June 2024, not of the day of loading."""
    Evaluation.objects.filter(pk=evaluation.pk).update(
        snapshot=evaluation_figures(partnership=evaluation.partnership, today=FIGURES_ON),
        snapshot_taken_at=APPROVED["sek-rad"],
        published_at=PUBLISHED,
    )
    evaluation.approvals.filter(party=council).update(approved_at=APPROVED["sek-rad"])
    evaluation.approvals.filter(party=county).update(approved_at=APPROVED["sek-vik"])
