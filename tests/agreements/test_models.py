"""Database constraints and model rules for partnerships, parties and agreements
(A1, A2, A14, A17, A18)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from partnerskap.agreements.models import (
    Agreement,
    AgreementPart,
    Signature,
    SustainableDevelopmentGoal,
    validate_organisation_number,
)
from partnerskap.agreements.selectors import parties_of_part, version_in_force, version_is_signed
from partnerskap.agreements.services import partnership_renew, signature_record
from partnerskap.core.errors import DomainError
from tests.factories import (
    AgreementFactory,
    AgreementPartFactory,
    AgreementVersionFactory,
    CooperationAreaFactory,
    PartnershipFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a18_partnership_period_must_end_after_it_starts():
    assert_refused_by_database(
        lambda: PartnershipFactory(period_start=dt.date(2024, 1, 1), period_end=dt.date(2020, 1, 1))
    )
    assert_refused_by_database(
        lambda: PartnershipFactory(period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 1, 1))
    )


def test_a18_partnership_covers_only_its_period():
    partnership = PartnershipFactory()
    assert partnership.covers(dt.date(2020, 1, 1))
    assert partnership.covers(dt.date(2024, 12, 31))
    assert not partnership.covers(dt.date(2019, 12, 31))
    assert not partnership.covers(dt.date(2025, 1, 1))


def test_slugs_are_unique():
    PartnershipFactory(slug="same")
    assert_refused_by_database(lambda: PartnershipFactory(slug="same"))
    PartyFactory(slug="party")
    assert_refused_by_database(lambda: PartyFactory(slug="party"))


def test_a3_area_slug_is_unique_per_part():
    area = CooperationAreaFactory(slug="klima")
    assert_refused_by_database(
        lambda: CooperationAreaFactory(slug="klima", introduced_in=area.introduced_in)
    )
    CooperationAreaFactory(slug="klima")  # another part may use it


def test_a1_party_validity_and_successor_rules():
    assert_refused_by_database(
        lambda: PartyFactory(valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2023, 1, 1))
    )
    akershus = PartyFactory(county=True)
    assert_refused_by_database(lambda: PartyFactory(county=True, successor=akershus))
    viken = PartyFactory(county=True, valid_to=dt.date(2023, 12, 31), successor=akershus)
    assert viken.successor == akershus
    assert not viken.is_active_on(dt.date(2024, 1, 1))


def test_a1_only_municipalities_are_members_of_a_council():
    council = PartyFactory()
    asker = PartyFactory(municipality=True, council=council)
    assert list(council.member_municipalities.all()) == [asker]
    assert_refused_by_database(lambda: PartyFactory(county=True, council=council))
    with pytest.raises(ValidationError):
        PartyFactory.build(municipality=True, council=PartyFactory(county=True)).full_clean()


def test_a1_party_cannot_be_its_own_successor():
    party = PartyFactory(valid_to=dt.date(2023, 12, 31))
    party.successor = party
    assert_refused_by_database(party.save)


def test_organisation_number_check_digit():
    validate_organisation_number("974760673")  # Brønnøysundregistrene's own number
    for bad in ("974760672", "12345678", "abcdefghi", "9747606730"):
        with pytest.raises(ValidationError):
            validate_organisation_number(bad)


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8))
def test_organisation_number_accepts_exactly_the_right_check_digit(digits):
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    base = "".join(map(str, digits))
    for candidate in range(10):
        number = f"{base}{candidate}"
        if check != 10 and candidate == check:
            validate_organisation_number(number)
        else:
            with pytest.raises(ValidationError):
                validate_organisation_number(number)


def test_a2_the_seventeen_goals_are_reference_data():
    goals = list(SustainableDevelopmentGoal.objects.order_by("number"))
    assert [g.number for g in goals] == list(range(1, 18))
    assert goals[12].name_nb == "Stoppe klimaendringene"
    assert goals[16].name_en == "Partnerships for the goals"
    assert_refused_by_database(
        lambda: SustainableDevelopmentGoal.objects.create(number=18, name_nb="x", name_en="x")
    )


def test_a14_general_part_is_shared_by_partnerships_of_one_county():
    county = PartyFactory(county=True)
    general = AgreementPartFactory(kind=AgreementPart.Kind.GENERAL, owner=county)
    first = AgreementFactory(general_part=general, partnership__parties=[PartyFactory(), county])
    second = AgreementFactory(general_part=general, partnership__parties=[PartyFactory(), county])
    assert set(general.agreements_sharing.all()) == {first, second}
    assert first.special_part != second.special_part
    assert set(parties_of_part(part=general)) == set(first.partnership.parties.all()) | set(
        second.partnership.parties.all()
    )
    with pytest.raises(ValidationError):
        Agreement(
            partnership=PartnershipFactory(),
            title="x",
            general_part=first.special_part,
            special_part=AgreementPartFactory(),
        ).full_clean()


def test_a17_version_is_signed_only_when_every_party_has_signed():
    agreement = AgreementFactory()
    version = AgreementVersionFactory(part=agreement.special_part)
    council, county = agreement.partnership.parties.order_by("partnershipparty__position")
    assert not version_is_signed(version=version)
    signature_record(
        version=version,
        party=council,
        signatory_name="Åse Ø",
        signatory_role="Leder",
        place="Sandvika",
        signed_on=dt.date(2020, 1, 20),
        actor=None,
    )
    assert not version_is_signed(version=version)
    signature_record(
        version=version,
        party=county,
        signatory_name="Per Å",
        signatory_role="Fylkesordfører",
        place="Drammen",
        signed_on=dt.date(2020, 1, 27),
        actor=None,
    )
    assert version_is_signed(version=version)


def test_a17_one_signature_per_party_and_version_and_only_by_parties():
    agreement = AgreementFactory()
    version = AgreementVersionFactory(part=agreement.special_part)
    council = agreement.partnership.parties.first()
    signature_record(
        version=version,
        party=council,
        signatory_name="A",
        signatory_role="",
        place="Asker",
        signed_on=dt.date(2020, 1, 1),
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        signature_record(
            version=version,
            party=council,
            signatory_name="B",
            signatory_role="",
            place="Asker",
            signed_on=dt.date(2020, 1, 2),
            actor=None,
        )
    assert exc.value.code == "agreements.signature.already_signed"
    with pytest.raises(DomainError) as exc:
        signature_record(
            version=version,
            party=PartyFactory(),
            signatory_name="C",
            signatory_role="",
            place="Oslo",
            signed_on=dt.date(2020, 1, 2),
            actor=None,
        )
    assert exc.value.code == "agreements.signature.not_a_party"
    assert_refused_by_database(
        lambda: Signature.objects.create(
            version=version,
            party=council,
            signatory_name="D",
            place="x",
            signed_on=dt.date(2020, 1, 3),
        )
    )


def test_version_in_force_is_the_latest_that_has_taken_force():
    part = AgreementPartFactory()
    v1 = AgreementVersionFactory(part=part, number=1, in_force_from=dt.date(2020, 1, 1))
    v2 = AgreementVersionFactory(part=part, number=2, in_force_from=dt.date(2023, 1, 1))
    AgreementVersionFactory(part=part, number=3, in_force_from=None)  # awaiting adoption
    assert version_in_force(part=part, on=dt.date(2019, 12, 31)) is None
    assert version_in_force(part=part, on=dt.date(2022, 12, 31)) == v1
    assert version_in_force(part=part, on=dt.date(2026, 1, 1)) == v2


def test_a18_renewal_passes_an_ended_party_to_its_successor():
    akershus = PartyFactory(county=True, slug="akershus")
    viken = PartyFactory(county=True, valid_to=dt.date(2023, 12, 31), successor=akershus)
    council = PartyFactory()
    old = PartnershipFactory(parties=[council, viken])
    renewed = partnership_renew(
        partnership=old,
        name="Ny periode",
        slug="ny",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2028, 12, 31),
        actor=None,
    )
    assert renewed.predecessor == old
    assert list(renewed.parties.order_by("partnershipparty__position")) == [council, akershus]
    with pytest.raises(DomainError) as exc:
        partnership_renew(
            partnership=old,
            name="Igjen",
            slug="igjen",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2028, 12, 31),
            actor=None,
        )
    assert exc.value.code == "agreements.partnership.already_renewed"


def test_a18_renewal_must_start_after_the_period():
    old = PartnershipFactory()
    with pytest.raises(DomainError) as exc:
        partnership_renew(
            partnership=old,
            name="x",
            slug="x",
            period_start=dt.date(2024, 6, 1),
            period_end=dt.date(2028, 12, 31),
            actor=None,
        )
    assert exc.value.code == "agreements.partnership.renewal_overlaps"


@pytest.mark.parametrize("kind", ["regional_council", "county", "municipality"])
def test_a1_a_party_is_a_council_a_county_or_a_municipality(kind):
    """A1: the three kinds of signatory are accepted as they are stored, with a label."""
    party = PartyFactory.build(kind=kind, slug=f"part-{kind.replace('_', '-')}")
    party.full_clean()
    party.save()
    party.refresh_from_db()
    assert party.kind == kind
    assert party.get_kind_display() not in ("", kind)  # shown by its label, not its code


@pytest.mark.parametrize("kind", ["", "region", "mayor", "Municipality"])
def test_a1_any_other_kind_of_party_is_refused(kind):
    party = PartyFactory.build(kind=kind, slug="ukjent")
    with pytest.raises(ValidationError) as exc:
        party.full_clean()
    assert set(exc.value.message_dict) == {"kind"}
