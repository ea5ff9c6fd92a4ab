"""Reads an agreement's special part written in Markdown, like the seed agreement.

The parser is pure: ``parse_agreement(data)`` turns bytes into a ``ParsedAgreement`` or raises
``AgreementImportError`` naming the problem and the line. Storing is the job of
``agreements.services.agreement_import``, in one transaction.

Expected shape (see ``demo/data/*.md``)::

    # PARTNERSKAPSAVTALE            <- title
    2020 – 2024                     <- period
    ## Spesiell del                 <- the part
    mellom / <party> / og / <party> <- parties, one paragraph each
    ### Samarbeidsområder           <- areas: one bullet each, the name in bold
    - **Name.** Description …
    ### …                          <- further sections
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

from partnerskap.core.errors import DomainError
from partnerskap.core.text import slugify_nb

PERIOD_RE = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
AREAS_HEADING = "samarbeidsområder"
SPECIAL_PART_HEADING = "spesiell del"
GENERAL_PART_HEADING = "generell del"
BOLD_LEAD_RE = re.compile(r"^\s*(\*\*|__)(?P<name>.+?)\1\s*(?P<rest>.*)$", re.DOTALL)
#: A heading: its token index, level, text and line.
Heading = tuple[int, int, str, int]


class AgreementImportError(DomainError):
    def __init__(self, code: str, message: str, *, line: int | None = None) -> None:
        self.line = line
        if line is not None:
            message = _("Line %(line)d: %(message)s") % {"line": line, "message": message}
        super().__init__(code, message)


@dataclass(frozen=True)
class ParsedArea:
    name: str
    slug: str
    description: str
    line: int


@dataclass(frozen=True)
class ParsedSection:
    heading: str
    slug: str
    level: int
    body: str
    line: int


@dataclass(frozen=True)
class ParsedAgreement:
    title: str
    period_start_year: int
    period_end_year: int
    party_names: list[str]
    sections: list[ParsedSection]
    areas: list[ParsedArea]
    sha256: str
    kind: str = "special"
    preamble: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if not data.strip():
        raise AgreementImportError("import.empty", _("The file is empty."))
    if b"\x00" in data[:8192]:
        raise AgreementImportError(
            "import.not_markdown",
            _("The file is binary (for example a PDF or Word file), not Markdown text."),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AgreementImportError(
            "import.not_utf8",
            _("The file is not UTF-8 text; save it as UTF-8 and try again."),
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _clean_heading(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _paragraphs(tokens: list[Token], start: int, stop: int) -> list[tuple[str, int]]:
    """Top-level paragraphs' inline text between two token indexes, with their line."""
    found = []
    for i in range(start, stop):
        token = tokens[i]
        if token.type == "inline" and tokens[i - 1].type == "paragraph_open" and token.level == 1:
            found.append((token.content.strip(), _line(tokens[i - 1])))
    return found


def parse_agreement(data: bytes) -> ParsedAgreement:
    text = _decode(data)
    sha256 = hashlib.sha256(text.strip().encode()).hexdigest()
    lines = text.split("\n")
    tokens = MarkdownIt("commonmark").parse(text)

    headings = _headings(tokens)
    title = headings[0][2]
    part_index, _part_level, _part_heading, part_line = _special_part_heading(headings)
    start_year, end_year = _period(tokens, headings[0], part_index)

    sections_after = [h for h in headings if h[0] > part_index]
    part_end = sections_after[0][0] if sections_after else len(tokens)
    party_names = _parse_parties(_paragraphs(tokens, part_index, part_end), part_line)

    sections = _sections(headings, part_index, tokens, lines)
    areas_heading = next((h for h in headings if h[2].casefold() == AREAS_HEADING), None)
    if areas_heading is None:
        raise AgreementImportError(
            "import.no_areas_section",
            _("No «Samarbeidsområder» section found; the special part must list its areas."),
            line=part_line,
        )
    areas = _parse_areas(tokens, headings, areas_heading)

    return ParsedAgreement(
        title=title,
        period_start_year=start_year,
        period_end_year=end_year,
        party_names=party_names,
        sections=sections,
        areas=areas,
        sha256=sha256,
    )


def _headings(tokens: list[Token]) -> list[Heading]:
    """Every heading; a file without one is no agreement in Markdown."""
    headings = [
        (i, int(tok.tag[1]), _clean_heading(tokens[i + 1].content), _line(tok))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    if not headings:
        if any(tok.type == "html_block" for tok in tokens):
            raise AgreementImportError(
                "import.not_markdown",
                _("The file looks like HTML, not Markdown. Export the agreement as Markdown."),
                line=1,
            )
        raise AgreementImportError(
            "import.not_markdown",
            _(
                "No headings found, so this is not an agreement in Markdown. The file must "
                "start with a title such as «# PARTNERSKAPSAVTALE»."
            ),
            line=1,
        )
    return headings


def _special_part_heading(headings: list[Heading]) -> Heading:
    """The «Spesiell del» heading; a general part is refused."""
    part = next(
        (h for h in headings if h[2].casefold() in (SPECIAL_PART_HEADING, GENERAL_PART_HEADING)),
        None,
    )
    if part is None:
        raise AgreementImportError(
            "import.no_part",
            _("No «Spesiell del» heading found; the importer reads an agreement's special part."),
            line=headings[0][3],
        )
    if part[2].casefold() == GENERAL_PART_HEADING:
        raise AgreementImportError(
            "import.general_part",
            _(
                "This is a general part; the importer reads special parts. Register a general "
                "part in the admin."
            ),
            line=part[3],
        )
    return part


def _period(tokens: list[Token], title: Heading, part_index: int) -> tuple[int, int]:
    """The agreement period's first and last year, on its own line between the title and the
    special part."""
    period = None
    for content, line in _paragraphs(tokens, title[0], part_index):
        match = PERIOD_RE.match(content)
        if match:
            period = (int(match.group(1)), int(match.group(2)), line)
            break
    if period is None:
        raise AgreementImportError(
            "import.no_period",
            _(
                "No agreement period found between the title and «Spesiell del»; write it on "
                "its own line, e.g. «2020 – 2024»."
            ),
            line=title[3],
        )
    start_year, end_year, period_line = period
    if end_year < start_year:
        raise AgreementImportError(
            "import.bad_period",
            _("The period ends (%(end)d) before it starts (%(start)d).")
            % {"end": end_year, "start": start_year},
            line=period_line,
        )
    return start_year, end_year


def _parse_parties(paragraphs: list[tuple[str, int]], part_line: int) -> list[str]:
    words = [content.casefold() for content, _line_no in paragraphs]
    if "mellom" not in words:
        raise AgreementImportError(
            "import.no_parties",
            _(
                "The parties are missing: under «Spesiell del» write «mellom», the first "
                "party, «og» and the second party, each on its own line."
            ),
            line=part_line,
        )
    i = words.index("mellom") + 1
    names: list[str] = []
    while i < len(paragraphs):
        name, line = paragraphs[i]
        if not name or name.casefold() in ("og", "mellom") or len(name) > 200:
            raise AgreementImportError(
                "import.bad_party", _("Expected a party's name here."), line=line
            )
        names.append(" ".join(name.split()))
        if i + 1 < len(paragraphs) and words[i + 1] == "og":
            i += 2
            continue
        break
    if len(names) < 2:
        raise AgreementImportError(
            "import.no_parties",
            _("An agreement needs at least two parties («mellom» A «og» B)."),
            line=paragraphs[words.index("mellom")][1],
        )
    return names


def _sections(
    headings: list[Heading],
    part_index: int,
    tokens: list[Token],
    lines: list[str],
) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    relevant = [h for h in headings if h[0] >= part_index]
    seen: set[str] = set()
    for n, (index, level, heading, line) in enumerate(relevant):
        heading_map = tokens[index].map or [line - 1, line]
        body_start = heading_map[1]
        if n + 1 < len(relevant):
            next_map = tokens[relevant[n + 1][0]].map or [len(lines), len(lines)]
            body_end = next_map[0]
        else:
            body_end = len(lines)
        slug = slugify_nb(heading) or f"section-{n + 1}"
        base, k = slug, 2
        while slug in seen:
            slug, k = f"{base}-{k}", k + 1
        seen.add(slug)
        sections.append(
            ParsedSection(
                heading=heading,
                slug=slug,
                level=level,
                body="\n".join(lines[body_start:body_end]).strip(),
                line=line,
            )
        )
    return sections


def _parse_areas(
    tokens: list[Token],
    headings: list[Heading],
    areas_heading: Heading,
) -> list[ParsedArea]:
    start, level, _heading, heading_line = areas_heading
    stop = next((h[0] for h in headings if h[0] > start and h[1] <= level), len(tokens))
    areas: list[ParsedArea] = []
    slugs: set[str] = set()
    list_depth = 0
    for i in range(start, stop):
        token = tokens[i]
        if token.type == "bullet_list_open":
            list_depth += 1
        elif token.type == "bullet_list_close":
            list_depth -= 1
        elif token.type == "list_item_open" and list_depth == 1:
            inline = next(t for t in tokens[i:stop] if t.type == "inline")
            match = BOLD_LEAD_RE.match(inline.content)
            line = _line(token)
            if match is None:
                raise AgreementImportError(
                    "import.area_without_name",
                    _(
                        "Each bullet under «Samarbeidsområder» must start with the area's name "
                        "in bold, e.g. «- **Digitalisering.** Description»."
                    ),
                    line=line,
                )
            name = " ".join(match.group("name").split()).rstrip(".:").strip()
            slug = slugify_nb(name)
            if not name or not slug:
                raise AgreementImportError(
                    "import.area_without_name", _("The area's name is empty."), line=line
                )
            if slug in slugs:
                raise AgreementImportError(
                    "import.duplicate_area",
                    _("The area «%(name)s» is listed twice.") % {"name": name},
                    line=line,
                )
            slugs.add(slug)
            description = " ".join(match.group("rest").split())
            areas.append(ParsedArea(name=name, slug=slug, description=description, line=line))
    if not areas:
        raise AgreementImportError(
            "import.no_areas",
            _("The «Samarbeidsområder» section lists no areas; write one bullet per area."),
            line=heading_line,
        )
    return areas


def areas_from_section(body: str) -> list[ParsedArea]:
    """The cooperation areas stated in a «Samarbeidsområder» section's text (for amendments)."""
    text = f"### Samarbeidsområder\n\n{body}\n"
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        (i, int(tok.tag[1]), _clean_heading(tokens[i + 1].content), _line(tok))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    return _parse_areas(tokens, headings, headings[0])
