"""The URLs of the OParl objects and lists, and the portal pages they link to (``web``).

An object's ``id`` is the URL it is fetched from (spec 2.4, canonical URLs), so every URL is
made here, from a reference: (OParl type, kind, primary key) inside a body. The kinds tell
apart objects of one OParl type that come from different tables (an Organization is a party,
an elected body, a committee or the partnership meeting). ``urls.py`` routes exactly these
paths; the crawl test proves every URL made here resolves to the object that names it.

Paths hold only primary keys, never names or slugs (spec 2.4: properties that change are not
part of a URL).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

#: OParl type → the path segment of one object.
OBJECT_SEGMENT: Final = {
    "Organization": "organization",
    "Person": "person",
    "Membership": "membership",
    "Meeting": "meeting",
    "AgendaItem": "agenda-item",
    "Paper": "paper",
    "Consultation": "consultation",
    "File": "file",
    "Location": "location",
    "LegislativeTerm": "legislative-term",
}

#: The kinds of each OParl type that comes from more than one table, in list order.
KINDS: Final[dict[str, tuple[str, ...]]] = {
    "Organization": ("partnership-meeting", "party", "elected-body", "committee"),
    "Membership": ("delegate", "committee"),
    "Paper": ("proposal",),
    "Consultation": ("meeting", "follow-up"),
    "File": ("document",),
}

#: The body's external lists: the Body property → (OParl type, path segment).
LISTS: Final = {
    "organization": ("Organization", "organizations"),
    "person": ("Person", "people"),
    "meeting": ("Meeting", "meetings"),
    "paper": ("Paper", "papers"),
    "agendaItem": ("AgendaItem", "agenda-items"),
    "consultation": ("Consultation", "consultations"),
    "file": ("File", "files"),
    "membership": ("Membership", "memberships"),
    "locationList": ("Location", "locations"),
    "legislativeTermList": ("LegislativeTerm", "legislative-terms"),
}

_SLUG = "oparl-slug-placeholder"
_PK = 918273645


@functools.cache
def _document_file_template() -> str:
    return reverse("documents:file", kwargs={"pk": _PK})


@functools.cache
def _portal_template(name: str, language: str, *, slug: bool, with_pk: bool) -> str:
    kwargs: dict[str, str | int] = {}
    if slug:
        kwargs["partnership"] = _SLUG
    if with_pk:
        kwargs["pk"] = _PK
    with translation.override(language):
        return reverse(f"portal:{name}", kwargs=kwargs)


@dataclass(frozen=True)
class Urls:
    """Absolute URLs for one request's host (``request.build_absolute_uri``)."""

    root: str  # the System's URL, ending in a slash
    origin: str  # scheme and host, for the portal's pages

    @classmethod
    def for_request(cls, request: HttpRequest) -> Urls:
        root = request.build_absolute_uri(reverse("oparl:system"))
        origin = request.build_absolute_uri("/").rstrip("/")
        return cls(root=root, origin=origin)

    # -- the OParl API

    def system(self) -> str:
        return self.root

    def bodies(self) -> str:
        return f"{self.root}bodies/"

    def body(self, body: int) -> str:
        return f"{self.root}body/{body}/"

    def list(self, body: int, segment: str) -> str:
        return f"{self.root}body/{body}/{segment}/"

    def object(self, body: int, oparl_type: str, pk: int, kind: str = "") -> str:
        kind_part = f"{kind}/" if kind else ""
        return f"{self.root}body/{body}/{OBJECT_SEGMENT[oparl_type]}/{kind_part}{pk}/"

    def organization(self, body: int, kind: str, pk: int) -> str:
        return self.object(body, "Organization", pk, kind)

    def partnership_meeting(self, body: int) -> str:
        """The body's own organisation: the partnership meeting (one per partnership)."""
        return self.organization(body, "partnership-meeting", body)

    def person(self, body: int, pk: int) -> str:
        return self.object(body, "Person", pk)

    def membership(self, body: int, kind: str, pk: int) -> str:
        return self.object(body, "Membership", pk, kind)

    def meeting(self, body: int, pk: int) -> str:
        return self.object(body, "Meeting", pk)

    def agenda_item(self, body: int, pk: int) -> str:
        return self.object(body, "AgendaItem", pk)

    def paper(self, body: int, kind: str, pk: int) -> str:
        return self.object(body, "Paper", pk, kind)

    def consultation(self, body: int, kind: str, pk: int) -> str:
        return self.object(body, "Consultation", pk, kind)

    def file(self, body: int, kind: str, pk: int) -> str:
        return self.object(body, "File", pk, kind)

    def location(self, body: int, pk: int) -> str:
        return self.object(body, "Location", pk)

    def legislative_term(self, body: int) -> str:
        """The agreement period; its key is the partnership's, since each has one."""
        return self.object(body, "LegislativeTerm", body)

    # -- the bytes of a public file (``accessUrl``, ``downloadUrl``)

    def document_file(self, pk: int) -> str:
        """The documents app's download view of a stored file (``DocumentFile`` pk)."""
        return f"{self.origin}{_document_file_template().replace(str(_PK), str(pk))}"

    def file_access(self, pk: int) -> str:
        """The same file served inline (``views.file_content``), for types the documents
        view sends as attachments."""
        return f"{self.root}file-content/{pk}/"

    def file_download(self, pk: int) -> str:
        """The same file as an attachment, for types the documents view shows inline."""
        return f"{self.root}file-content/{pk}/download/"

    # -- the public portal (``web``), in the site's default language

    def web_home(self) -> str:
        path = _portal_template("home", settings.LANGUAGE_CODE, slug=False, with_pk=False)
        return f"{self.origin}{path}"

    def web(self, name: str, slug: str, pk: int | None = None) -> str:
        template = _portal_template(name, settings.LANGUAGE_CODE, slug=True, with_pk=pk is not None)
        path = template if pk is None else template.replace(str(_PK), str(pk))
        return f"{self.origin}{path.replace(_SLUG, slug)}"
