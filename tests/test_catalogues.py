"""The translation catalogues are complete (issue 20): every catalogue of bokmål (nb) and
nynorsk (nn) has no untranslated and no fuzzy message, every nb catalogue has its nn twin, and
each is compiled (the .mo files are tracked). The .po files are read here with a small parser
(no polib), enough for what ``makemessages`` writes."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import partnerskap

PACKAGE = Path(partnerskap.__file__).parent
LANGUAGES = ("nb", "nn")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)


_KEY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def parse(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] = ("", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := _KEY.match(line):
            key, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if key.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = value
            else:
                target = (key, 0)
                if key == "msgid":
                    current.msgid = value
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += value
            elif target[0] == "msgid":
                current.msgid += value
    return [e for e in entries if e.msgstr]


def catalogues(language: str) -> list[Path]:
    return sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize(
    "path",
    [path for language in LANGUAGES for path in catalogues(language)],
    ids=_name,
)
def test_nb_and_nn_catalogues_have_no_untranslated_or_fuzzy_message(path: Path) -> None:
    entries = parse(path)
    assert entries, f"{_name(path)} has no messages"
    header, messages = entries[0], entries[1:]
    assert header.msgid == "", f"{_name(path)} starts without its header"
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    untranslated = [f"line {e.line}: {e.msgid!r}" for e in messages if not all(e.msgstr.values())]
    assert not fuzzy, f"fuzzy in {_name(path)}: {fuzzy}"
    assert not untranslated, f"untranslated in {_name(path)}: {untranslated}"
    assert path.with_suffix(".mo").exists(), f"{_name(path)} is not compiled"


@pytest.mark.parametrize(
    "path",
    [path for language in LANGUAGES for path in catalogues(language)],
    ids=_name,
)
def test_each_compiled_catalogue_holds_exactly_its_po_messages(path: Path) -> None:
    """The tracked .mo is compiled from the .po as it stands: a message edited into one and not
    the other (a .mo built from an older .po lost «Logg inn med …» once) fails here."""
    with path.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    in_mo = {(k[0] if isinstance(k, tuple) else k).split("\x04")[-1] for k in catalog} - {""}
    in_po = {e.msgid for e in parse(path)[1:]}
    assert in_mo == in_po, (
        f"{_name(path)}: recompile it (msgfmt -o …/django.mo …/django.po); only in the .mo: "
        f"{sorted(in_mo - in_po)[:5]}, only in the .po: {sorted(in_po - in_mo)[:5]}"
    )


def test_every_nb_catalogue_has_a_nn_catalogue() -> None:
    """Nynorsk everywhere: each app that speaks bokmål speaks nynorsk too (and the reverse),
    the main catalogue included."""

    def apps(language: str) -> set[str]:
        """``locale`` for the main catalogue, ``<app>/locale`` for an app's."""
        return {str(p.parent.parent.parent.relative_to(PACKAGE)) for p in catalogues(language)}

    assert apps("nn") == apps("nb")
    assert catalogues("nb")


def test_the_parser_sees_fuzzy_and_untranslated_messages(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nn\\n"\n\n'
        '#, fuzzy\nmsgid "Meeting"\nmsgstr "Møte"\n\n'
        'msgid "Agenda"\nmsgstr ""\n\n'
        'msgid "%(n)s item"\nmsgid_plural "%(n)s items"\nmsgstr[0] "%(n)s sak"\nmsgstr[1] ""\n\n'
        'msgctxt "generated document"\nmsgid ""\n"Minutes"\nmsgstr ""\n"Møtebok"\n',
        encoding="utf-8",
    )
    header, fuzzy, empty, plural, wrapped = parse(po)
    assert header.msgid == ""
    assert "fuzzy" in fuzzy.flags
    assert empty.msgstr == {0: ""}
    assert plural.msgstr == {0: "%(n)s sak", 1: ""}
    assert (wrapped.msgid, wrapped.msgstr) == ("Minutes", {0: "Møtebok"})
