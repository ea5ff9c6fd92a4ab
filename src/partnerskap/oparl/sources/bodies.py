"""The bodies (public partnerships) and their legislative term."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.oparl import mapping
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.prepared import prepare
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.stamps import stamped


def _bodies() -> QuerySet[Any]:
    return partnerships_public().annotate(oparl_pk=F("pk"))


def public_body(pk: int) -> Partnership:
    """The public partnership ``pk`` (``partnerships_public``), as ``get`` would give it, with
    the query compiled once per process; ``Partnership.DoesNotExist`` if there is none."""
    found: list[Partnership] = prepare(("oparl.bodies",), _bodies).where_in("oparl_pk", [pk])
    if not found:
        msg = f"No public partnership {pk}."
        raise Partnership.DoesNotExist(msg)
    return found[0]


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
