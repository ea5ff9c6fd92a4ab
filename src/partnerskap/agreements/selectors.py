"""Reads for agreements: one place for what is in force, signed, and current."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from partnerskap.agreements.diff import ParagraphDiff, text_diff
from partnerskap.agreements.models import (
    AgreementPart,
    AgreementSection,
    AgreementVersion,
    CooperationArea,
    ElectedBody,
    Partnership,
    Party,
    Signature,
    VersionAdoption,
)
from partnerskap.core import time


def version_in_force(*, part: AgreementPart, on: dt.date | None = None) -> AgreementVersion | None:
    """The version of ``part`` in force on ``on`` (today by default), or None."""
    day = on or time.today()
    return (
        part.versions.filter(in_force_from__isnull=False, in_force_from__lte=day)
        .order_by("-in_force_from", "-number")
        .first()
    )


def version_latest(*, part: AgreementPart) -> AgreementVersion | None:
    return part.versions.order_by("-number").first()


def version_to_amend(*, part: AgreementPart) -> AgreementVersion | None:
    """The text an amendment is proposed against (A10): the version in force, else the latest."""
    return version_in_force(part=part) or version_latest(part=part)


def parties_of_part(*, part: AgreementPart) -> QuerySet[Party]:
    """The parties who must sign a version of ``part`` (A17): those of every partnership that
    uses it."""
    if part.kind == AgreementPart.Kind.SPECIAL:
        return Party.objects.filter(partnerships__agreement__special_part=part).distinct()
    return Party.objects.filter(partnerships__agreement__general_part=part).distinct()


def version_is_signed(*, version: AgreementVersion) -> bool:
    """A version is signed only when every party has signed its copy (A17)."""
    required = set(parties_of_part(part=version.part).values_list("pk", flat=True))
    signed = set(version.signatures.values_list("party_id", flat=True))
    return bool(required) and required <= signed


def areas_current(*, partnership: Partnership) -> QuerySet[CooperationArea]:
    """The cooperation areas of the partnership's special part that are not retired (A3)."""
    return CooperationArea.objects.filter(
        part__agreement__partnership=partnership, retired_in__isnull=True
    ).order_by("position")


def partnership_parties(*, partnership: Partnership) -> QuerySet[Party]:
    return partnership.parties.order_by("partnershipparty__position", "name")


def partnerships_public() -> QuerySet[Partnership]:
    """Partnerships the public may see: all but drafts."""
    return (
        Partnership.objects.exclude(status=Partnership.Status.DRAFT)
        .select_related("agreement__special_part")
        .order_by("-period_start", "name")
    )


def parties_public() -> QuerySet[Party]:
    """Parties the public may see: a party to a public partnership, a member municipality of
    such a party, or the successor of one."""
    public = partnerships_public().values("pk")
    ids = Party.objects.filter(
        Q(partnerships__in=public)
        | Q(council__partnerships__in=public)
        | Q(predecessors__partnerships__in=public)
    ).values("pk")
    return Party.objects.filter(pk__in=ids)


def areas_public() -> QuerySet[CooperationArea]:
    """The current cooperation areas (``areas_current``) of every public partnership: never a
    draft's."""
    return CooperationArea.objects.filter(
        part__agreement__partnership__in=partnerships_public().values("pk"),
        retired_in__isnull=True,
    )


def parties_in_public_partnerships() -> QuerySet[Party]:
    """The parties to a public partnership (without the member municipalities and successors
    that ``parties_public`` adds): never a party only to a draft."""
    return Party.objects.filter(pk__in=partnerships_public().values("parties"))


def bodies_public() -> QuerySet[ElectedBody]:
    """The elected bodies of the public parties (``parties_public``)."""
    return ElectedBody.objects.filter(party__in=parties_public())


# ---------------------------------------------------------------------------- versions: A10, A17


def version_sections(*, version: AgreementVersion) -> QuerySet[AgreementSection]:
    """The version's sections in the order of the text."""
    return AgreementSection.objects.filter(version=version).order_by("position")


def version_signatures(*, version: AgreementVersion) -> list[Signature]:
    """The parties' signatures on ``version`` (A17), each with its party."""
    return list(Signature.objects.filter(version=version).select_related("party"))


def version_adoptions(*, version: AgreementVersion) -> QuerySet[VersionAdoption]:
    """The bodies' decisions that adopted ``version`` (A10), with each body's party."""
    return (
        VersionAdoption.objects.filter(version=version)
        .select_related("elected_body__party")
        .order_by("decided_on", "pk")
    )


def version_previous(*, version: AgreementVersion) -> AgreementVersion | None:
    """The version of the same part just before ``version``."""
    return (
        AgreementVersion.objects.filter(part_id=version.part_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def parts_versions(*, part: AgreementPart) -> QuerySet[AgreementVersion]:
    """The part's versions, the latest first, with their signatures and parties."""
    return (
        AgreementVersion.objects.filter(part=part)
        .prefetch_related("signatures__party")
        .order_by("-number")
    )


@dataclass(frozen=True)
class SectionChange:
    """One section of a version against the version before it (A10)."""

    heading: str
    kind: str  # "changed", "added" or "removed"
    diff: list[ParagraphDiff]


def version_changes(*, version: AgreementVersion) -> list[SectionChange]:
    """Each section that differs from the previous version, in the new text's order, then
    the sections it removed; nothing for a first version. Two queries."""
    previous = version_previous(version=version)
    if previous is None:
        return []
    old = {s.slug: s for s in version_sections(version=previous)}
    changes: list[SectionChange] = []
    kept: set[str] = set()
    for section in version_sections(version=version):
        before = old.get(section.slug)
        kept.add(section.slug)
        if before is None:
            changes.append(SectionChange(section.heading, "added", text_diff("", section.body)))
            continue
        diff = text_diff(before.body, section.body)
        if any(block.changed for block in diff):
            changes.append(SectionChange(section.heading, "changed", diff))
    changes += [
        SectionChange(s.heading, "removed", text_diff(s.body, ""))
        for slug, s in old.items()
        if slug not in kept
    ]
    return changes


# ---------------------------------------------------------------------------- the general part: A14


@dataclass(frozen=True)
class VersionSpan:
    """A version of a part with the days it was in force (``until`` None: still in force)."""

    version: AgreementVersion
    start: dt.date
    until: dt.date | None


def versions_in_force_between(
    *, part: AgreementPart, start: dt.date, end: dt.date
) -> list[VersionSpan]:
    """Which version of ``part`` was in force when, between ``start`` and ``end`` (a
    partnership's period): each version whose days in force meet the period, oldest first,
    with its adoptions and sections prefetched (four queries)."""
    versions = list(
        part.versions.filter(in_force_from__isnull=False)
        .prefetch_related("adoptions__elected_body__party", "sections")
        .order_by("in_force_from", "number")
    )
    spans: list[VersionSpan] = []
    for index, version in enumerate(versions):
        assert version.in_force_from is not None
        following = versions[index + 1] if index + 1 < len(versions) else None
        until = None
        if following is not None and following.in_force_from is not None:
            until = following.in_force_from - dt.timedelta(days=1)
        if version.in_force_from <= end and (until is None or until >= start):
            spans.append(VersionSpan(version, version.in_force_from, until))
    return spans


def general_parts_of(*, county: Party) -> QuerySet[AgreementPart]:
    """The county's general parts with the partnerships that share each."""
    return (
        AgreementPart.objects.filter(kind=AgreementPart.Kind.GENERAL, owner=county)
        .prefetch_related("agreements_sharing__partnership")
        .order_by("title")
    )


def partnership_chain_public(
    *, partnership: Partnership
) -> tuple[Partnership | None, Partnership | None]:
    """The public partnership ``partnership`` continues and the one that continues it (A18):
    a draft renewal is not shown."""
    public = partnerships_public()
    before = (
        public.filter(pk=partnership.predecessor_id).first() if partnership.predecessor_id else None
    )
    return before, public.filter(predecessor=partnership).first()
