"""factory_boy factories. Text is hostile by default (markup, quotes, æøå, long words), so
every page, PDF and feed test also tests escaping and encoding."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from partnerskap.agreements import models as agreements
from partnerskap.people import models as people

HOSTILE = "<script>alert(\"x\")</script> Ærlig «sak» & 'øy' Kommunesammenslåingsutredningen"


def hostile(label: str) -> factory.LazyAttributeSequence:
    return factory.Sequence(lambda n: f"{label} {n} {HOSTILE}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.Party

    name = hostile("Part")
    slug = factory.Sequence(lambda n: f"part-{n}")
    kind = agreements.Party.Kind.REGIONAL_COUNCIL
    valid_from = dt.date(2020, 1, 1)

    class Params:
        county = factory.Trait(kind=agreements.Party.Kind.COUNTY)
        municipality = factory.Trait(kind=agreements.Party.Kind.MUNICIPALITY)


class ElectedBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.ElectedBody

    party = factory.SubFactory(PartyFactory)
    name = hostile("Organ")
    slug = factory.Sequence(lambda n: f"organ-{n}")
    kind = agreements.ElectedBody.Kind.MUNICIPAL_COUNCIL


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.Partnership
        skip_postgeneration_save = True

    name = hostile("Partnerskap")
    slug = factory.Sequence(lambda n: f"partnerskap-{n}")
    period_start = dt.date(2020, 1, 1)
    period_end = dt.date(2024, 12, 31)

    @factory.post_generation
    def parties(self, create: bool, extracted: list[agreements.Party] | None, **kwargs: object):
        if not create:
            return
        parties = extracted
        if parties is None:
            parties = [PartyFactory(), PartyFactory(county=True)]
        for position, party in enumerate(parties):
            agreements.PartnershipParty.objects.create(
                partnership=self, party=party, position=position
            )


class AgreementPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.AgreementPart

    kind = agreements.AgreementPart.Kind.SPECIAL
    title = hostile("Del")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = hostile("Avtale")
    special_part = factory.SubFactory(AgreementPartFactory)


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.AgreementVersion

    part = factory.SubFactory(AgreementPartFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = hostile("Versjon")
    in_force_from = dt.date(2020, 1, 1)


class CooperationAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.CooperationArea

    part = factory.SelfAttribute("introduced_in.part")
    introduced_in = factory.SubFactory(AgreementVersionFactory)
    slug = factory.Sequence(lambda n: f"omrade-{n}")
    name = hostile("Område")
    description = hostile("Beskrivelse")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = people.Person

    given_name = factory.Sequence(lambda n: f"Åse{n}")
    family_name = hostile("Øvrebø")
    email = factory.Sequence(lambda n: f"person{n}@example.invalid")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = people.Membership

    person = factory.SubFactory(PersonFactory)
    party = factory.SubFactory(PartyFactory)
    role = people.Role.MEMBER
    valid_from = dt.date(2020, 1, 1)
