"""The agreement importer on the seed file and on every kind of bad file (A1, A3, A18)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerskap.agreements.importer import AgreementImportError, parse_agreement
from partnerskap.agreements.models import AgreementVersion, CooperationArea, Partnership
from partnerskap.agreements.services import agreement_import, agreement_version_put_in_force
from partnerskap.core.errors import DomainError
from partnerskap.core.text import slugify_nb

SEED_AREAS = [
    ("Felles plan- og arealutfordringer", "Blant annet dialog knyttet til samordning av kommunale"),
    (
        "Felles mobilitet- og samferdselsutfordringer",
        "Blant annet dialog om tiltak som bidrar til bedre mobilitet",
    ),
    (
        "Regional samfunnsutvikling",
        "Blant annet dialog om de utfordringer og muligheter som hemmer",
    ),
    (
        "Videregående utdanning",
        "Blant annet dialog om tiltak som bidrar til bedre overgangsordninger",
    ),
    (
        "Prioriterte innsatser for klima og miljø",
        "Blant annet dialog om bærekraftige og innovative anskaffelser",
    ),
    (
        "Digitalisering",
        "Blant annet dialog om hvordan vi tilrettelegger for én digital offentlig sektor",
    ),
    (
        "Forskning, innovasjon og verdiskaping",
        "Blant annet dialog om forsknings- og innovasjonspartnerskap",
    ),
]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"agreements", "people", "core"}
    }


def test_a3_seed_gives_exactly_the_seven_areas_with_names_and_descriptions(seed_bytes):
    parsed = parse_agreement(seed_bytes)
    assert [a.name for a in parsed.areas] == [name for name, _ in SEED_AREAS]
    for area, (_name, description_start) in zip(parsed.areas, SEED_AREAS, strict=True):
        assert area.description.startswith(description_start)
        assert "**" not in area.description
    assert parsed.areas[4].slug == "prioriterte-innsatser-for-klima-og-miljo"
    assert parsed.areas[6].description.endswith("kompetansebasert og bærekraftig verdiskaping.")


def test_a1_a18_seed_gives_parties_period_and_sections(seed_bytes):
    parsed = parse_agreement(seed_bytes)
    assert parsed.party_names == [
        "Interkommunalt råd for Asker og Bærum kommune",
        "Viken Fylkeskommune",
    ]
    assert (parsed.period_start_year, parsed.period_end_year) == (2020, 2024)
    assert [s.heading for s in parsed.sections] == [
        "Spesiell del",
        "Samarbeidsområder",
        "Oppfølging av avtalen",
        "Partenes forpliktelser",
    ]
    follow_up = parsed.sections[2]
    assert "minst to møter per kalenderår" in follow_up.body
    assert "Sted, dato" in parsed.sections[3].body


@pytest.mark.django_db
def test_a3_import_into_new_partnership_stores_areas_parties_and_sections(seed_bytes):
    result = agreement_import(data=seed_bytes, partnership_slug="ny", actor=None)
    partnership = result.partnership
    assert partnership.period_start == dt.date(2020, 1, 1)
    assert partnership.period_end == dt.date(2024, 12, 31)
    kinds = sorted(p.kind for p in partnership.parties.all())
    assert kinds == ["county", "regional_council"]
    assert result.version.number == 1
    assert result.version.in_force_from == dt.date(2020, 1, 1)
    assert result.version.sections.count() == 4
    areas = CooperationArea.objects.filter(part__agreement__partnership=partnership)
    assert [a.name for a in areas.order_by("position")] == [n for n, _ in SEED_AREAS]


@pytest.mark.django_db
def test_import_matches_existing_parties_by_alternative_name(demo, seed_bytes):
    before = row_counts()
    result = agreement_import(data=seed_bytes, partnership_slug=demo.partnership.slug, actor=None)
    assert result.created is False
    assert row_counts() == before


@pytest.mark.django_db
def test_reimport_of_the_same_file_writes_nothing(seed_bytes):
    agreement_import(data=seed_bytes, partnership_slug="p", actor=None)
    before = row_counts()
    again = agreement_import(data=seed_bytes, partnership_slug="p", actor=None)
    assert again.created is False
    assert row_counts() == before


@pytest.mark.django_db
def test_a3_changed_file_is_a_new_version_waiting_for_adoption(seed_bytes):
    first = agreement_import(data=seed_bytes, partnership_slug="p", actor=None).version
    changed = seed_bytes.replace(
        b"- **Digitalisering.**",
        b"- **Kultur og frivillighet.** Dialog om kultur.\n- **Digitalisering.**",
    )
    result = agreement_import(data=changed, partnership_slug="p", actor=None)
    assert result.created is True
    assert result.version.number == 2
    assert result.version.in_force_from is None
    first.refresh_from_db()
    assert first.sections.count() == 4, "the old version keeps its text"
    part = first.part
    assert part.areas.filter(retired_in__isnull=True).count() == 7, (
        "areas change only when the new version takes force"
    )
    agreement_version_put_in_force(
        version=result.version, in_force_from=dt.date(2023, 1, 1), actor=None
    )
    current = list(part.areas.filter(retired_in__isnull=True).values_list("name", flat=True))
    assert len(current) == 8
    assert current[5] == "Kultur og frivillighet"


@pytest.mark.django_db
def test_a3_area_missing_from_new_version_is_retired_not_deleted(seed_bytes):
    agreement_import(data=seed_bytes, partnership_slug="p", actor=None)
    lines = seed_bytes.decode().split("\n")
    without = "\n".join(line for line in lines if not line.startswith("- **Digitalisering"))
    result = agreement_import(
        data=without.encode(), partnership_slug="p", in_force_from=dt.date(2022, 6, 1), actor=None
    )
    area = CooperationArea.objects.get(slug="digitalisering")
    assert area.retired_in == result.version
    assert result.areas_retired == ["digitalisering"]


@pytest.mark.django_db
def test_a18_period_that_differs_from_the_partnership_is_refused(seed_bytes):
    agreement_import(data=seed_bytes, partnership_slug="p", actor=None)
    other_period = seed_bytes.replace("2020 – 2024".encode(), "2025 – 2028".encode())
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        agreement_import(data=other_period, partnership_slug="p", actor=None)
    assert exc.value.code == "import.period_mismatch"
    assert row_counts() == before


def _without_areas_section(text: str) -> str:
    start = text.index("### Samarbeidsområder")
    end = text.index("### Oppfølging")
    return text[:start] + text[end:]


def _areas_without_bullets(text: str) -> str:
    start = text.index("- **Felles plan")
    end = text.index("### Oppfølging")
    return text[:start] + text[end:]


BAD_FILES = {
    "empty": (lambda seed: b"", "import.empty", None),
    "whitespace only": (lambda seed: b"  \n\n\t\n", "import.empty", None),
    "not utf-8 (latin-1)": (
        lambda seed: seed.decode().encode("latin-1", errors="replace"),
        "import.not_utf8",
        11,
    ),
    "binary pdf": (lambda seed: b"%PDF-1.7\n\x00\x01\x02binary", "import.not_markdown", None),
    "html": (
        lambda seed: b"<!DOCTYPE html>\n<html><body><p>Avtale</p></body></html>\n",
        "import.not_markdown",
        1,
    ),
    "json": (lambda seed: b'{"areas": ["a", "b"]}\n', "import.not_markdown", 1),
    "no special part heading": (
        lambda seed: seed.replace(b"## Spesiell del", b"## Innledning"),
        "import.no_part",
        3,
    ),
    "general part": (
        lambda seed: seed.replace(b"## Spesiell del", b"## Generell del"),
        "import.general_part",
        7,
    ),
    "no period": (
        lambda seed: seed.replace("2020 – 2024".encode(), b""),
        "import.no_period",
        3,
    ),
    "period backwards": (
        lambda seed: seed.replace("2020 – 2024".encode(), "2024 – 2020".encode()),
        "import.bad_period",
        5,
    ),
    "no parties": (
        lambda seed: seed.replace(b"\nmellom\n", b"\n"),
        "import.no_parties",
        7,
    ),
    "no areas section": (
        lambda seed: _without_areas_section(seed.decode()).encode(),
        "import.no_areas_section",
        7,
    ),
    "areas section without bullets": (
        lambda seed: _areas_without_bullets(seed.decode()).encode(),
        "import.no_areas",
        21,
    ),
    "bullet without bold name": (
        lambda seed: seed.replace(b"- **Digitalisering.**", b"- Digitalisering."),
        "import.area_without_name",
        33,
    ),
    "area listed twice": (
        lambda seed: seed.replace(
            b"- **Digitalisering.**", b"- **Videreg\xc3\xa5ende utdanning.**"
        ),
        "import.duplicate_area",
        33,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES.keys())
def test_bad_file_gives_one_clear_error_with_line_and_writes_nothing(case, seed_bytes):
    make, code, line = BAD_FILES[case]
    before = row_counts()
    with pytest.raises(AgreementImportError) as exc:
        agreement_import(data=make(seed_bytes), partnership_slug="p", actor=None)
    assert exc.value.code == code
    assert exc.value.line == line
    if line is not None:
        assert f"{line}" in str(exc.value)
    assert row_counts() == before
    assert not Partnership.objects.filter(slug="p").exists()


def test_not_utf8_error_names_the_line(seed_bytes):
    broken = seed_bytes.replace(b"Digitalisering.**", "Digitalisering\xe6.**".encode("latin-1"))
    with pytest.raises(AgreementImportError) as exc:
        parse_agreement(broken)
    assert exc.value.code == "import.not_utf8"
    assert exc.value.line == 33


def test_crlf_and_bom_are_accepted(seed_bytes):
    windows = b"\xef\xbb\xbf" + seed_bytes.replace(b"\n", b"\r\n")
    assert len(parse_agreement(windows).areas) == 7


area_names = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzæøåABCÆØÅ -"), min_size=1, max_size=40
).filter(lambda s: any(c.isalpha() for c in s))


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(area_names, min_size=1, max_size=12, unique_by=lambda s: s.strip().lower()))
def test_a3_every_bold_bullet_becomes_an_area(names, seed_bytes):
    text = seed_bytes.decode()
    start = text.index("- **Felles plan")
    end = text.index("### Oppfølging")
    bullets = "\n".join(f"- **{name}.** Om {name}." for name in names)
    doc = text[:start] + bullets + "\n\n" + text[end:]
    expected = [" ".join(n.split()).rstrip(".:").strip() for n in names]
    slugs = [slugify_nb(name) for name in expected]
    if len(set(slugs)) < len(slugs) or not all(slugs):
        # Distinct names may still collide once slugified («å» and «a»): that is reported.
        with pytest.raises(AgreementImportError):
            parse_agreement(doc.encode())
        return
    parsed = parse_agreement(doc.encode())
    assert [a.name for a in parsed.areas] == expected


@pytest.mark.django_db
def test_import_command_reports_error_with_line_and_imports_nothing(tmp_path, seed_bytes):
    bad = tmp_path / "avtale.md"
    bad.write_bytes(seed_bytes.replace(b"- **Digitalisering.**", b"- Digitalisering."))
    with pytest.raises(CommandError, match=r"33: .*\[import.area_without_name\]"):
        call_command("import_agreement", str(bad), "--partnership", "p")
    assert AgreementVersion.objects.count() == 0
