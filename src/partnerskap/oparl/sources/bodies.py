"""The bodies (public partnerships) and their legislative term."""

from __future__ import annotations

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.oparl import mapping
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.stamps import stamped


def body_segments(urls: Urls) -> list[Segment]:
    def render(rows: list[Partnership]) -> list[OParlObject]:
        return [mapping.body(p, urls=urls) for p in rows]

    return [Segment("Body", "", lambda: stamped(partnerships_public()), render, template="all")]


def legislative_term_segments(scope: Scope) -> list[Segment]:
    def render(rows: list[Partnership]) -> list[OParlObject]:
        return [mapping.legislative_term(p, urls=scope.urls) for p in rows]

    return [
        Segment(
            "LegislativeTerm",
            "",
            lambda: stamped(Partnership.objects.filter(pk=scope.pk)),
            render,
            template=scope.pk,
        )
    ]
