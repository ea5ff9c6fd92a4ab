"""The county's general part (A14): its own versioned text, shared by partnerships, amended by
the county's decision."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.agreements.general_part import (
    SectionText,
    agreement_general_part_set,
    general_part_amend,
    general_part_create,
)
from partnerskap.agreements.models import AgreementPart, ElectedBody, Party
from partnerskap.agreements.selectors import version_in_force, versions_in_force_between
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from tests.factories import AgreementFactory, ElectedBodyFactory, PartnershipFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county() -> Party:
    return PartyFactory(county=True)


@pytest.fixture
def county_council(county: Party) -> ElectedBody:
    return ElectedBodyFactory(party=county, kind=ElectedBody.Kind.COUNTY_COUNCIL)


@pytest.fixture
def part(county: Party) -> AgreementPart:
    return general_part_create(
        county=county,
        title="Generell del <b>æøå</b>",
        sections=[
            SectionText("Formål", "Fylket samarbeider med regionrådene."),
            SectionText("Økonomi", "Hver part bærer egne kostnader."),
        ],
        in_force_from=dt.date(2020, 1, 1),
        actor=None,
    )


def _amend(part: AgreementPart, body: ElectedBody, **kwargs: object):
    values: dict[str, object] = {
        "sections": {"formal": "Fylket samarbeider tett med regionrådene."},
        "decision_reference": "FT-sak 12/22",
        "decided_on": dt.date(2022, 6, 14),
        "elected_body": body,
        "in_force_from": dt.date(2022, 7, 1),
    }
    values.update(kwargs)
    return general_part_amend(part=part, actor=None, **values)  # type: ignore[arg-type]


def test_a14_create_makes_version_one_in_force(part: AgreementPart, county: Party) -> None:
    version = version_in_force(part=part, on=dt.date(2021, 1, 1))
    assert version is not None
    assert version.number == 1
    assert [s.heading for s in version.sections.all()] == ["Formål", "Økonomi"]
    assert part.owner == county
    assert AuditEntry.objects.filter(action="agreements.general_part.created").count() == 1


def test_a14_only_a_county_has_a_general_part() -> None:
    with pytest.raises(DomainError) as raised:
        general_part_create(
            county=PartyFactory(),
            title="x",
            sections=[SectionText("a", "b")],
            in_force_from=dt.date(2020, 1, 1),
            actor=None,
        )
    assert raised.value.code == "agreements.general_part.not_county"


def test_a14_shared_by_two_partnerships(part: AgreementPart, county: Party) -> None:
    first = AgreementFactory(partnership=PartnershipFactory(parties=[PartyFactory(), county]))
    second = AgreementFactory(partnership=PartnershipFactory(parties=[PartyFactory(), county]))
    agreement_general_part_set(agreement=first, part=part, actor=None)
    agreement_general_part_set(agreement=second, part=part, actor=None)
    assert set(part.agreements_sharing.all()) == {first, second}
    assert AuditEntry.objects.filter(action="agreements.general_part.set").count() == 2


def test_a14_general_part_of_a_county_not_a_party_is_refused(part: AgreementPart) -> None:
    agreement = AgreementFactory()
    with pytest.raises(DomainError) as raised:
        agreement_general_part_set(agreement=agreement, part=part, actor=None)
    assert raised.value.code == "agreements.general_part.not_a_party"
    agreement.refresh_from_db()
    assert agreement.general_part is None


def test_a14_successor_county_general_part_applies(county: Party) -> None:
    ceased = PartyFactory(county=True, valid_to=dt.date(2023, 12, 31), successor=county)
    agreement = AgreementFactory(partnership=PartnershipFactory(parties=[PartyFactory(), ceased]))
    part = general_part_create(
        county=county,
        title="Ny",
        sections=[SectionText("A", "b")],
        in_force_from=dt.date(2024, 1, 1),
        actor=None,
    )
    agreement_general_part_set(agreement=agreement, part=part, actor=None)
    assert agreement.general_part == part


def test_a14_amend_makes_next_version_in_force_from_date(
    part: AgreementPart, county_council: ElectedBody
) -> None:
    version = _amend(part, county_council)
    assert version.number == 2
    assert version_in_force(part=part, on=dt.date(2022, 6, 30)).number == 1
    assert version_in_force(part=part, on=dt.date(2022, 7, 1)) == version
    bodies = {s.slug: s.body for s in version.sections.all()}
    assert bodies == {
        "formal": "Fylket samarbeider tett med regionrådene.",
        "okonomi": "Hver part bærer egne kostnader.",
    }
    adoption = version.adoptions.get()
    assert (adoption.elected_body, adoption.decision_reference) == (county_council, "FT-sak 12/22")
    entry = AuditEntry.objects.get(action="agreements.general_part.amended")
    assert entry.data["sections"] == ["formal"]


def test_a14_amend_by_a_body_of_another_party_is_refused(part: AgreementPart) -> None:
    other = ElectedBodyFactory(party=PartyFactory(county=True))
    with pytest.raises(DomainError) as raised:
        _amend(part, other)
    assert raised.value.code == "agreements.general_part.other_party"
    assert part.versions.count() == 1


def test_a14_amend_not_in_force_before_decision(
    part: AgreementPart, county_council: ElectedBody
) -> None:
    with pytest.raises(DomainError) as raised:
        _amend(part, county_council, in_force_from=dt.date(2022, 6, 1))
    assert raised.value.code == "agreements.general_part.before_decision"


def test_a14_amend_without_change_is_refused(
    part: AgreementPart, county_council: ElectedBody
) -> None:
    with pytest.raises(DomainError) as raised:
        _amend(part, county_council, sections={"formal": "Fylket samarbeider med regionrådene."})
    assert raised.value.code == "agreements.general_part.unchanged"


def test_a14_which_version_in_force_when(part: AgreementPart, county_council: ElectedBody) -> None:
    second = _amend(part, county_council)
    third = _amend(
        part,
        county_council,
        sections={"okonomi": "Endret."},
        decided_on=dt.date(2026, 1, 1),
        in_force_from=dt.date(2026, 2, 1),
    )
    spans = versions_in_force_between(
        part=part, start=dt.date(2021, 1, 1), end=dt.date(2024, 12, 31)
    )
    assert [(s.version.number, s.start, s.until) for s in spans] == [
        (1, dt.date(2020, 1, 1), dt.date(2022, 6, 30)),
        (2, dt.date(2022, 7, 1), dt.date(2026, 1, 31)),
    ]
    later = versions_in_force_between(part=part, start=dt.date(2026, 1, 1), end=dt.date(2028, 1, 1))
    assert [(s.version, s.until) for s in later] == [(second, dt.date(2026, 1, 31)), (third, None)]
