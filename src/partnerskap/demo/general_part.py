"""The demo's general parts (A14), demo content labelled as such: Viken fylkeskommune's (in
force 2020, a version 2 adopted by Viken fylkesting in 2022), used by the demo partnership;
Akershus fylkeskommune's (in force 1.1.2024), used by every partnership with Akershus as a
party whose agreement has no general part yet. Idempotent: parts are found by county and
title, and every write goes through ``agreements.general_part``."""

from __future__ import annotations

import datetime as dt

from partnerskap.agreements.general_part import (
    SectionText,
    agreement_general_part_set,
    general_part_amend,
    general_part_create,
)
from partnerskap.agreements.models import Agreement, AgreementPart, ElectedBody, Party

VIKEN = "viken-fylkeskommune"
AKERSHUS = "akershus-fylkeskommune"
VIKEN_TITLE = "Demoinnhold: Generell del for Viken fylkeskommunes regionale partnerskap"
AKERSHUS_TITLE = "Demoinnhold: Generell del for Akershus fylkeskommunes regionale partnerskap"
VIKEN_DECISION = "FT-sak 98/22 (demo)"

_LABEL = "Dette er demoinnhold, ikke en vedtatt tekst."


def _sections(county: str) -> list[SectionText]:
    return [
        SectionText(
            "Formål",
            f"{_LABEL} {county} inngår regionale partnerskap med regionrådene i fylket for å "
            "samordne regional utvikling og planlegging på tvers av forvaltningsnivåene.",
        ),
        SectionText(
            "Forholdet mellom generell og spesiell del",
            "Den generelle delen gjelder for alle fylkeskommunens regionale partnerskap. Den "
            "spesielle delen for hvert partnerskap går foran der de sier noe ulikt; den "
            "generelle delen gjelder der den spesielle delen ikke sier noe.",
        ),
        SectionText(
            "Partenes forpliktelser",
            "Hver part bærer egne kostnader til sine medlemmers deltakelse og sin "
            "administrative støtte. Et budsjett finnes bare som hver parts egne bevilgninger.",
        ),
        SectionText(
            "Rapportering",
            "Partnerskapet rapporterer årlig til partenes folkevalgte organer.",
        ),
    ]


def _part(county: Party, title: str, in_force_from: dt.date) -> tuple[AgreementPart, int]:
    part = AgreementPart.objects.filter(
        kind=AgreementPart.Kind.GENERAL, owner=county, title=title
    ).first()
    if part is not None:
        return part, 0
    part = general_part_create(
        county=county,
        title=title,
        sections=_sections(county.name),
        in_force_from=in_force_from,
        actor=None,
    )
    return part, 1


def _viken() -> int:
    viken = Party.objects.get(slug=VIKEN)
    part, created = _part(viken, VIKEN_TITLE, dt.date(2020, 1, 1))
    if not part.versions.filter(number=2).exists():
        general_part_amend(
            part=part,
            sections={
                "rapportering": "Partnerskapet rapporterer årlig til partenes folkevalgte "
                "organer, med en samlet oversikt over møter, forslag og oppfølging i partenes "
                "organer og kostnader per part.",
            },
            decision_reference=VIKEN_DECISION,
            decided_on=dt.date(2022, 6, 14),
            elected_body=ElectedBody.objects.get(slug="viken-fylkesting"),
            in_force_from=dt.date(2022, 7, 1),
            actor=None,
        )
        created += 1
    for agreement in Agreement.objects.filter(
        partnership__parties=viken, general_part__isnull=True
    ):
        agreement_general_part_set(agreement=agreement, part=part, actor=None)
    return created


def _akershus() -> int:
    akershus = Party.objects.get(slug=AKERSHUS)
    part, created = _part(akershus, AKERSHUS_TITLE, dt.date(2024, 1, 1))
    for agreement in Agreement.objects.filter(
        partnership__parties=akershus, general_part__isnull=True
    ).distinct():
        agreement_general_part_set(agreement=agreement, part=part, actor=None)
    return created


def load() -> int:
    """Both counties' general parts, attached; returns how many rows were created."""
    return _viken() + _akershus()
