"""The demo partnership: Asker og Bærum ↔ Viken, 2020–2024, with fictional people.

``load_demo()`` is idempotent: it looks each record up by its natural key and writes only
what is missing, so a second run changes nothing (not even the audit log). Later features
extend the story here; keep it one coherent history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from partnerskap.agreements.importer import parse_agreement
from partnerskap.agreements.models import (
    Agreement,
    ElectedBody,
    Partnership,
    PartnershipParty,
    Party,
)
from partnerskap.agreements.services import agreement_import, signature_record
from partnerskap.core import events
from partnerskap.core.operators import is_operator
from partnerskap.demo import evaluation as demo_evaluation
from partnerskap.demo import general_part as demo_general_part
from partnerskap.demo import second_council
from partnerskap.demo import two_factor as demo_two_factor
from partnerskap.demo.history import load_history
from partnerskap.demo.history import succession as demo_succession
from partnerskap.demo.renewal import load_renewal
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.services import membership_create
from partnerskap.search.indexer import rebuild

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_FILE = DATA_DIR / "partnerskapsavtale-asker-baerum-viken-2020-2024-spesiell-del.md"
PARTNERSHIP_SLUG = "asker-baerum-viken-2020-2024"
DEMO_PASSWORD = "partnerskap-demo"  # noqa: S105 - printed for the local demo only
COUNCIL_SLUG = "asker-og-baerum-rad"
VIKEN_SLUG = "viken-fylkeskommune"
AKERSHUS_SLUG = "akershus-fylkeskommune"
#: Viken fylkeskommune's last day (A1: Akershus acts in its seat from the day after).
VIKEN_LAST_DAY = dt.date(2023, 12, 31)

PARTIES: list[dict[str, object]] = [
    {
        "slug": COUNCIL_SLUG,
        "name": "Interkommunalt politisk råd for Asker og Bærum",
        "short_name": "Asker og Bærum-rådet",
        "kind": Party.Kind.REGIONAL_COUNCIL,
        "alternative_names": [
            "Interkommunalt råd for Asker og Bærum kommune",
            "Interkommunalt råd for Asker og Bærum",
        ],
        "valid_from": dt.date(2020, 1, 1),
    },
    {
        "slug": "akershus-fylkeskommune",
        "name": "Akershus fylkeskommune",
        "short_name": "Akershus",
        "kind": Party.Kind.COUNTY,
        "valid_from": dt.date(2024, 1, 1),
    },
    {
        "slug": VIKEN_SLUG,
        "name": "Viken fylkeskommune",
        "short_name": "Viken",
        "kind": Party.Kind.COUNTY,
        "valid_from": dt.date(2020, 1, 1),
        # Ceases 31.12.2023 with Akershus as its successor: recorded in the history
        # (demo/history/succession.py), which also hands its open follow-ups over (A1).
    },
    {
        "slug": "asker-kommune",
        "name": "Asker kommune",
        "short_name": "Asker",
        "kind": Party.Kind.MUNICIPALITY,
        "council": COUNCIL_SLUG,
        "valid_from": dt.date(2020, 1, 1),
    },
    {
        "slug": "baerum-kommune",
        "name": "Bærum kommune",
        "short_name": "Bærum",
        "kind": Party.Kind.MUNICIPALITY,
        "council": COUNCIL_SLUG,
    },
]

ELECTED_BODIES = [
    ("radet-representantskap", COUNCIL_SLUG, "Rådsmøtet for Asker og Bærum", "regional_council"),
    ("asker-kommunestyre", "asker-kommune", "Asker kommunestyre", "municipal_council"),
    ("baerum-kommunestyre", "baerum-kommune", "Bærum kommunestyre", "municipal_council"),
    ("viken-fylkesting", VIKEN_SLUG, "Viken fylkesting", "county_council"),
    ("viken-fylkesutvalg", VIKEN_SLUG, "Viken fylkesutvalg", "county_executive"),
    ("akershus-fylkesting", "akershus-fylkeskommune", "Akershus fylkesting", "county_council"),
]

START = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class DemoPerson:
    key: str
    given: str
    family: str
    title: str
    party: str
    role: Role
    login: str = ""
    until: dt.date | None = None  # the role's last day, if it ends


# Fictional people, one or more in every role.
PEOPLE = [
    DemoPerson("leder", "Sigrid", "Aasheim", "Leder av rådet", COUNCIL_SLUG, Role.CHAIR, "leder"),
    DemoPerson(
        "nestleder",
        "Torbjørn",
        "Lindeberg",
        "Nestleder av rådet",
        COUNCIL_SLUG,
        Role.DEPUTY_CHAIR,
        "nestleder",
    ),
    DemoPerson("m-rad-1", "Hanne", "Vik Brekke", "Rådsmedlem", COUNCIL_SLUG, Role.MEMBER, "medlem"),
    DemoPerson("m-rad-2", "Jonas", "Eikeland", "Rådsmedlem", COUNCIL_SLUG, Role.MEMBER),
    DemoPerson("v-rad-1", "Mari", "Storli", "Varamedlem", COUNCIL_SLUG, Role.SUBSTITUTE),
    DemoPerson(
        "m-vik-1",
        "Astrid",
        "Fjeldstad",
        "Fylkesordfører i Viken",
        VIKEN_SLUG,
        Role.MEMBER,
        until=VIKEN_LAST_DAY,
    ),
    DemoPerson(
        "m-vik-2",
        "Olav",
        "Rustad",
        "Fylkestingsmedlem",
        VIKEN_SLUG,
        Role.MEMBER,
        until=VIKEN_LAST_DAY,
    ),
    DemoPerson(
        "m-vik-3",
        "Leila",
        "Haugen",
        "Fylkesutvalgsmedlem",
        VIKEN_SLUG,
        Role.MEMBER,
        until=VIKEN_LAST_DAY,
    ),
    DemoPerson(
        "v-vik-1",
        "Nils",
        "Berget",
        "Varamedlem",
        VIKEN_SLUG,
        Role.SUBSTITUTE,
        until=VIKEN_LAST_DAY,
    ),
    DemoPerson(
        "sek-rad",
        "Marte",
        "Kolstad",
        "Rådgiver, sekretariatet",
        COUNCIL_SLUG,
        Role.SECRETARIAT,
        "sekretariat-radet",
    ),
    DemoPerson(
        "sek-vik",
        "Petter",
        "Aune",
        "Seniorrådgiver, sekretariatet",
        VIKEN_SLUG,
        Role.SECRETARIAT,
        "sekretariat-viken",
        until=VIKEN_LAST_DAY,
    ),
    DemoPerson(
        "sb-baerum",
        "Ida",
        "Bakke",
        "Saksbehandler",
        "baerum-kommune",
        Role.CASE_OFFICER,
        "saksbehandler-baerum",
    ),
    DemoPerson(
        "sb-vik",
        "Kristian",
        "Lunde",
        "Saksbehandler",
        VIKEN_SLUG,
        Role.CASE_OFFICER,
        until=VIKEN_LAST_DAY,
    ),
    DemoPerson("obs", "Hege", "Tangen", "Observatør", AKERSHUS_SLUG, Role.OBSERVER),
    # Akershus fylkeskommune, Viken's successor in the partnership from 1.1.2024 (A1).
    DemoPerson(
        "m-ak-1", "Eirik", "Solheim", "Fylkesordfører i Akershus", AKERSHUS_SLUG, Role.MEMBER
    ),
    DemoPerson("m-ak-2", "Randi", "Hovde", "Fylkestingsmedlem", AKERSHUS_SLUG, Role.MEMBER),
    DemoPerson("m-ak-3", "Tarek", "Nilsen", "Fylkesutvalgsmedlem", AKERSHUS_SLUG, Role.MEMBER),
    DemoPerson("v-ak-1", "Solveig", "Dahle", "Varamedlem", AKERSHUS_SLUG, Role.SUBSTITUTE),
    DemoPerson(
        "sek-ak",
        "Jorunn",
        "Mælum",
        "Rådgiver, sekretariatet",
        AKERSHUS_SLUG,
        Role.SECRETARIAT,
        "sekretariat-akershus",
    ),
    DemoPerson("sb-ak", "Håkon", "Vestby", "Saksbehandler", AKERSHUS_SLUG, Role.CASE_OFFICER),
]


@dataclass
class DemoSummary:
    partnership: Partnership
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


def load_demo(*, history: bool = True, renewal: bool = True) -> DemoSummary:
    """Load the demo; the past announces no events (no e-mail, PDFs or indexing jobs; the index
    is rebuilt once at the end, ``documents-process`` renders the PDFs). ``history=False``
    leaves out the meetings of 2020–2024, for tests that need the partnership without them;
    ``renewal=False`` leaves out the renewed 2025–2028 partnership (demo/renewal.py), so a test
    can renew the demo partnership itself (with ``history=False`` it is left out too)."""
    with events.suppressed(), transaction.atomic():
        return _load(history=history, renewal=renewal)


def _load(*, history: bool = True, renewal: bool = True) -> DemoSummary:
    parties = _parties()
    partnership = _partnership(parties)
    summary = DemoSummary(partnership=partnership)
    _elected_bodies(parties)
    admin_created = _user("admin", "Administrator", superuser=True)
    summary.logins.append(("admin", DEMO_PASSWORD, "Operator: the admin and the whole back office"))
    summary.created += admin_created
    people = _people(parties, summary)
    summary.created += demo_two_factor.load([login for login, _, _ in summary.logins])
    _agreement(partnership, parties, people)
    demo_succession.viken_ceases(parties=parties)
    if history:
        summary.created += load_history(partnership=partnership, parties=parties, people=people)
        rebuild(partnership=partnership)
        summary.created += demo_evaluation.load(partnership=partnership, people=people)
        if renewal:
            summary.created += load_renewal(partnership=partnership, parties=parties, people=people)
    second_council.load(summary, password=DEMO_PASSWORD, history=history)
    summary.created += demo_general_part.load()
    return summary


def _parties() -> dict[str, Party]:
    parties: dict[str, Party] = {}
    for spec in PARTIES:
        data = dict(spec)
        slug = str(data.pop("slug"))
        for key in ("council", "successor"):
            if key in data:
                data[key] = parties[str(data[key])]
        party = Party.objects.filter(slug=slug).first()
        if party is None:
            party = Party(slug=slug, **data)
            party.full_clean()
            party.save()
        parties[slug] = party
    return parties


def _partnership(parties: dict[str, Party]) -> Partnership:
    partnership = Partnership.objects.filter(slug=PARTNERSHIP_SLUG).first()
    if partnership is None:
        partnership = Partnership(
            slug=PARTNERSHIP_SLUG,
            name="Asker og Bærum – Viken 2020–2024",
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2024, 12, 31),
            status=Partnership.Status.CONCLUDED,
        )
        partnership.full_clean()
        partnership.save()
        for position, slug in enumerate((COUNCIL_SLUG, VIKEN_SLUG)):
            PartnershipParty.objects.create(
                partnership=partnership, party=parties[slug], position=position
            )
    return partnership


def _elected_bodies(parties: dict[str, Party]) -> None:
    for slug, party_slug, name, kind in ELECTED_BODIES:
        if not ElectedBody.objects.filter(slug=slug).exists():
            body = ElectedBody(slug=slug, party=parties[party_slug], name=name, kind=kind)
            body.full_clean()
            body.save()


def _user(username: str, full_name: str, *, superuser: bool = False) -> int:
    """A demo login. Only the superuser ``admin`` is an operator (is_staff, the Django
    admin); everyone else works in the back office through their memberships and holds no
    staff flag and no model permission. An older demo database, whose secretariats were
    staff, is brought into line (unless someone has made the login an operator since)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is not None:
        stale = user.is_staff or user.user_permissions.exists()
        if stale and not is_operator(user):
            user.is_staff = False
            user.save(update_fields=["is_staff"])
            user.user_permissions.clear()
        return 0
    given, _, family = full_name.partition(" ")
    user = user_model(
        username=username,
        first_name=given,
        last_name=family,
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return 1


def _people(parties: dict[str, Party], summary: DemoSummary) -> dict[str, Person]:
    user_model = get_user_model()
    people: dict[str, Person] = {}
    for spec in PEOPLE:
        person = Person.objects.filter(given_name=spec.given, family_name=spec.family).first()
        if person is None:
            email = f"{spec.login or spec.key}@demo.partnerskap.invalid"
            person = Person(
                given_name=spec.given, family_name=spec.family, title=spec.title, email=email
            )
            person.full_clean()
            person.save()
            summary.created += 1
        if spec.login:
            summary.created += _user(spec.login, f"{spec.given} {spec.family}")
            if person.user_id is None:
                person.user = user_model.objects.get(username=spec.login)
                person.save(update_fields=["user", "modified"])
            summary.logins.append(
                (spec.login, DEMO_PASSWORD, f"{spec.given} {spec.family}: {spec.role.label}")
            )
        party = parties[spec.party]
        valid_from = party.valid_from or START
        if not Membership.objects.filter(
            person=person, party=party, role=spec.role, valid_from=valid_from
        ).exists():
            membership_create(
                person=person,
                party=party,
                role=spec.role,
                valid_from=valid_from,
                valid_to=spec.until,
                actor=None,
            )
            summary.created += 1
        people[spec.key] = person
    return people


def _agreement(
    partnership: Partnership, parties: dict[str, Party], people: dict[str, Person]
) -> None:
    seed = SEED_FILE.read_bytes()
    if not _seed_imported(partnership, seed):
        agreement_import(
            data=seed,
            partnership_slug=partnership.slug,
            source_name=SEED_FILE.name,
            in_force_from=dt.date(2020, 2, 1) if not _has_agreement(partnership) else None,
            actor=None,
        )
    version = Agreement.objects.get(partnership=partnership).special_part.versions.get(number=1)
    signatures = [
        (COUNCIL_SLUG, people["leder"], "Leder av rådet", "Sandvika", dt.date(2020, 1, 20)),
        (VIKEN_SLUG, people["m-vik-1"], "Fylkesordfører", "Drammen", dt.date(2020, 1, 27)),
    ]
    for party_slug, person, role, place, day in signatures:
        party = parties[party_slug]
        if not version.signatures.filter(party=party).exists():
            signature_record(
                version=version,
                party=party,
                signatory_name=str(person),
                signatory_role=role,
                place=place,
                signed_on=day,
                actor=None,
            )


def _seed_imported(partnership: Partnership, seed: bytes) -> bool:
    """Whether any version of the special part already has the seed's text.

    ``agreement_import`` compares a file only with the *latest* version; once the history's
    adopted amendment has made version 2 (which carries no source checksum), importing the
    seed again would add its old text as a version 3. So the loader imports only a text that
    no version has."""
    agreement = Agreement.objects.filter(partnership=partnership).first()
    if agreement is None:
        return False
    checksum = parse_agreement(seed).sha256
    return agreement.special_part.versions.filter(source_sha256=checksum).exists()


def _has_agreement(partnership: Partnership) -> bool:
    # A query, not hasattr(): a failed reverse one-to-one lookup is cached on the instance.
    return Agreement.objects.filter(partnership=partnership).exists()
