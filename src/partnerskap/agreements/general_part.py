"""The county's general part (A14): its own versioned text, shared by the partnerships that
reference it and amended by one decision of a body of the county that owns it.

The special part's versions take force when every party has adopted them (A10,
``followup_record``); a general part belongs to one county, so one decision of one of its
bodies adopts the next version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partnerskap.agreements.models import (
    Agreement,
    AgreementPart,
    AgreementSection,
    AgreementVersion,
    ElectedBody,
    Party,
    VersionAdoption,
)
from partnerskap.agreements.selectors import version_latest, version_sections
from partnerskap.agreements.services import sections_copy
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.core.text import slugify_nb


@dataclass(frozen=True)
class SectionText:
    """One headed section of a general part's text."""

    heading: str
    body: str


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_county(county: Party) -> None:
    if county.kind != Party.Kind.COUNTY:
        raise DomainError(
            "agreements.general_part.not_county",
            _("Only a county has a general part; %(party)s is not a county.") % {"party": county},
        )


def _sections_create(version: AgreementVersion, sections: Sequence[SectionText]) -> None:
    used: set[str] = set()
    rows = []
    for position, section in enumerate(sections):
        slug = base = slugify_nb(section.heading)[:90] or "del"
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        rows.append(
            AgreementSection(
                version=version,
                position=position,
                level=2,
                slug=slug,
                heading=section.heading.strip()[:200],
                body=section.body.strip(),
            )
        )
    AgreementSection.objects.bulk_create(rows)


@transaction.atomic
def general_part_create(
    *,
    county: Party,
    title: str,
    sections: Sequence[SectionText],
    in_force_from: dt.date,
    actor: Actor,
) -> AgreementPart:
    """A county's general part with its first version, in force from ``in_force_from``."""
    _check_county(county)
    if not [s for s in sections if s.heading.strip()]:
        raise DomainError(
            "agreements.general_part.empty", _("A general part needs at least one section.")
        )
    part = AgreementPart(kind=AgreementPart.Kind.GENERAL, title=title.strip(), owner=county)
    part.full_clean()
    part.save()
    version = AgreementVersion(part=part, number=1, title=part.title, in_force_from=in_force_from)
    version.full_clean()
    version.save()
    _sections_create(version, [s for s in sections if s.heading.strip()])
    audit.record(
        "agreements.general_part.created",
        actor=actor,
        target=part,
        data={"county": county.slug, "in_force_from": in_force_from.isoformat()},
    )
    return part


def _check_amendment(
    *,
    part: AgreementPart,
    latest: AgreementVersion | None,
    elected_body: ElectedBody,
    decided_on: dt.date,
    in_force_from: dt.date,
) -> AgreementVersion:
    if part.kind != AgreementPart.Kind.GENERAL or latest is None:
        raise DomainError(
            "agreements.general_part.not_general", _("Only a general part can be amended here.")
        )
    if elected_body.party_id != part.owner_id:
        raise DomainError(
            "agreements.general_part.other_party",
            _("The general part belongs to %(owner)s: only a body of %(owner)s can amend it.")
            % {"owner": part.owner},
        )
    if in_force_from < decided_on:
        raise DomainError(
            "agreements.general_part.before_decision",
            _("The new text cannot be in force before it was decided (%(date)s).")
            % {"date": _date(decided_on)},
        )
    if latest.in_force_from is not None and in_force_from <= latest.in_force_from:
        raise DomainError(
            "agreements.general_part.before_previous",
            _("Version %(number)d is in force from %(date)s: the new version must start later.")
            % {"number": latest.number, "date": _date(latest.in_force_from)},
        )
    return latest


def _amended_sections(
    latest: AgreementVersion, sections: Mapping[str, str]
) -> tuple[list[AgreementSection], list[str]]:
    old = list(version_sections(version=latest))
    unknown = set(sections) - {s.slug for s in old}
    if unknown:
        raise DomainError(
            "agreements.general_part.unknown_section",
            _("The text has no such section; reload the page and try again."),
        )
    changed = [
        s.slug for s in old if s.slug in sections and sections[s.slug].strip() != s.body.strip()
    ]
    if not changed:
        raise DomainError(
            "agreements.general_part.unchanged",
            _("Nothing in the text was changed: change at least one section."),
        )
    return old, changed


@transaction.atomic
def general_part_amend(
    *,
    part: AgreementPart,
    sections: Mapping[str, str],
    decision_reference: str,
    decided_on: dt.date,
    elected_body: ElectedBody,
    in_force_from: dt.date,
    actor: Actor,
) -> AgreementVersion:
    """The next version of a general part: the sections' changed text (slug → text), adopted by
    one decision of a body of the owner county, in force from ``in_force_from``."""
    latest = _check_amendment(
        part=part,
        latest=version_latest(part=part),
        elected_body=elected_body,
        decided_on=decided_on,
        in_force_from=in_force_from,
    )
    old, changed = _amended_sections(latest, sections)
    version = AgreementVersion(
        part=part, number=latest.number + 1, title=part.title, in_force_from=in_force_from
    )
    version.full_clean()
    version.save()
    sections_copy(
        version=version, sections=old, bodies={slug: sections[slug].strip() for slug in changed}
    )
    adoption = VersionAdoption(
        version=version,
        elected_body=elected_body,
        decision_reference=decision_reference.strip(),
        decided_on=decided_on,
    )
    adoption.full_clean()
    adoption.save()
    audit.record(
        "agreements.general_part.amended",
        actor=actor,
        target=version,
        data={
            "number": version.number,
            "body": elected_body.slug,
            "decision_reference": adoption.decision_reference,
            "in_force_from": in_force_from.isoformat(),
            "sections": changed,
        },
    )
    return version


def _may_use(part: AgreementPart, agreement: Agreement) -> bool:
    """The part's owner is a county party of the partnership, or the successor of one."""
    owner = part.owner_id
    if owner is None:
        return False
    parties = agreement.partnership.parties.filter(kind=Party.Kind.COUNTY)
    return parties.filter(Q(pk=owner) | Q(successor_id=owner)).exists()


@transaction.atomic
def agreement_general_part_set(
    *, agreement: Agreement, part: AgreementPart, actor: Actor
) -> Agreement:
    """Let ``agreement`` reference the county's general part (A14)."""
    if part.kind != AgreementPart.Kind.GENERAL:
        raise DomainError("agreements.general_part.not_general", _("Choose a general part."))
    if not _may_use(part, agreement):
        raise DomainError(
            "agreements.general_part.not_a_party",
            _("%(owner)s is not a party to %(partnership)s: its general part cannot apply.")
            % {"owner": part.owner, "partnership": agreement.partnership},
        )
    agreement.general_part = part
    agreement.full_clean()
    agreement.save(update_fields=["general_part", "modified"])
    audit.record(
        "agreements.general_part.set",
        actor=actor,
        target=agreement.partnership,
        data={"title": part.title},
    )
    return agreement
