"""The portal's way into search: ``search_public`` takes the slugs a search form sends and
returns what ``portal/search.html`` renders (``hits``, ``total`` and a Django ``page_obj``).

It is a thin adapter over ``partnerskap.search.selectors.search``, which is the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString

from partnerskap.agreements.models import CooperationArea, Partnership, Party
from partnerskap.core.params import MAX_YEAR, MIN_YEAR, parse_int
from partnerskap.search.selectors import SearchPage, SearchResult, search


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    date: object
    partnership: str

    @classmethod
    def of(cls, result: SearchResult) -> Hit:
        return cls(
            kind=result.kind,
            kind_label=result.kind_label,
            title=result.title,
            title_html=result.title_html,
            snippet_html=result.snippet,
            url=result.url,
            date=result.date,
            partnership=result.partnership_name,
        )


@dataclass(frozen=True)
class PortalResults:
    page: SearchPage
    hits: list[Hit]
    page_obj: Page[int]

    @property
    def total(self) -> int:
        return self.page.total

    @property
    def total_is_exact(self) -> bool:
        return self.page.total_is_exact


#: Form input: slugs and numbers arrive as text (or already as int).
FormValue = str | int | None
PER_PAGE = 20


def _by_slug(model: type[Partnership | Party], slug: FormValue) -> int | None:
    if not slug:
        return None
    return model.objects.filter(slug=str(slug)).values_list("pk", flat=True).first() or 0


def _year(value: FormValue) -> int | None:
    if value is None or value == "":
        return None
    return parse_int(value, minimum=MIN_YEAR, maximum=MAX_YEAR) or 0


def search_public(
    *,
    query: str,
    page: int = 1,
    partnership: FormValue = None,
    kind: FormValue = None,
    year: FormValue = None,
    area: FormValue = None,
    party: FormValue = None,
) -> PortalResults:
    """Search with the form's values (slugs for partnership, area and party). An unknown
    value finds nothing rather than everything."""
    partnership_id = _by_slug(Partnership, partnership)
    party_id = _by_slug(Party, party)
    area_ids: list[int] | None = None
    if area:
        # Area slugs are unique within one agreement: without a partnership, any of them.
        areas = CooperationArea.objects.filter(slug=str(area))
        if partnership_id is not None:
            areas = areas.filter(part__agreement__partnership=partnership_id)
        area_ids = list(areas.values_list("pk", flat=True)) or [0]
    result = search(
        query=query,
        partnership=partnership_id,
        kind=str(kind) if kind else None,
        year=_year(year),
        area=area_ids,
        party=party_id,
        page=page,
        per_page=PER_PAGE,
    )
    paginator = Paginator(range(result.total), result.per_page)
    return PortalResults(
        page=result,
        hits=[Hit.of(r) for r in result.results],
        page_obj=paginator.get_page(result.page),
    )
