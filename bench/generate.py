# ruff: noqa: PLC0415, PLR0912, PLR0915, PLR0917 - Django is set up at run time; long builders
"""Benchmark data for the page benchmarks (issue 6 point 6, issue 5 point 7), fast.

    .venv/bin/python bench/generate.py --drop                          # 20 partnerships × 20 years
    .venv/bin/python bench/generate.py --drop --partnerships 5 --years 8
    .venv/bin/python bench/generate.py --drop --database partnerskap_bench_x10 --scale 10
    .venv/bin/python bench/generate.py --drop --database partnerskap_national --profile national

It creates the database (``--database``, default ``partnerskap_bench``) on the server of
``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/postgres``); ``--drop`` drops
it first, otherwise an existing one is an error. It runs the migrations
(``partnerskap migrate``), loads the real demo (``partnerskap.demo.loader.load_demo``), then:

* default: ``--partnerships`` new partnerships cloned from the demo's structure (a council and
  its member municipalities, a county shared by several councils as in real regions, elected
  bodies, the agreement with its sections and cooperation areas, a second version from an
  adopted amendment, signatures, adoptions, delegates, substitutes, secretariats, case officers,
  places), each running for ``--years`` years up to this year with 2–4 meetings a year and 8–16
  items a meeting;
* ``--profile national``: the same for every regional council in Norway (80 interkommunale
  politiske råd with their real member municipalities) in its county as from 2024, so a county
  holds up to nine partnerships as in reality; 80 partnerships × 20 years unless
  ``--partnerships`` (at most 80) or ``--years`` say otherwise;
* ``--scale K``: the demo partnership itself gets K − 1 more times the demo's history (same
  years, same shape: meetings, items, proposals, follow-ups, committees, guests, costs), so the
  demo's own secretariat (``sekretariat-radet``) works on «ten times the demo» (issue 5).

Meetings, agenda items, areas and SDGs, closed sessions, votes, notices, attendance, absences,
substitutes, guests, requests, annual cycles, committees with members and reports, proposals
and amendments with follow-ups to several bodies and their status history, costs and
allocations are bulk-inserted (``bulk_create``) with the real models' fields; it is benchmark
data, so the services are not used. Minutes are made by the real
``meetings.services.minutes.minutes_content`` from the records, approved (a few corrected) or
left as drafts for the latest meeting; the audit log gets the entries the services would have
written (``COPY``); the search index is rebuilt by ``search.indexer.rebuild``; then ``VACUUM
ANALYZE``. A login ``bench-sekretariat`` (the first generated council's secretariat) is added
for back-office runs. Typical run: 2–3 minutes for the default size on 2 shared cores,
~35 s for ``--scale 10``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_DB = "partnerskap_bench"
BENCH_USER = "bench-sekretariat"

# Real regions (council, county, member municipalities); counties are shared between councils.
REGIONS = [
    ("Hallingdal", "Buskerud", ["Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"]),
    ("Kongsbergregionen", "Buskerud", ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal"]),
    ("Ringeriksregionen", "Buskerud", ["Ringerike", "Hole", "Jevnaker"]),
    ("Vestfoldbyene", "Vestfold", ["Larvik", "Sandefjord", "Tønsberg", "Færder"]),
    ("Grenland", "Telemark", ["Skien", "Porsgrunn", "Bamble", "Siljan"]),
    ("Vest-Telemark", "Telemark", ["Tokke", "Vinje", "Kviteseid", "Seljord"]),
    ("Follo", "Akershus", ["Ås", "Frogn", "Nordre Follo", "Vestby", "Nesodden"]),
    ("Nedre Romerike", "Akershus", ["Lillestrøm", "Lørenskog", "Rælingen", "Aurskog-Høland"]),
    ("Øvre Romerike", "Akershus", ["Ullensaker", "Eidsvoll", "Nannestad", "Hurdal"]),
    ("Indre Østfold", "Østfold", ["Indre Østfold", "Marker", "Rakkestad", "Skiptvet"]),
    ("Nedre Glomma", "Østfold", ["Fredrikstad", "Sarpsborg", "Hvaler"]),
    ("Mosseregionen", "Østfold", ["Moss", "Råde", "Våler"]),
    ("Gudbrandsdalen", "Innlandet", ["Lillehammer", "Øyer", "Gausdal", "Ringebu"]),
    ("Valdres", "Innlandet", ["Nord-Aurdal", "Sør-Aurdal", "Vestre Slidre", "Øystre Slidre"]),
    ("Hamarregionen", "Innlandet", ["Hamar", "Løten", "Stange", "Ringsaker"]),
    ("Sunnhordland", "Vestland", ["Stord", "Bømlo", "Fitjar", "Kvinnherad"]),
    ("Nordhordland", "Vestland", ["Alver", "Austrheim", "Fedje", "Masfjorden"]),
    ("Haugalandet", "Rogaland", ["Haugesund", "Karmøy", "Tysvær", "Vindafjord"]),
    ("Jæren", "Rogaland", ["Hå", "Time", "Klepp", "Gjesdal"]),
    ("Kristiansandsregionen", "Agder", ["Kristiansand", "Vennesla", "Lillesand", "Birkenes"]),
    ("Lister", "Agder", ["Farsund", "Flekkefjord", "Kvinesdal", "Lyngdal"]),
    ("Trondheimsregionen", "Trøndelag", ["Trondheim", "Malvik", "Melhus", "Skaun"]),
    ("Namdal", "Trøndelag", ["Namsos", "Overhalla", "Grong", "Nærøysund"]),
    ("Salten", "Nordland", ["Bodø", "Fauske", "Saltdal", "Gildeskål"]),
]
# The national profile (issue 21 point 2): every interkommunalt politisk råd (regionråd) in
# Norway with its county as from 2024 (Oslo has none), so a county holds several partnerships as
# in reality. Member municipalities are real and each appears once (a council spanning two
# counties is listed under the county most of it lies in); Asker and Bærum are the demo's.
NATIONAL_REGIONS = [
    ("Indre Østfold", "Østfold", ["Indre Østfold", "Marker", "Rakkestad", "Skiptvet"]),
    ("Nedre Glomma", "Østfold", ["Fredrikstad", "Sarpsborg", "Hvaler"]),
    ("Mosseregionen", "Østfold", ["Moss", "Råde", "Våler"]),
    ("Haldenregionen", "Østfold", ["Halden", "Aremark"]),
    ("Follo", "Akershus", ["Ås", "Frogn", "Nordre Follo", "Vestby", "Nesodden", "Enebakk"]),
    ("Nedre Romerike", "Akershus", ["Lillestrøm", "Lørenskog", "Rælingen", "Nittedal"]),
    ("Øvre Romerike", "Akershus", ["Ullensaker", "Eidsvoll", "Nannestad", "Hurdal", "Gjerdrum"]),
    ("Indre Romerike", "Akershus", ["Aurskog-Høland", "Nes"]),
    ("Hadeland", "Akershus", ["Lunner", "Jevnaker", "Gran"]),
    ("Hallingdal", "Buskerud", ["Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"]),
    ("Kongsbergregionen", "Buskerud", ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal"]),
    ("Ringeriksregionen", "Buskerud", ["Ringerike", "Hole"]),
    ("Drammensregionen", "Buskerud", ["Drammen", "Lier", "Øvre Eiker"]),
    ("Midt-Buskerud", "Buskerud", ["Modum", "Sigdal", "Krødsherad"]),
    ("Nordre Vestfold", "Vestfold", ["Holmestrand", "Horten"]),
    ("Tønsbergregionen", "Vestfold", ["Tønsberg", "Færder"]),
    ("Søndre Vestfold", "Vestfold", ["Larvik", "Sandefjord"]),
    ("Grenland", "Telemark", ["Skien", "Porsgrunn", "Bamble", "Siljan"]),
    ("Vestmar", "Telemark", ["Kragerø", "Drangedal"]),
    ("Midt-Telemark", "Telemark", ["Midt-Telemark", "Nome"]),
    ("Øst-Telemark", "Telemark", ["Notodden", "Hjartdal", "Tinn"]),
    (
        "Vest-Telemark",
        "Telemark",
        ["Tokke", "Vinje", "Kviteseid", "Seljord", "Fyresdal", "Nissedal"],
    ),
    ("Lillehammer-regionen", "Innlandet", ["Lillehammer", "Øyer", "Gausdal"]),
    (
        "Gudbrandsdalen",
        "Innlandet",
        ["Ringebu", "Sør-Fron", "Nord-Fron", "Sel", "Vågå", "Lom", "Skjåk", "Dovre", "Lesja"],
    ),
    (
        "Valdres",
        "Innlandet",
        ["Nord-Aurdal", "Sør-Aurdal", "Vestre Slidre", "Øystre Slidre", "Etnedal", "Vang"],
    ),
    ("Hamarregionen", "Innlandet", ["Hamar", "Løten", "Stange", "Ringsaker"]),
    (
        "Gjøvikregionen",
        "Innlandet",
        ["Gjøvik", "Østre Toten", "Vestre Toten", "Søndre Land", "Nordre Land"],
    ),
    ("Glåmdal", "Innlandet", ["Kongsvinger", "Sør-Odal", "Nord-Odal", "Eidskog", "Grue", "Åsnes"]),
    ("Sør-Østerdal", "Innlandet", ["Elverum", "Trysil", "Åmot", "Engerdal"]),
    (
        "Nord-Østerdal",
        "Innlandet",
        ["Tynset", "Tolga", "Os", "Rendalen", "Alvdal", "Folldal", "Stor-Elvdal"],
    ),
    ("Kristiansandsregionen", "Agder", ["Kristiansand", "Vennesla", "Lillesand", "Birkenes"]),
    ("Lister", "Agder", ["Farsund", "Flekkefjord", "Kvinesdal", "Lyngdal", "Hægebostad", "Sirdal"]),
    (
        "Østre Agder",
        "Agder",
        ["Arendal", "Grimstad", "Froland", "Tvedestrand", "Risør", "Åmli", "Vegårshei"],
    ),
    ("Setesdal", "Agder", ["Bygland", "Valle", "Bykle", "Evje og Hornnes", "Iveland"]),
    ("Lindesnesregionen", "Agder", ["Lindesnes", "Åseral", "Gjerstad"]),
    (
        "Haugalandet",
        "Rogaland",
        ["Haugesund", "Karmøy", "Tysvær", "Vindafjord", "Bokn", "Utsira", "Sveio"],
    ),
    ("Jæren", "Rogaland", ["Hå", "Time", "Klepp", "Gjesdal"]),
    ("Stavangerregionen", "Rogaland", ["Stavanger", "Sandnes", "Sola", "Randaberg"]),
    ("Ryfylke", "Rogaland", ["Strand", "Hjelmeland", "Suldal", "Sauda", "Kvitsøy"]),
    ("Dalane", "Rogaland", ["Eigersund", "Sokndal", "Lund", "Bjerkreim"]),
    ("Sunnhordland", "Vestland", ["Stord", "Bømlo", "Fitjar", "Kvinnherad", "Tysnes", "Etne"]),
    ("Nordhordland", "Vestland", ["Alver", "Austrheim", "Fedje", "Masfjorden", "Gulen"]),
    ("Hardanger", "Vestland", ["Ullensvang", "Eidfjord", "Ulvik", "Kvam"]),
    ("Voss og omland", "Vestland", ["Voss", "Vaksdal", "Modalen"]),
    ("Vest", "Vestland", ["Øygarden", "Askøy"]),
    ("Bjørnefjorden", "Vestland", ["Bjørnafjorden", "Austevoll", "Samnanger"]),
    ("Sogn", "Vestland", ["Sogndal", "Luster", "Lærdal", "Årdal", "Aurland", "Vik", "Høyanger"]),
    ("Sunnfjord", "Vestland", ["Sunnfjord", "Askvoll", "Fjaler", "Hyllestad", "Solund"]),
    ("Nordfjord", "Vestland", ["Stad", "Stryn", "Gloppen", "Bremanger", "Kinn"]),
    (
        "Søre Sunnmøre",
        "Møre og Romsdal",
        ["Ulstein", "Hareid", "Sande", "Vanylven", "Volda", "Ørsta"],
    ),
    (
        "Ålesundregionen",
        "Møre og Romsdal",
        ["Ålesund", "Giske", "Sula", "Stranda", "Sykkylven", "Fjord"],
    ),
    ("Romsdal", "Møre og Romsdal", ["Molde", "Hustadvika", "Vestnes", "Rauma", "Aukra"]),
    ("Nordmøre", "Møre og Romsdal", ["Kristiansund", "Averøy", "Smøla", "Aure", "Gjemnes"]),
    ("Indre Nordmøre", "Møre og Romsdal", ["Sunndal", "Surnadal", "Tingvoll"]),
    ("Trondheimsregionen", "Trøndelag", ["Trondheim", "Malvik", "Melhus", "Skaun"]),
    ("Værnesregionen", "Trøndelag", ["Stjørdal", "Meråker", "Frosta", "Selbu", "Tydal"]),
    ("Innherred", "Trøndelag", ["Levanger", "Verdal", "Inderøy", "Steinkjer", "Snåsa"]),
    ("Fosen", "Trøndelag", ["Ørland", "Indre Fosen", "Åfjord", "Osen"]),
    ("Orkdalsregionen", "Trøndelag", ["Orkland", "Hitra", "Frøya", "Heim", "Rindal"]),
    ("Trøndelag sør", "Trøndelag", ["Midtre Gauldal", "Holtålen", "Røros", "Oppdal", "Rennebu"]),
    ("Namdal", "Trøndelag", ["Namsos", "Overhalla", "Høylandet", "Flatanger"]),
    ("Indre Namdal", "Trøndelag", ["Grong", "Lierne", "Røyrvik", "Namsskogan"]),
    ("Ytre Namdal", "Trøndelag", ["Nærøysund", "Leka"]),
    ("Salten", "Nordland", ["Bodø", "Fauske", "Saltdal", "Gildeskål", "Meløy", "Beiarn"]),
    ("Nord-Salten", "Nordland", ["Hamarøy", "Steigen", "Sørfold"]),
    ("Indre Helgeland", "Nordland", ["Rana", "Hemnes", "Hattfjelldal", "Grane"]),
    ("Sør-Helgeland", "Nordland", ["Brønnøy", "Vega", "Vevelstad", "Sømna", "Bindal"]),
    (
        "Helgeland",
        "Nordland",
        ["Alstahaug", "Leirfjord", "Vefsn", "Herøy", "Dønna", "Nesna", "Lurøy", "Træna", "Rødøy"],
    ),
    ("Lofoten", "Nordland", ["Vågan", "Vestvågøy", "Flakstad", "Moskenes", "Værøy", "Røst"]),
    ("Vesterålen", "Nordland", ["Sortland", "Hadsel", "Bø", "Øksnes", "Andøy"]),
    ("Ofoten", "Nordland", ["Narvik", "Evenes", "Lødingen"]),
    ("Sør-Troms", "Troms", ["Harstad", "Kvæfjord", "Tjeldsund", "Ibestad", "Gratangen"]),
    ("Midt-Troms", "Troms", ["Målselv", "Bardu", "Salangen", "Lavangen"]),
    ("Senja", "Troms", ["Senja", "Sørreisa", "Dyrøy"]),
    ("Tromsøregionen", "Troms", ["Tromsø", "Balsfjord", "Karlsøy"]),
    (
        "Nord-Troms",
        "Troms",
        ["Skjervøy", "Nordreisa", "Kvænangen", "Kåfjord", "Lyngen", "Storfjord"],
    ),
    ("Vest-Finnmark", "Finnmark", ["Alta", "Hammerfest", "Loppa", "Hasvik", "Måsøy"]),
    (
        "Øst-Finnmark",
        "Finnmark",
        ["Sør-Varanger", "Vadsø", "Vardø", "Båtsfjord", "Berlevåg", "Tana", "Nesseby"],
    ),
    ("Midt-Finnmark", "Finnmark", ["Karasjok", "Kautokeino", "Porsanger", "Nordkapp"]),
    ("Nordkyn", "Finnmark", ["Lebesby", "Gamvik"]),
]
GIVEN = [
    "Anne",
    "Kari",
    "Ingrid",
    "Liv",
    "Marit",
    "Hilde",
    "Silje",
    "Ragnhild",
    "Tone",
    "Eli",
    "Berit",
    "Guro",
    "Sunniva",
    "Maja",
    "Nora",
    "Ole",
    "Lars",
    "Per",
    "Jan",
    "Knut",
    "Arne",
    "Bjørn",
    "Geir",
    "Tor",
    "Even",
    "Sindre",
    "Håkon",
    "Vegard",
    "Magnus",
    "Eirik",
    "Aslak",
]
FAMILY = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Hagen",
    "Bakken",
    "Solberg",
    "Strand",
    "Lie",
    "Dahl",
    "Moen",
    "Brekke",
    "Eide",
    "Lunde",
    "Nygård",
    "Fossum",
    "Holm",
    "Sætre",
    "Rønning",
    "Aasen",
    "Tveit",
    "Myklebust",
    "Grønli",
    "Vik",
    "Bjørke",
    "Nordby",
    "Sandvik",
    "Stene",
]
MONTHS = "januar februar mars april mai juni juli august september oktober november desember"
MONTH_NAMES = MONTHS.split()
ABSENCE_REASONS = ["Sykdom", "Jobbreise", "Annet politisk oppdrag", "Møte i fylkesutvalget"]
GUEST_ROLES = [
    ("Seniorrådgiver, regional planlegging", "expert"),
    ("Prosjektleder, kollektivtransport", "expert"),
    ("Forsker, klimaregnskap for kommuner", "expert"),
    ("Daglig leder, næringshage", "expert"),
    ("Leder av hovedutvalg for samferdsel", "elected_official"),
    ("Medlem av hovedutvalg for utdanning og kompetanse", "elected_official"),
    ("Ordfører", "elected_official"),
]
CLOSED_TITLES = ["Personalsak (lukket)", "Sak unntatt offentlighet", "Orientering (lukket)"]


@dataclass(frozen=True)
class Density:
    """How busy a partnership is: meetings a year, items a meeting, and the odds of the rest."""

    meetings_per_year: tuple[int, ...]
    items: tuple[int, int]
    proposal_share: float
    guests: float
    committee_every_years: float
    request_share: float
    minutes_item: bool


# The 20 × 20 dataset: 2–4 meetings a year (avg 3), 8–16 items a meeting plus procedural ones.
BUSY = Density((2, 3, 3, 3, 4), (8, 16), 0.4, 0.2, 3.0, 0.05, minutes_item=True)


@dataclass
class Template:
    kind: str
    title: str
    presentation: str
    recommendation: str
    outcome_text: str


@dataclass
class World:
    """One partnership's structure, what the meeting generator draws from."""

    partnership: Any
    parties: list[Any]  # the partnership's parties (council first)
    municipalities: list[Any]
    bodies: dict[str, list[Any]]  # role -> bodies: "municipal", "county", "county_exec", "council"
    memberships: list[Any]
    areas: list[Any]
    locations: list[Any]
    remote: Any
    part: Any
    v1: Any
    v2: Any | None
    v1_sections: list[Any]
    names: dict[str, str]
    first_year: int
    last_year: int
    density: Density
    cycles: bool
    numbers: dict[int, int] = field(default_factory=dict)
    secretariat_user: Any = None


# ----------------------------------------------------------------------------- database setup


def server_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")
MAX_YEARS = 60
# The profiles: which councils the partnerships are cloned for, and the sizes they default to.
PROFILES = {
    "default": (REGIONS, 20, 20),
    "national": (NATIONAL_REGIONS, len(NATIONAL_REGIONS), 20),
}


def apply_profile(args: argparse.Namespace) -> None:
    """Fill in the sizes the profile gives where the command line gave none."""
    profile = getattr(args, "profile", "default")
    _regions, partnerships, years = PROFILES.get(profile, PROFILES["default"])
    if args.partnerships is None:
        args.partnerships = partnerships
    if args.years is None:
        args.years = years


def regions_for(args: argparse.Namespace) -> list[tuple[str, str, list[str]]]:
    return PROFILES[getattr(args, "profile", "default")][0]


def check_arguments(args: argparse.Namespace) -> list[str]:
    """What is wrong with the arguments, in words, before anything touches a database."""
    problems = []
    if not NAME.fullmatch(args.database):
        problems.append(
            f"--database {args.database!r}: use lower-case letters, digits and _ (at most 41)"
        )
    if args.scale and args.scale < 2:
        problems.append(f"--scale {args.scale}: the demo × 1 is the demo; use --scale 2 or more")
    if args.scale < 0:
        problems.append(f"--scale {args.scale}: must be 2 or more")
    profile = getattr(args, "profile", "default")
    if profile not in PROFILES:
        problems.append(f"--profile {profile}: use one of {', '.join(PROFILES)}")
    elif profile != "default" and args.scale:
        problems.append(
            f"--profile {profile} clones councils, --scale grows the demo partnership: "
            "give one of them"
        )
    elif profile == "national" and (args.partnerships or 0) > len(NATIONAL_REGIONS):
        problems.append(
            f"--partnerships {args.partnerships}: the national profile has "
            f"{len(NATIONAL_REGIONS)} regional councils; give at most that many"
        )
    if not args.scale:
        if args.partnerships < 1:
            problems.append(f"--partnerships {args.partnerships}: must be 1 or more")
        if not 1 <= args.years <= MAX_YEARS:
            problems.append(f"--years {args.years}: must be between 1 and {MAX_YEARS}")
    return problems


def building_name(name: str) -> str:
    """The temporary name the data is built under; renamed to ``name`` only when complete."""
    return f"{name}__building_{os.getpid()}"


def database_exists(name: str) -> bool:
    with psycopg.connect(server_url(), autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create_database(name: str) -> None:
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def close_django_connections() -> None:
    """Django's connections to the database being built, if Django got that far."""
    if "django.db" in sys.modules:
        from django.conf import settings
        from django.db import connections

        if settings.configured:
            connections.close_all()


def put_in_place(building: str, name: str) -> None:
    """Replace ``name`` (if any) by the finished ``building`` database."""
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    subprocess.run([sys.executable, "-m", "partnerskap", "migrate", "-v0"], env=env, check=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "true"  # the demo's logins; nothing is served from this process
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerskap.config.settings"
    import django

    django.setup()


# ----------------------------------------------------------------------------- helpers


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


def localise(text: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        text = text.replace(old, new)
    return text


def slugify(text: str) -> str:
    from partnerskap.core.text import slugify_nb

    return slugify_nb(text)


class Generator:
    def __init__(self, *, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: dict[Any, list[Any]] = defaultdict(list)
        self.audit: list[tuple[Any, ...]] = []
        self.minutes_plan: list[tuple[Any, str, dt.datetime | None, bool]] = []
        self.person_seq = 0
        from django.utils import timezone

        from partnerskap.core.time import today

        self.today = today()
        self.now = timezone.now()
        self._templates()

    # ------------------------------------------------------------------ texts from the demo

    def _templates(self) -> None:
        from partnerskap.agreements.models import SustainableDevelopmentGoal
        from partnerskap.core.models import LegalBasis
        from partnerskap.followup.models import FollowUp
        from partnerskap.meetings.models import AgendaItem, GuestInvitation

        self.by_kind: dict[str, list[Template]] = defaultdict(list)
        for item in AgendaItem.objects.filter(closed_session__isnull=True).order_by("pk"):
            key = item.procedural_subject or item.kind
            self.by_kind[key].append(
                Template(
                    item.kind,
                    item.title,
                    item.case_presentation,
                    item.recommendation,
                    item.outcome_text or item.recommendation,
                )
            )
        self.decisions = list(
            FollowUp.objects.exclude(decision_text="").values_list("decision_text", flat=True)
        ) or ["Kommunestyret slutter seg til forslaget."]
        self.guests = list(GuestInvitation.objects.values_list("guest_name", "guest_role"))
        self.sdgs = list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))
        self.bases = list(LegalBasis.objects.filter(applies_to="meeting"))

    # ------------------------------------------------------------------ people and structure

    def person(self, title: str) -> Any:
        from partnerskap.people.models import Person

        self.person_seq += 1
        given = GIVEN[self.person_seq % len(GIVEN)]
        family = FAMILY[(self.person_seq * 7) % len(FAMILY)]
        if self.person_seq > len(GIVEN):
            family = f"{family}-{FAMILY[(self.person_seq // 3) % len(FAMILY)]}"
        return Person.objects.create(
            given_name=given,
            family_name=family,
            title=title,
            email=f"person{self.person_seq}@bench.partnerskap.invalid",
        )

    def member(self, party: Any, role: str, title: str, start: dt.date) -> Any:
        from partnerskap.people.models import Membership

        person = self.person(title)
        return Membership.objects.create(person=person, party=party, role=role, valid_from=start)

    def clone_world(
        self,
        index: int,
        years: int,
        counties: dict[str, Any],
        regions: list[tuple[str, str, list[str]]] = REGIONS,
    ) -> World:
        from django.contrib.auth import get_user_model

        from partnerskap.agreements.models import (
            Agreement,
            AgreementPart,
            AgreementSection,
            AgreementVersion,
            CooperationArea,
            ElectedBody,
            Partnership,
            PartnershipParty,
            Party,
            Signature,
            VersionAdoption,
        )
        from partnerskap.demo.loader import PARTNERSHIP_SLUG
        from partnerskap.meetings.models import Location

        region, county_name, municipalities = regions[index % len(regions)]
        rounds = index // len(regions)
        label = region if rounds == 0 else f"{region} {rounds + 1}"
        last = self.today.year
        first = last - years + 1
        start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
        county_key = county_name if rounds == 0 else f"{county_name} {rounds + 1}"
        new_county = county_key not in counties
        if new_county:
            # A county may already exist (the demo's Akershus): it then joins one more
            # partnership, as real counties do.
            county = Party.objects.get_or_create(
                slug=slugify(f"{county_key} fylkeskommune"),
                defaults={
                    "name": f"{county_key} fylkeskommune",
                    "short_name": county_key,
                    "kind": Party.Kind.COUNTY,
                },
            )[0]
            bodies = [
                ElectedBody.objects.get_or_create(
                    party=county,
                    name=f"{county_key} {name}",
                    defaults={"slug": slugify(f"{county_key}-{name}-bench"), "kind": kind},
                )[0]
                for name, kind in (
                    ("fylkesting", "county_council"),
                    ("fylkesutvalg", "county_executive"),
                )
            ]
            counties[county_key] = (county, bodies, [])
        county, county_bodies, county_people = counties[county_key]
        council = Party.objects.create(
            name=f"Interkommunalt politisk råd for {label}",
            short_name=f"{label}-rådet",
            slug=slugify(f"{label}-rad"),
            kind=Party.Kind.REGIONAL_COUNCIL,
            alternative_names=[f"Interkommunalt råd for {label}"],
            valid_from=start,
        )
        munis = [
            Party.objects.create(
                name=f"{m} kommune",
                short_name=m,
                slug=slugify(f"{m}-kommune" if rounds == 0 else f"{m}-kommune-{rounds + 1}"),
                kind=Party.Kind.MUNICIPALITY,
                council=council,
            )
            for m in municipalities
        ]
        council_body = ElectedBody.objects.create(
            party=council,
            name=f"Representantskapet i {label}",
            slug=slugify(f"{label}-rs"),
            kind="regional_council",
        )
        muni_bodies = [
            ElectedBody.objects.create(
                party=m,
                name=f"{m.short_name} kommunestyre",
                slug=slugify(f"{m.slug}-ks"),
                kind="municipal_council",
            )
            for m in munis
        ]
        for m in munis:
            ElectedBody.objects.create(
                party=m,
                name=f"{m.short_name} formannskap",
                slug=slugify(f"{m.slug}-fsk"),
                kind="executive_committee",
            )
        partnership = Partnership.objects.create(
            name=f"{label} – {county_key} {first}–{last}",
            slug=slugify(f"{label}-{county_key}-{first}-{last}"),
            period_start=start,
            period_end=end,
            status=Partnership.Status.ACTIVE,
        )
        PartnershipParty.objects.create(partnership=partnership, party=council, position=0)
        PartnershipParty.objects.create(partnership=partnership, party=county, position=1)

        # People: the council's chair, deputy, members and substitute; the county's delegation
        # (once per county, as memberships are per party); secretariats and case officers.
        ms = [
            self.member(council, "chair", f"Leder av {label}-rådet", start),
            self.member(council, "deputy_chair", f"Nestleder av {label}-rådet", start),
            self.member(council, "member", "Rådsmedlem", start),
            self.member(council, "member", "Rådsmedlem", start),
            self.member(council, "substitute", "Varamedlem", start),
            self.member(council, "secretariat", "Rådgiver, sekretariatet", start),
            self.member(council, "case_officer", "Saksbehandler", start),
        ]
        ms += [self.member(m, "case_officer", "Saksbehandler", start) for m in munis[:2]]
        if new_county:
            county_people += [
                self.member(county, "member", f"Fylkesordfører i {county_key}", start),
                self.member(county, "member", "Fylkestingsmedlem", start),
                self.member(county, "member", "Fylkesutvalgsmedlem", start),
                self.member(county, "substitute", "Varamedlem", start),
                self.member(county, "secretariat", "Seniorrådgiver, sekretariatet", start),
                self.member(county, "case_officer", "Saksbehandler", start),
            ]
        ms += county_people

        # The agreement: the demo's text and areas, a second version from an amendment.
        demo = Agreement.objects.select_related("special_part").get(
            partnership__slug=PARTNERSHIP_SLUG
        )
        demo_v1 = demo.special_part.versions.get(number=1)
        names = {
            "Asker og Bærum": label,
            "Viken fylkeskommune": f"{county_key} fylkeskommune",
            "Akershus fylkeskommune": f"{county_key} fylkeskommune",
            "Viken": county_key,
            "Akershus": county_key,
            "Bærum": munis[1].short_name,
            "Asker": munis[0].short_name,
            "2020–2024": f"{first}–{last}",
        }
        part = AgreementPart.objects.create(
            kind="special", title=f"Spesiell del – {partnership.name}"
        )
        Agreement.objects.create(
            partnership=partnership,
            title=f"Partnerskapsavtale {label} – {county_key} {first}–{last}",
            special_part=part,
        )
        v1 = AgreementVersion.objects.create(
            part=part,
            number=1,
            title=localise(demo_v1.title, names),
            in_force_from=start,
            source_name=f"{partnership.slug}.md",
            source_sha256=f"{index:064x}",
            areas_snapshot=demo_v1.areas_snapshot,
        )
        sections = [
            AgreementSection(
                version=v1,
                position=s.position,
                level=s.level,
                slug=s.slug,
                heading=s.heading,
                body=localise(s.body, names),
            )
            for s in demo_v1.sections.order_by("position")
        ]
        AgreementSection.objects.bulk_create(sections)
        v2 = None
        if years >= 3:
            changed_on = dt.date(first + years // 2, 6, 1)
            v2 = AgreementVersion.objects.create(
                part=part,
                number=2,
                title=v1.title,
                in_force_from=changed_on,
                source_name="",
                areas_snapshot=demo_v1.areas_snapshot,
            )
            AgreementSection.objects.bulk_create(
                AgreementSection(
                    version=v2,
                    position=s.position,
                    level=s.level,
                    slug=s.slug,
                    heading=s.heading,
                    body=s.body
                    + (
                        "\n\n- Partene rapporterer årlig om oppfølgingen av forslagene."
                        if s.position == 2
                        else ""
                    ),
                )
                for s in sections
            )
            VersionAdoption.objects.create(
                version=v2,
                elected_body=council_body,
                decision_reference=f"RS {self.rng.randint(3, 30)}/{changed_on.year}",
                decided_on=changed_on - dt.timedelta(days=50),
            )
            VersionAdoption.objects.create(
                version=v2,
                elected_body=county_bodies[0],
                decision_reference=f"FT-sak {self.rng.randint(20, 90)}/{changed_on.year}",
                decided_on=changed_on - dt.timedelta(days=30),
            )
        areas = CooperationArea.objects.bulk_create(
            CooperationArea(
                part=part,
                slug=a.slug,
                name=a.name,
                description=a.description,
                position=a.position,
                introduced_in=v1,
            )
            for a in demo.special_part.areas.filter(retired_in__isnull=True).order_by("position")
        )
        Signature.objects.create(
            version=v1,
            party=council,
            signatory_name=str(ms[0].person),
            signatory_role="Leder av rådet",
            place=munis[0].short_name,
            signed_on=start - dt.timedelta(days=12),
        )
        Signature.objects.create(
            version=v1,
            party=county,
            signatory_name=str(county_people[0].person),
            signatory_role="Fylkesordfører",
            place=county_key,
            signed_on=start - dt.timedelta(days=5),
        )
        locations = [
            Location.objects.create(name=f"{m.short_name} rådhus", room="Kommunestyresalen")
            for m in munis[:2]
        ] + [Location.objects.create(name=f"{county_key} fylkeshus", room="Fylkestingssalen")]
        remote = Location.objects.get_or_create(name="Teams", room="fjernmøte")[0]
        world = World(
            partnership=partnership,
            parties=[council, county],
            municipalities=munis,
            bodies={
                "municipal": muni_bodies,
                "county": [county_bodies[0]],
                "county_exec": [county_bodies[1]],
                "council": [council_body],
            },
            memberships=ms,
            areas=areas,
            locations=locations,
            remote=remote,
            part=part,
            v1=v1,
            v2=v2,
            v1_sections=sections,
            names=names,
            first_year=first,
            last_year=last,
            density=BUSY,
            cycles=True,
        )
        if index == 0:
            user_model = get_user_model()
            user = user_model.objects.create(username=BENCH_USER, is_staff=True)
            user.set_password("partnerskap-demo")
            user.save()
            person = ms[5].person
            person.user = user
            person.save(update_fields=["user"])
            world.secretariat_user = user
        return world

    def demo_world(self, scale: int) -> World:
        """The demo partnership, to be filled with ``scale - 1`` more times its history."""
        from django.db.models import Max

        from partnerskap.agreements.models import (
            ElectedBody,
            Partnership,
        )
        from partnerskap.agreements.selectors import areas_current
        from partnerskap.demo.loader import PARTNERSHIP_SLUG
        from partnerskap.meetings.models import (
            AgendaItem,
            AgendaNumberSequence,
            Location,
            Meeting,
        )
        from partnerskap.people.models import Membership

        p = Partnership.objects.select_related("agreement__special_part").get(slug=PARTNERSHIP_SLUG)
        parties = list(p.parties.order_by("partnershipparty__position"))
        part = p.agreement.special_part
        meetings = Meeting.objects.filter(partnership=p).count()
        items = AgendaItem.objects.filter(partnership=p).count()
        proposals = AgendaItem.objects.filter(partnership=p, kind="proposal").count()
        years = p.period_end.year - p.period_start.year + 1
        per_year = max(1, round(meetings / years * (scale - 1)))
        avg_items = max(2, round(items / max(meetings, 1)))
        density = Density(
            meetings_per_year=(per_year - 1, per_year, per_year + 1),
            items=(max(1, avg_items - 2), avg_items + 1),
            proposal_share=proposals / max(items, 1) * 1.15,
            guests=0.6,
            committee_every_years=years / 2 / (scale - 1),
            request_share=0.05,
            minutes_item=False,
        )
        body = {b.slug: b for b in ElectedBody.objects.all()}
        world = World(
            partnership=p,
            parties=parties,
            municipalities=list(parties[0].member_municipalities.all()),
            bodies={
                "municipal": [body["asker-kommunestyre"], body["baerum-kommunestyre"]],
                "county": [body["viken-fylkesting"]],
                "county_exec": [body["viken-fylkesutvalg"]],
                "council": [body["radet-representantskap"]],
                "county_2024": [body["akershus-fylkesting"]],
            },
            memberships=list(
                Membership.objects.filter(party__in=parties).select_related("person", "party")
            ),
            areas=list(areas_current(partnership=p)),
            locations=list(Location.objects.exclude(name="Teams")),
            remote=Location.objects.get(name="Teams"),
            part=part,
            v1=part.versions.get(number=1),
            v2=None,
            v1_sections=list(part.versions.get(number=1).sections.all()),
            names={},
            first_year=p.period_start.year,
            last_year=p.period_end.year,
            density=density,
            cycles=False,
        )
        world.numbers = dict(
            AgendaNumberSequence.objects.filter(partnership=p).values_list("year", "last_number")
        )
        last = AgendaItem.objects.filter(partnership=p).values("year").annotate(m=Max("number"))
        for row in last:
            world.numbers[row["year"]] = max(world.numbers.get(row["year"], 0), row["m"])
        return world

    # ------------------------------------------------------------------ meetings

    def add(self, obj: Any) -> Any:
        self.rows[type(obj)].append(obj)
        return obj

    def log(
        self,
        when: dt.datetime,
        action: str,
        target: Any,
        label: str,
        data: dict[str, Any] | None = None,
        text: str = "",
    ) -> None:
        """An audit entry the services would have written; the target's pk is read at COPY."""
        self.audit.append((when, action, label, target, data or {}, text))

    def delegates_on(self, world: World, day: dt.date, roles: tuple[str, ...]) -> list[Any]:
        return [
            m
            for m in world.memberships
            if m.role in roles
            and m.party in world.parties
            and m.valid_from <= day
            and (m.valid_to is None or day <= m.valid_to)
        ]

    def meeting_days(self, year: int, count: int) -> list[dt.date]:
        days = []
        for n in range(count):
            month = 1 + int((n + 0.5) * 12 / count)
            month = min(12, max(1, month + self.rng.choice((-1, 0, 0, 1))))
            day = dt.date(year, month, self.rng.randint(2, 27))
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            days.append(day)
        return sorted(set(days))

    def generate(self, world: World) -> None:
        world._committees = []  # type: ignore[attr-defined]
        for year in range(world.first_year, world.last_year + 1):
            count = self.rng.choice(world.density.meetings_per_year)
            days = self.meeting_days(year, max(1, count))
            cycle = None
            for n, day in enumerate(days):
                cycle = self.meeting(world, year, day, first=n == 0, cycle=cycle, days=days)

    def meeting(
        self, world: World, year: int, day: dt.date, *, first: bool, cycle: Any, days: list[dt.date]
    ) -> Any:
        from partnerskap.committees.models import (
            Committee,
            CommitteeMembership,
            CommitteeReport,
        )
        from partnerskap.finance.models import CostEntry
        from partnerskap.meetings.models import (
            Absence,
            AgendaItem,
            AnnualCycle,
            AnnualCycleEntry,
            Attendance,
            ClosedSession,
            GuestInvitation,
            Meeting,
            MeetingRequest,
            Notice,
            Vote,
        )

        rng = self.rng
        d = world.density
        p = world.partnership
        start = at(day, rng.choice((9, 10, 10, 12, 13)))
        end = start + dt.timedelta(hours=rng.choice((3, 4, 5)))
        form = rng.choices(("in_person", "hybrid", "remote"), (75, 10, 15))[0]
        location = world.remote if form == "remote" else rng.choice(world.locations)
        future = start > self.now
        status = "minutes_approved"
        reason = ""
        if future:
            status = "notice_published" if (start - self.now).days <= 21 else "planned"
        elif (self.now - end).days <= 45:
            status = "held"
        else:
            roll = rng.random()
            if roll < 0.02:
                status, reason = "cancelled", "Avlyst fordi for få saker var meldt inn."
            elif roll < 0.03:
                status, reason = "postponed", "Utsatt etter ønske fra en av partene."
            elif roll < 0.04:
                status = "held"
        held = status in ("held", "minutes_approved")
        request = None
        if not first and rng.random() < d.request_share:
            party = rng.choice(world.parties)
            request = self.add(
                MeetingRequest(
                    partnership=p,
                    requesting_party=party,
                    reason="Behov for et ekstra møte om regional transportplan før høringsfristen.",
                    requested_on=day - dt.timedelta(days=40),
                    wished_date=day,
                )
            )
        month = MONTH_NAMES[day.month - 1]
        title = (
            f"Ekstraordinært partnerskapsmøte {month} {year}"
            if request
            else f"Partnerskapsmøte {month} {year}"
        )
        # Chair and attendance (L7, A8).
        delegates = self.delegates_on(world, day, ("chair", "deputy_chair", "member"))
        substitutes = self.delegates_on(world, day, ("substitute",))
        absent: list[Any] = []
        if held and delegates and rng.random() < 0.25:
            absent = [rng.choice(delegates)]
        chair = next((m.person for m in delegates if m.role == "chair"), None)
        deputy = next((m.person for m in delegates if m.role == "deputy_chair"), None)
        chaired_by, chair_reason = chair, "chair"
        if absent and absent[0].role == "chair":
            chaired_by, chair_reason = deputy, "deputy"
        meeting = self.add(
            Meeting(
                partnership=p,
                title=title,
                starts_at=start,
                ends_at=end,
                location=location,
                form=form,
                status=status,
                status_reason=reason,
                requested_by=request,
                chaired_by=chaired_by if held else None,
                chair_reason=chair_reason if held and chaired_by else "",
                held_at=end if held else None,
                lock_version=rng.randint(3, 12),
            )
        )
        self.log(
            start - dt.timedelta(days=60),
            "meetings.meeting.created",
            meeting,
            "meetings.meeting",
            {"title": title},
        )
        if status != "planned" and not (
            status in ("cancelled", "postponed") and rng.random() < 0.5
        ):
            late = rng.random() < 0.08
            published = at(
                day - dt.timedelta(days=rng.randint(5, 9) if late else rng.randint(11, 21)), 9
            )
            deadline = start - dt.timedelta(days=p.notice_lead_days)
            self.add(Notice(meeting=meeting, published_at=published, deadline=deadline, message=""))
            self.log(
                published,
                "meetings.notice.published",
                meeting,
                "meetings.meeting",
                {"late": published > deadline},
            )

        # The agenda.
        items: list[Any] = []
        numbers = world.numbers

        def item(kind: str, tpl: Template, *, subject: str = "", title: str | None = None) -> Any:
            numbers[year] = numbers.get(year, 0) + 1
            obj = AgendaItem(
                meeting=meeting,
                partnership=p,
                year=year,
                number=numbers[year],
                position=len(items) + 1,
                kind=kind,
                procedural_subject=subject,
                title=(title or localise(tpl.title, world.names))[:300],
                case_presentation=localise(tpl.presentation, world.names),
                recommendation=localise(tpl.recommendation, world.names),
                lock_version=rng.randint(1, 5),
            )
            obj._tpl = tpl  # type: ignore[attr-defined]
            items.append(obj)
            return obj

        if d.minutes_item and not first:
            item(
                "procedural",
                Template(
                    "procedural",
                    "Godkjenning av møtebok fra forrige møte",
                    "Møteboken fra forrige møte er sendt ut med innkallingen.",
                    "Møteboken godkjennes.",
                    "Møteboken godkjennes.",
                ),
                subject="minutes",
            )
        cycle_item = None
        if world.cycles and first:
            tpl = self.by_kind["annual_cycle"][year % len(self.by_kind["annual_cycle"])]
            cycle_item = item(
                "procedural",
                Template(
                    "procedural",
                    tpl.title,
                    re.sub(r"20[12]\d", str(year), tpl.presentation),
                    f"Årshjulet for {year} fastsettes slik det er lagt fram.",
                    f"Årshjulet for {year} fastsettes slik det er lagt fram.",
                ),
                subject="annual_cycle",
                title=f"Årshjul for partnerskapsmøtene {year}",
            )
        committee_item = None
        if held and rng.random() < 1 / max(d.committee_every_years * len(days), 1):
            tpls = self.by_kind["committee"]
            committee_item = item("procedural", tpls[rng.randrange(len(tpls))], subject="committee")
        reports = []
        for committee in list(world._committees):  # type: ignore[attr-defined]
            if held and day >= committee.ends_on - dt.timedelta(days=60) and rng.random() < 0.85:
                world._committees.remove(committee)  # type: ignore[attr-defined]
                reports.append(
                    (
                        committee,
                        item(
                            "information",
                            Template(
                                "information",
                                f"Rapport fra {committee.name.lower()}",
                                f"{committee.name} legger fram sin rapport. {committee.task}",
                                "Saken tas til orientering.",
                                "Rapporten tas til orientering.",
                            ),
                        ),
                    )
                )
            elif day > committee.ends_on + dt.timedelta(days=400):
                world._committees.remove(committee)  # type: ignore[attr-defined]
        low, high = d.items
        count = rng.randint(low, high) if status != "planned" else rng.randint(1, max(2, low // 2))
        for _ in range(count):
            if rng.random() < d.proposal_share:
                kind = "proposal"
            else:
                kind = rng.choice(("information", "discussion"))
            tpls = self.by_kind[kind]
            tpl = tpls[rng.randrange(len(tpls))]
            suffix = rng.choice(
                (
                    "",
                    "",
                    "",
                    f" {year}",
                    " – oppfølging",
                    " – status",
                    f" i {rng.choice(world.municipalities).short_name}"
                    if world.municipalities
                    else "",
                )
            )
            item(kind, tpl, title=(localise(tpl.title, world.names) + suffix))
        for it in items:
            self.add(it)

        # Outcomes, closed items, areas, SDGs, votes.
        proposals: list[Any] = []
        for it in items:
            tpl = it._tpl
            it._areas = rng.sample(world.areas, rng.choice((1, 1, 2, 2, 3)))  # type: ignore[attr-defined]
            it._sdgs = rng.sample(self.sdgs, rng.choice((0, 1, 1, 2, 3)))  # type: ignore[attr-defined]
            if rng.random() < 0.01 and it.kind in ("information", "discussion"):
                it.withdrawn = True
                continue
            if (
                form == "in_person"
                and it.kind in ("information", "discussion")
                and rng.random() < 0.03
            ):
                basis = rng.choice(self.bases)
                it._closed = self.add(
                    ClosedSession(  # type: ignore[attr-defined]
                        item=it,
                        legal_basis=basis,
                        public_title=rng.choice(CLOSED_TITLES),
                        decision=(
                            "Partnerskapsmøtet vedtok i åpent møte å behandle saken for lukkede "
                            f"dører, jf. {basis.reference}."
                        ),
                    )
                )
            if not held:
                continue
            if rng.random() < 0.02 and it.kind != "procedural":
                it.outcome, it.outcome_text = "postponed", "Saken utsettes til neste møte."
            else:
                it.outcome = {"proposal": "proposal", "procedural": "procedural"}.get(
                    it.kind, "noted"
                )
                it.outcome_text = localise(tpl.outcome_text, world.names)
            if it.kind == "proposal" and it.outcome == "proposal":
                proposals.append(it)
                if rng.random() < 0.3:
                    choices = [("for", "for")] if rng.random() < 0.8 else [("for", "against")]
                    for motion, pair in (("Innstillingen", choices[0]),):
                        for party, choice in zip(world.parties, pair, strict=False):
                            self.add(Vote(item=it, motion=motion, party=party, choice=choice))
                    if rng.random() < 0.3:
                        other_party = world.parties[-1].short_name
                        for party in world.parties:
                            self.add(
                                Vote(
                                    item=it,
                                    motion=f"Alternativt forslag fra {other_party}",
                                    party=party,
                                    choice="for" if party is world.parties[-1] else "against",
                                )
                            )
        for it in items:
            self.log(
                start - dt.timedelta(days=20),
                "meetings.item.added",
                it,
                "meetings.agendaitem",
                {"kind": it.kind},
            )
            if it.outcome:
                self.log(
                    end, "meetings.item.outcome", it, "meetings.agendaitem", {"outcome": it.outcome}
                )

        # Attendance, absences, substitutes, guests.
        if held:
            for m in absent:
                self.add(
                    Absence(
                        meeting=meeting,
                        person=m.person,
                        party=m.party,
                        reason=rng.choice(ABSENCE_REASONS),
                    )
                )
                self.log(
                    start - dt.timedelta(days=5),
                    "meetings.absence.registered",
                    meeting,
                    "meetings.meeting",
                )
            absent_people = {m.person for m in absent}
            for m in delegates:
                if m.person not in absent_people:
                    self.add(
                        Attendance(
                            meeting=meeting,
                            person=m.person,
                            party=m.party,
                            capacity="member",
                            present=True,
                        )
                    )
            for m in absent:
                sub = next((s for s in substitutes if s.party == m.party), None)
                if sub is not None and rng.random() < 0.8:
                    self.add(
                        Attendance(
                            meeting=meeting,
                            person=sub.person,
                            party=m.party,
                            capacity="substitute",
                            substitute_for=m.person,
                            present=True,
                        )
                    )
            self.log(end, "meetings.attendance.recorded", meeting, "meetings.meeting")
            self.log(end, "meetings.meeting.held", meeting, "meetings.meeting")
        if status != "planned" and rng.random() < d.guests:
            for _ in range(rng.choice((1, 1, 2))):
                if self.guests and rng.random() < 0.5:
                    name, role = rng.choice(self.guests)
                    kind = "expert"
                else:
                    role, kind = rng.choice(GUEST_ROLES)
                    name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
                told = at(
                    day
                    - dt.timedelta(
                        days=rng.randint(3, 6) if rng.random() < 0.1 else rng.randint(8, 20)
                    ),
                    10,
                )
                self.add(
                    GuestInvitation(
                        meeting=meeting,
                        item=rng.choice(items) if items and rng.random() < 0.5 else None,
                        inviting_party=rng.choice(world.parties),
                        guest_name=name,
                        guest_role=role,
                        guest_kind=kind,
                        notified_other_party_at=told,
                        notice_deadline=start - dt.timedelta(days=p.guest_notice_lead_days),
                    )
                )
                self.log(told, "meetings.guest.invited", meeting, "meetings.meeting")

        # The annual cycle, adopted by the year's first meeting when it was held (A12).
        if cycle_item is not None:
            adopted = held and cycle_item.outcome == "procedural"
            cycle = self.add(
                AnnualCycle(
                    partnership=p,
                    year=year,
                    version=1,
                    adopted_by=cycle_item if adopted else None,
                    adopted_on=day if adopted else None,
                    note=f"Årshjulet for {year}: {len(days)} ordinære møter.",
                )
            )
            for other in days:
                self.add(
                    AnnualCycleEntry(
                        cycle=cycle,
                        kind="meeting",
                        date=other,
                        title=f"Partnerskapsmøte {MONTH_NAMES[other.month - 1]} {year}",
                        meeting=meeting if other == day else None,
                    )
                )
            for m_day, m_title, m_desc in (
                (
                    dt.date(year, 3, 1),
                    "Rapportering til partene",
                    "Sekretariatene sender årsrapporten til partene.",
                ),
                (
                    dt.date(year, 8, 15),
                    "Frist for innspill til saker til høstmøtet",
                    "Partene melder saker til sekretariatene.",
                ),
                (
                    dt.date(year, 12, 10),
                    "Budsjettbehandling i kommunestyrene og fylkestinget",
                    "Forslag fra partnerskapsmøtene følges opp i partenes budsjetter.",
                ),
            ):
                self.add(
                    AnnualCycleEntry(
                        cycle=cycle, kind="milestone", date=m_day, title=m_title, description=m_desc
                    )
                )

        # Committees (A11) and their reports.
        if committee_item is not None and committee_item.outcome == "procedural":
            tpl = committee_item._tpl
            name = localise(tpl.title, world.names).replace("Midlertidig ", "")
            name = name[:1].upper() + name[1:]
            committee = self.add(
                Committee(
                    partnership=p,
                    name=f"{name} ({year})",
                    task=localise(tpl.recommendation, world.names),
                    mandate=localise(tpl.presentation, world.names),
                    established_by=committee_item,
                    starts_on=day,
                    ends_on=day + dt.timedelta(days=rng.randint(270, 540)),
                )
            )
            committee._areas = rng.sample(world.areas, 2)  # type: ignore[attr-defined]
            committee._sdgs = rng.sample(self.sdgs, 2)  # type: ignore[attr-defined]
            people = [m for m in delegates if m.role in ("member", "deputy_chair")]
            rng.shuffle(people)
            for n, m in enumerate(people[:4]):
                self.add(
                    CommitteeMembership(
                        committee=committee,
                        person=m.person,
                        party=m.party,
                        role="leader" if n == 0 else "member",
                    )
                )
            sec = next(
                (
                    m
                    for m in world.memberships
                    if m.role == "secretariat" and m.party in world.parties
                ),
                None,
            )
            if sec is not None and all(sec.person != m.person for m in people[:4]):
                self.add(
                    CommitteeMembership(
                        committee=committee, person=sec.person, party=sec.party, role="secretary"
                    )
                )
            world._committees.append(committee)  # type: ignore[attr-defined]
            self.log(end, "committees.established", committee, "committees.committee")
        for committee, report_item in reports:
            if report_item.withdrawn or not held:
                continue
            self.add(
                CommitteeReport(
                    committee=committee,
                    item=report_item,
                    summary=f"{committee.name} legger fram sine anbefalinger.",
                    is_final=True,
                )
            )
            if rng.random() < 0.5:
                committee.dissolved_on = day
            self.log(end, "committees.reported", committee, "committees.committee")

        # Proposals to the parties' bodies, and their follow-up.
        for it in proposals:
            self.proposal(world, it, day)

        # Costs.
        if held:
            for party in world.parties:
                self.add(
                    CostEntry(
                        partnership=p,
                        party=party,
                        category="participation",
                        amount=rng.randint(300000, 1500000) / 100,
                        incurred_on=day,
                        meeting=meeting,
                        description="Møtegodtgjørelse og reise",
                    )
                )
            self.minutes_plan.append((meeting, status, end, rng.random() < 0.02))
        return cycle

    def proposal(self, world: World, it: Any, day: dt.date) -> None:
        from partnerskap.followup.models import FollowUp, FollowUpEvent, Proposal

        rng = self.rng
        p = world.partnership
        sent = min(day + dt.timedelta(days=rng.randint(3, 12)), self.today)
        county = world.bodies["county"]
        if "county_2024" in world.bodies and day.year >= 2024:
            county = world.bodies["county_2024"]
        bodies = list(world.bodies["municipal"]) + list(county)
        if rng.random() < 0.3:
            bodies += world.bodies["council"]
        if rng.random() < 0.2:
            bodies += world.bodies["county_exec"]
        kind, state, base, section, resulting, in_force = "ordinary", "", None, None, None, None
        required: set[Any] = set()
        amend = (
            world.v2 is not None
            and not getattr(world, "_amended", False)
            and day.year == world.v2.in_force_from.year
            and day < world.v2.in_force_from
        )
        if amend:
            world._amended = True  # type: ignore[attr-defined]
            kind, state, base, resulting = "amendment", "adopted", world.v1, world.v2
            section = next(s for s in world.v1_sections if s.position == 2)
            in_force = world.v2.in_force_from
            required = {world.bodies["council"][0], world.bodies["county"][0]}
            bodies = list(dict.fromkeys([*bodies, *required]))
        title = it.title
        text = localise(it._tpl.outcome_text, world.names)
        proposal = self.add(
            Proposal(
                partnership=p,
                item=it,
                kind=kind,
                title=title,
                text=text,
                sent_on=sent,
                part=world.part if kind == "amendment" else None,
                base_version=base,
                section_slug=section.slug if section else "",
                section_heading=section.heading if section else "",
                proposed_text=(
                    section.body + "\n\n- Partene rapporterer årlig om oppfølgingen av forslagene."
                )
                if section
                else "",
                in_force_from=in_force,
                amendment_state=state,
                resulting_version=resulting,
            )
        )
        proposal._areas = it._areas  # type: ignore[attr-defined]
        proposal._sdgs = it._sdgs  # type: ignore[attr-defined]
        self.log(
            at(sent, 9),
            "followup.proposal.created",
            proposal,
            "followup.proposal",
            {"kind": kind, "bodies": [b.slug for b in bodies]},
        )
        age = (self.today - sent).days
        for body in bodies:
            expected = sent + dt.timedelta(days=p.follow_up_answer_days)
            if body in required:
                final = "adopted"
            elif (age > 365 and rng.random() < 0.95) or (age > 120 and rng.random() < 0.7):
                final = rng.choices(
                    ("adopted", "adopted_with_changes", "rejected", "not_taken_up"),
                    (60, 15, 10, 15),
                )[0]
            elif age > 20 and rng.random() < 0.1:
                final = "adopted"
            else:
                final = ""
            steps = ["sent"]
            if sent >= self.today:
                final = ""
            elif final:
                steps += ["received", "on_agenda", final]
            else:
                steps += rng.choice(([], ["received"], ["received", "on_agenda"]))
            if sent >= self.today:
                steps = ["sent"]
            on = sent
            dates = []
            for step in steps:
                if step != "sent":
                    on = on + dt.timedelta(days=rng.randint(3, 45))
                    on = min(on, self.today)
                dates.append(on)
            status = steps[-1]
            body_meeting = dates[-1] if final else None
            follow_up = self.add(
                FollowUp(
                    proposal=proposal,
                    elected_body=body,
                    required_for_adoption=body in required,
                    status=status,
                    expected_by=expected,
                    body_meeting_date=body_meeting,
                    body_case_number=f"PS {rng.randint(10, 140)}/{body_meeting.year}"
                    if body_meeting
                    else "",
                    decision_text=localise(
                        rng.choice(self.decisions),
                        {
                            "Asker kommunestyre": body.name,
                            "Bærum kommunestyre": body.name,
                            **world.names,
                        },
                    )
                    if final
                    else "",
                    decision_url=f"https://innsyn.example.no/{body.slug}/{rng.randint(1000, 99999)}"
                    if final and rng.random() < 0.5
                    else "",
                    decided_on=body_meeting,
                    lock_version=len(steps) - 1,
                )
            )
            for step, when in zip(steps, dates, strict=True):
                self.add(
                    FollowUpEvent(
                        follow_up=follow_up,
                        status=step,
                        on=when,
                        note="" if step == "sent" else "Registrert av sekretariatet.",
                    )
                )
                if step != "sent":
                    self.log(
                        at(when, 13),
                        "followup.recorded",
                        follow_up,
                        "followup.followup",
                        {"on": when.isoformat(), "status": step},
                    )

    def allocations(self, world: World) -> None:
        from partnerskap.finance.models import BudgetAllocation, CostEntry

        for year in range(world.first_year, world.last_year + 1):
            for n, party in enumerate(world.parties):
                decided = dt.date(year - 1, 11, 28) if n == 0 else dt.date(year, 4, 23)
                if decided > self.today:
                    continue
                allocation = self.add(
                    BudgetAllocation(
                        partnership=world.partnership,
                        party=party,
                        year=year,
                        amount=self.rng.choice((60000, 75000, 80000, 100000)),
                        decision_reference=f"RS {self.rng.randint(5, 30)}/{year - 1}"
                        if n == 0
                        else f"FT-sak {self.rng.randint(20, 90)}/{year}",
                        decided_on=decided,
                        purpose=f"Sekretariat og møter i partnerskapet {year}",
                    )
                )
                spent = dt.date(year, 12, 15)
                if spent <= self.today:
                    self.add(
                        CostEntry(
                            partnership=world.partnership,
                            party=party,
                            category="administration",
                            amount=self.rng.randint(3000000, 6000000) / 100,
                            incurred_on=spent,
                            description=f"Sekretariatsbistand {year}",
                            allocation=allocation,
                        )
                    )

    # ------------------------------------------------------------------ writing

    def flush(self) -> dict[str, int]:
        from django.db import connection, transaction

        from partnerskap.committees.models import (
            Committee,
            CommitteeMembership,
            CommitteeReport,
        )
        from partnerskap.finance.models import BudgetAllocation, CostEntry
        from partnerskap.followup.models import FollowUp, FollowUpEvent, Proposal
        from partnerskap.meetings.models import (
            Absence,
            AgendaItem,
            AnnualCycle,
            AnnualCycleEntry,
            Attendance,
            ClosedSession,
            GuestInvitation,
            Meeting,
            MeetingRequest,
            Notice,
            Vote,
        )

        counts: dict[str, int] = {}

        def insert(model: Any, objs: list[Any] | None = None) -> None:
            objs = self.rows.get(model, []) if objs is None else objs
            if objs:
                model.objects.bulk_create(objs, batch_size=2000)
            counts[model._meta.label] = counts.get(model._meta.label, 0) + len(objs)

        def m2m(model: Any, name: str, attr: str) -> None:
            through = getattr(model, name).through
            fk = model._meta.model_name + "_id"
            other = next(
                f for f in through._meta.fields if f.name not in ("id", model._meta.model_name)
            )
            rows = [
                through(
                    **{fk: obj.pk, other.attname: target if isinstance(target, int) else target.pk}
                )
                for obj in self.rows.get(model, [])
                for target in getattr(obj, attr, [])
            ]
            insert(through, rows)

        with transaction.atomic():
            for model in (MeetingRequest, Meeting, Notice, AgendaItem):
                insert(model)
            m2m(AgendaItem, "areas", "_areas")
            m2m(AgendaItem, "sdgs", "_sdgs")
            for model in (
                ClosedSession,
                Vote,
                Absence,
                Attendance,
                GuestInvitation,
                AnnualCycle,
                AnnualCycleEntry,
                Committee,
            ):
                insert(model)
            m2m(Committee, "areas", "_areas")
            m2m(Committee, "sdgs", "_sdgs")
            for model in (CommitteeMembership, CommitteeReport, Proposal):
                insert(model)
            m2m(Proposal, "areas", "_areas")
            m2m(Proposal, "sdgs", "_sdgs")
            for model in (FollowUp, FollowUpEvent, BudgetAllocation, CostEntry):
                insert(model)
            with connection.cursor() as cur:
                # Realistic timestamps instead of «now» (auto_now fields on bulk insert).
                ids = [m.pk for m in self.rows.get(Meeting, [])]
                cur.execute(
                    "UPDATE meetings_meeting SET created = starts_at - interval '60 days', "
                    "modified = coalesce(held_at, starts_at - interval '10 days') "
                    "WHERE id = ANY(%s)",
                    [ids],
                )
                cur.execute(
                    "UPDATE meetings_agendaitem i SET created = m.starts_at - interval '20 days', "
                    "modified = coalesce(m.held_at, m.starts_at - interval '10 days') "
                    "FROM meetings_meeting m WHERE m.id = i.meeting_id AND m.id = ANY(%s)",
                    [ids],
                )
                fids = [f.pk for f in self.rows.get(FollowUp, [])]
                cur.execute(
                    "UPDATE followup_followupevent SET recorded_at = (\"on\" + time '13:00') "
                    "AT TIME ZONE 'Europe/Oslo' WHERE follow_up_id = ANY(%s)",
                    [fids],
                )
                cur.execute(
                    "UPDATE followup_followup f SET created = p.sent_on, modified = coalesce("
                    "(SELECT max(recorded_at) FROM followup_followupevent e "
                    "WHERE e.follow_up_id = f.id), p.sent_on) FROM followup_proposal p "
                    "WHERE p.id = f.proposal_id AND f.id = ANY(%s)",
                    [fids],
                )
                pids = [x.pk for x in self.rows.get(Proposal, [])]
                cur.execute(
                    "UPDATE followup_proposal SET created = sent_on, modified = sent_on "
                    "WHERE id = ANY(%s)",
                    [pids],
                )
            dissolved = [c for c in self.rows.get(Committee, []) if c.dissolved_on]
            if dissolved:
                Committee.objects.bulk_update(dissolved, ["dissolved_on"], batch_size=1000)
        return counts

    def write_minutes(self) -> int:
        from django.db import transaction

        from partnerskap.meetings.models import Meeting, Minutes
        from partnerskap.meetings.services.minutes import minutes_content

        ids = [m.pk for m, *_ in self.minutes_plan]
        meetings = Meeting.objects.select_related(
            "partnership", "location", "chaired_by", "notice"
        ).in_bulk(ids)
        rows = []
        for meeting, status, end, corrected in self.minutes_plan:
            content = minutes_content(meetings[meeting.pk])
            approved = status == "minutes_approved"
            when = end + dt.timedelta(days=7)
            rows.append(
                Minutes(
                    meeting_id=meeting.pk,
                    version=1,
                    content=content,
                    status="approved" if approved else "draft",
                    approved_at=when if approved else None,
                )
            )
            if approved and corrected:
                rows.append(
                    Minutes(
                        meeting_id=meeting.pk,
                        version=2,
                        content=content,
                        status="approved",
                        approved_at=when + dt.timedelta(days=30),
                        correction_reason="Retting av navnet på en gjest.",
                    )
                )
        with transaction.atomic():
            Minutes.objects.bulk_create(rows, batch_size=500)
        for row in rows:
            text = f"{meetings[row.meeting_id]} v{row.version}"
            drafted = (row.approved_at or self.now) - dt.timedelta(days=6)
            self.log(
                drafted,
                "meetings.minutes.drafted",
                row,
                "meetings.minutes",
                {"v": row.version},
                text,
            )
            if row.approved_at:
                self.log(
                    row.approved_at,
                    "meetings.minutes.approved",
                    row,
                    "meetings.minutes",
                    {"v": row.version},
                    text,
                )
        return len(rows)

    def write_audit(self) -> int:
        from django.db import connection

        rows = sorted(self.audit, key=lambda r: r[0])
        with (
            connection.cursor() as cur,
            cur.cursor.copy(
                "COPY core_auditentry (at, action, target_type, target_id, target_repr, data) "
                "FROM STDIN"
            ) as copy,
        ):
            for when, action, label, target, data, text in rows:
                copy.write_row(
                    (
                        when,
                        action,
                        label,
                        str(target.pk),
                        (text or str(target))[:300],
                        json.dumps(data),
                    )
                )
        return len(rows)

    def sequences(self, worlds: list[World]) -> None:
        from partnerskap.meetings.models import AgendaNumberSequence

        for world in worlds:
            for year, last in world.numbers.items():
                AgendaNumberSequence.objects.update_or_create(
                    partnership=world.partnership, year=year, defaults={"last_number": last}
                )


def vacuum(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def summary(url: str) -> list[tuple[str, int]]:
    tables = [
        "agreements_partnership",
        "meetings_meeting",
        "meetings_agendaitem",
        "meetings_agendaitem_areas",
        "meetings_closedsession",
        "meetings_minutes",
        "followup_proposal",
        "followup_followup",
        "followup_followupevent",
        "committees_committee",
        "meetings_guestinvitation",
        "meetings_attendance",
        "core_auditentry",
        "search_searchentry",
    ]
    with psycopg.connect(url) as conn:
        return [(t, conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--drop", action="store_true", help="drop the database first")
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="default",
        help="default: 20 partnerships from 24 real regions; national: every regional council "
        "in Norway (80) with its county",
    )
    parser.add_argument("--partnerships", type=int, help="default: the profile's (20 or 80)")
    parser.add_argument("--years", type=int, help="default: 20")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="instead: the demo partnership with SCALE times the demo's history",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    apply_profile(args)
    problems = check_arguments(args)
    if problems:
        parser.error("; ".join(problems))
    if database_exists(args.database) and not args.drop:
        parser.error(f"database {args.database} exists; pass --drop to replace it")
    building = building_name(args.database)
    try:
        build(args, building)
    except BaseException:
        close_django_connections()
        drop_database(building)
        print(f"failed: {building} dropped; {args.database} is as it was", file=sys.stderr)
        raise
    put_in_place(building, args.database)
    print(f"done: DATABASE_URL={database_url(args.database)}")


def build(args: argparse.Namespace, building: str) -> None:
    """Make the whole database under the temporary name ``building``."""
    started = time.perf_counter()

    def step(label: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {label}", flush=True)

    url = database_url(building)
    create_database(building)
    step(f"created {building} (renamed to {args.database} when complete); migrating")
    migrate(url)
    setup_django(url)
    from django.db import transaction

    from partnerskap.demo.loader import load_demo
    from partnerskap.search import indexer

    step("loading the demo")
    load_demo()
    gen = Generator(seed=args.seed)
    worlds: list[World] = []
    with transaction.atomic():
        if args.scale:
            step(
                f"demo × {args.scale}: adding {args.scale - 1} more histories "
                "to the demo partnership"
            )
            world = gen.demo_world(args.scale)
            worlds.append(world)
        else:
            step(
                f"cloning the demo's structure into {args.partnerships} partnerships "
                f"of {args.years} years"
            )
            counties: dict[str, Any] = {}
            regions = regions_for(args)
            for index in range(args.partnerships):
                worlds.append(gen.clone_world(index, args.years, counties, regions))
    step("generating meetings, agendas, proposals and follow-ups")
    for world in worlds:
        gen.generate(world)
        if not args.scale:
            gen.allocations(world)
    step("inserting")
    gen.flush()
    gen.sequences(worlds)
    step("minutes from the records (minutes_content)")
    minutes = gen.write_minutes()
    step(f"{minutes} minutes; audit log (COPY)")
    audits = gen.write_audit()
    step(f"{audits} audit entries; rebuilding the search index")
    result = indexer.rebuild()
    step(f"search index: {result.created} entries; VACUUM ANALYZE")
    from django.db import connection

    connection.close()
    vacuum(url)
    for table, n in summary(url):
        print(f"  {table:32} {n:>9,}")
    step("complete")


if __name__ == "__main__":
    main()
