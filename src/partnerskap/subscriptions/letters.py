"""A plain e-mail in one language: paragraphs of text, lines of a list, and links, as a text
part and an escaped HTML part (shared by the subscriptions' messages and the secretariats'
digest)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Section:
    heading: str
    #: (text, absolute link or "") per line.
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Letter:
    language: str
    paragraphs: list[str]
    sections: list[Section] = field(default_factory=list)
    #: (text, link) pairs at the end: what to do, how to stop.
    footer: list[tuple[str, str]] = field(default_factory=list)

    def text(self) -> str:
        out = [*self.paragraphs]
        for section in self.sections:
            out.append(section.heading)
            out.extend(
                f"- {text}" + (f"\n  {link}" if link else "") for text, link in section.lines
            )
            out.append("")
        out.extend(f"{text}\n{link}" if link else text for text, link in self.footer)
        return "\n\n".join(p for p in out if p is not None).replace("\n\n\n", "\n\n").strip()

    def html(self) -> str:
        return str(
            format_html(
                '<!DOCTYPE html><html lang="{}"><body>{}</body></html>',
                self.language,
                self.fragment(),
            )
        )

    def fragment(self) -> SafeString:
        def line(text: str, link: str) -> str:
            if link:
                return str(format_html('<a href="{}">{}</a>', link, text))
            return str(format_html("{}", text))

        body = format_html_join("", "<p>{}</p>", ((p,) for p in self.paragraphs if p))
        sections = format_html_join(
            "",
            "<h2>{}</h2><ul>{}</ul>",
            (
                (
                    s.heading,
                    format_html_join("", "<li>{}</li>", ((line(t, u),) for t, u in s.lines)),
                )
                for s in self.sections
            ),
        )
        footer = format_html_join("", "<p>{}</p>", ((line(t, u),) for t, u in self.footer))
        return format_html('<div lang="{}">{}{}{}</div>', self.language, body, sections, footer)


def in_languages(letters: list[Letter]) -> tuple[str, str]:
    """The same message in several languages, one below the other: the text and HTML bodies
    (for people, who have no language of their own yet; docs/notifications.md)."""
    text = "\n\n----------------------------------------\n\n".join(x.text() for x in letters)
    html = format_html(
        '<!DOCTYPE html><html lang="{}"><body>{}</body></html>',
        letters[0].language,
        format_html_join(mark_safe("<hr>"), "{}", ((x.fragment(),) for x in letters)),
    )
    return text, str(html)
