"""Writes for agreements. Each service is one transaction, validates before it saves, and
records what it did in the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.importer import ParsedAgreement, parse_agreement
from partnerskap.agreements.models import (
    Agreement,
    AgreementPart,
    AgreementSection,
    AgreementVersion,
    CooperationArea,
    ElectedBody,
    Partnership,
    PartnershipParty,
    Party,
    PartySuccession,
    Signature,
    VersionAdoption,
)
from partnerskap.agreements.selectors import parties_of_part, version_in_force, version_latest
from partnerskap.core import audit, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.text import slugify_nb


@dataclass
class ImportResult:
    partnership: Partnership
    version: AgreementVersion
    created: bool
    areas_added: list[str] = field(default_factory=list)
    areas_retired: list[str] = field(default_factory=list)


def _normalise(name: str) -> str:
    return " ".join(name.casefold().split())


def _infer_kind(name: str) -> str:
    folded = _normalise(name)
    if "fylkeskommune" in folded:
        return Party.Kind.COUNTY
    if "råd" in folded.split() or "regionråd" in folded:
        return Party.Kind.REGIONAL_COUNCIL
    if "kommune" in folded:
        return Party.Kind.MUNICIPALITY
    raise DomainError(
        "import.party_kind_unknown",
        _(
            "Cannot tell what kind of party «%(name)s» is; register the party in the admin "
            "first (with this spelling as an alternative name)."
        )
        % {"name": name},
    )


def _resolve_party(name: str, *, existing: list[Party]) -> Party | None:
    """Find the party a document means: by name or alternative name, then by kind among the
    partnership's parties when exactly one has that kind."""
    wanted = _normalise(name)
    candidates = existing or list(Party.objects.all())
    for party in candidates:
        if wanted in {_normalise(party.name), *(_normalise(a) for a in party.alternative_names)}:
            return party
    if existing:
        kind = _infer_kind(name)
        same_kind = [p for p in existing if p.kind == kind]
        if len(same_kind) == 1:
            return same_kind[0]
    return None


def _parties_for(parsed: ParsedAgreement, partnership: Partnership | None) -> list[Party]:
    existing = list(partnership.parties.all()) if partnership else []
    parties: list[Party] = []
    for name in parsed.party_names:
        party = _resolve_party(name, existing=existing)
        if party is None and existing:
            raise DomainError(
                "import.party_not_in_partnership",
                _(
                    "The party «%(name)s» is not a party to the partnership «%(partnership)s»; "
                    "check the name, or add it as an alternative name of the right party."
                )
                % {"name": name, "partnership": partnership},
            )
        if party is None:
            slug = slugify_nb(name, max_length=80)
            party = Party(name=name, slug=slug, kind=_infer_kind(name))
            party.full_clean()
            party.save()
        parties.append(party)
    return parties


@transaction.atomic
def agreement_import(
    *,
    data: bytes,
    partnership_slug: str,
    source_name: str = "",
    in_force_from: dt.date | None = None,
    actor: Actor,
) -> ImportResult:
    """Import an agreement's special part (see ``importer``) into a partnership.

    The same text again changes nothing; a changed text becomes a new version. The first
    version takes force at the start of the period; a later one when ``in_force_from`` is
    given, otherwise it waits for adoption (A10). Nothing is written if anything is wrong.
    """
    parsed = parse_agreement(data)
    partnership = _partnership_matching(parsed, partnership_slug)
    parties = _parties_for(parsed, partnership)
    if partnership is None:
        partnership = _partnership_create(parsed, partnership_slug, parties)
    part = _special_part(parsed, partnership)

    latest = version_latest(part=part)
    same = part.versions.filter(source_sha256=parsed.sha256).order_by("-number").first()
    if same is not None:
        # This text is already recorded (perhaps amended since): nothing to import.
        return ImportResult(partnership=partnership, version=same, created=False)

    number = 1 if latest is None else latest.number + 1
    version = _version_create(parsed, part=part, number=number, source_name=source_name)
    result = ImportResult(partnership=partnership, version=version, created=True)
    # The first version takes force at the start of the file's period.
    period_start = dt.date(parsed.period_start_year, 1, 1)
    effective = in_force_from or (period_start if latest is None else None)
    if effective is not None:
        added, retired = _put_in_force(version=version, in_force_from=effective)
        result.areas_added, result.areas_retired = added, retired
    audit.record(
        "agreements.version.imported",
        actor=actor,
        target=version,
        data={"source": source_name, "sha256": parsed.sha256, "number": number},
    )
    return result


def _partnership_matching(parsed: ParsedAgreement, slug: str) -> Partnership | None:
    """The partnership the file is imported into, if it exists; its period must be the
    file's."""
    partnership = Partnership.objects.filter(slug=slug).first()
    years = (parsed.period_start_year, parsed.period_end_year)
    if (
        partnership is not None
        and (
            partnership.period_start.year,
            partnership.period_end.year,
        )
        != years
    ):
        raise DomainError(
            "import.period_mismatch",
            _(
                "The file's period (%(file)s) differs from the partnership's (%(ours)s); "
                "import it into a renewed partnership instead."
            )
            % {
                "file": f"{parsed.period_start_year}–{parsed.period_end_year}",
                "ours": f"{partnership.period_start.year}–{partnership.period_end.year}",
            },
        )
    return partnership


def _partnership_create(parsed: ParsedAgreement, slug: str, parties: list[Party]) -> Partnership:
    """A new partnership for the file's period, with its parties in the file's order."""
    partnership = Partnership(
        name=f"{' – '.join(p.short_name or p.name for p in parties)} "
        f"{parsed.period_start_year}–{parsed.period_end_year}",
        slug=slug,
        period_start=dt.date(parsed.period_start_year, 1, 1),
        period_end=dt.date(parsed.period_end_year, 12, 31),
    )
    partnership.full_clean()
    partnership.save()
    for position, party in enumerate(parties):
        PartnershipParty.objects.create(partnership=partnership, party=party, position=position)
    return partnership


def _special_part(parsed: ParsedAgreement, partnership: Partnership) -> AgreementPart:
    """The partnership's special part, with its agreement made the first time."""
    agreement = (
        Agreement.objects.filter(partnership=partnership).select_related("special_part").first()
    )
    if agreement is None:
        part = AgreementPart.objects.create(
            kind=AgreementPart.Kind.SPECIAL, title=f"Spesiell del – {partnership.name}"
        )
        agreement = Agreement.objects.create(
            partnership=partnership, title=parsed.title.capitalize(), special_part=part
        )
    return agreement.special_part


def _version_create(
    parsed: ParsedAgreement, *, part: AgreementPart, number: int, source_name: str
) -> AgreementVersion:
    """A new version of the part with the file's sections and areas, not yet in force."""
    version = AgreementVersion(
        part=part,
        number=number,
        title=f"{parsed.title.capitalize()} {parsed.period_start_year}–{parsed.period_end_year}, "
        "spesiell del",
        in_force_from=None,
        source_name=source_name[:255],
        source_sha256=parsed.sha256,
        areas_snapshot=[
            {"slug": a.slug, "name": a.name, "description": a.description} for a in parsed.areas
        ],
    )
    version.full_clean()
    version.save()
    AgreementSection.objects.bulk_create(
        AgreementSection(
            version=version,
            position=position,
            level=section.level,
            slug=section.slug,
            heading=section.heading[:200],
            body=section.body,
        )
        for position, section in enumerate(parsed.sections)
    )
    return version


def _put_in_force(
    *, version: AgreementVersion, in_force_from: dt.date
) -> tuple[list[str], list[str]]:
    version.in_force_from = in_force_from
    version.save(update_fields=["in_force_from", "modified"])
    part = version.part
    current = {area.slug: area for area in part.areas.all()}
    wanted = [dict(a) for a in version.areas_snapshot]
    added: list[str] = []
    for position, area_data in enumerate(wanted):
        area = current.get(area_data["slug"])
        if area is None:
            area = CooperationArea(part=part, slug=area_data["slug"], introduced_in=version)
            added.append(area_data["slug"])
        area.name = area_data["name"]
        area.description = area_data["description"]
        area.position = position
        area.retired_in = None
        area.full_clean()
        area.save()
    wanted_slugs = {a["slug"] for a in wanted}
    retired = [
        area.slug
        for area in current.values()
        if area.slug not in wanted_slugs and area.retired_in_id is None
    ]
    part.areas.filter(slug__in=retired).update(retired_in=version)
    return added, retired


@transaction.atomic
def agreement_version_put_in_force(
    *, version: AgreementVersion, in_force_from: dt.date, actor: Actor
) -> AgreementVersion:
    """Bring an adopted version into force; its cooperation areas replace the old ones (A3)."""
    if version.in_force_from is not None:
        raise DomainError(
            "agreements.version.already_in_force",
            _("Version %(number)d is already in force from %(date)s.")
            % {"number": version.number, "date": version.in_force_from.strftime("%d.%m.%Y")},
        )
    added, retired = _put_in_force(version=version, in_force_from=in_force_from)
    audit.record(
        "agreements.version.in_force",
        actor=actor,
        target=version,
        data={"in_force_from": in_force_from.isoformat(), "added": added, "retired": retired},
    )
    return version


def _check_signing_date(version: AgreementVersion, signed_on: dt.date) -> None:
    """A17: a signature is recorded when it has happened, and signs an adopted text: never
    dated in the future, nor before the last body adopted the version."""
    if signed_on > time.today():
        raise DomainError(
            "agreements.signature.date_future",
            _("A signature cannot be dated in the future; record it when the copy is signed."),
            field="signed_on",
        )
    adopted = (
        VersionAdoption.objects.filter(version=version)
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    if adopted is not None and signed_on < adopted:
        raise DomainError(
            "agreements.signature.before_adoption",
            _("Version %(number)d was adopted on %(date)s; date the signature on or after it.")
            % {"number": version.number, "date": adopted.strftime("%d.%m.%Y")},
            field="signed_on",
        )


@transaction.atomic
def signature_record(
    *,
    version: AgreementVersion,
    party: Party,
    signatory_name: str,
    signatory_role: str,
    place: str,
    signed_on: dt.date,
    actor: Actor,
) -> Signature:
    """Record one party's signature on its copy of a version (A17)."""
    if not parties_of_part(part=version.part).filter(pk=party.pk).exists():
        raise DomainError(
            "agreements.signature.not_a_party",
            _("%(party)s is not a party to this agreement and cannot sign it.") % {"party": party},
        )
    if version.signatures.filter(party=party).exists():
        raise DomainError(
            "agreements.signature.already_signed",
            _("%(party)s has already signed version %(number)d.")
            % {"party": party, "number": version.number},
        )
    _check_signing_date(version, signed_on)
    signature = Signature(
        version=version,
        party=party,
        signatory_name=signatory_name,
        signatory_role=signatory_role,
        place=place,
        signed_on=signed_on,
    )
    signature.full_clean()
    signature.save()
    audit.record(
        "agreements.signature.recorded",
        actor=actor,
        target=signature,
        data={"version": version.number, "party": party.slug},
    )
    return signature


@dataclass(frozen=True)
class RenewalText:
    """The new special part of a renewal (A18): an uploaded Markdown file (``data``, read by the
    importer) or, when ``data`` is None, a copy of the old text in force as version 1 to edit.
    ``area_slugs`` keeps a subset of the copied text's cooperation areas (None: all)."""

    data: bytes | None = None
    source_name: str = ""
    area_slugs: frozenset[str] | None = None


def _renewal_refusals(
    partnership: Partnership, *, slug: str, period_start: dt.date, period_end: dt.date
) -> None:
    if period_start <= partnership.period_end:
        raise DomainError(
            "agreements.partnership.renewal_overlaps",
            _("A renewal starts after the current period ends (%(end)s).")
            % {"end": partnership.period_end.strftime("%d.%m.%Y")},
            field="period_start",
        )
    if period_end <= period_start:
        raise DomainError(
            "agreements.partnership.period_backwards",
            _("The new period must end after it starts."),
            field="period_end",
        )
    if Partnership.objects.filter(predecessor=partnership).exists():
        raise ConflictError(
            "agreements.partnership.already_renewed",
            _("%(partnership)s has already been renewed.") % {"partnership": partnership},
        )
    if Partnership.objects.filter(slug=slug).exists():
        raise DomainError(
            "agreements.partnership.slug_taken",
            _("The web address «%(slug)s» is already used by another partnership; choose another.")
            % {"slug": slug},
            field="slug",
        )


def renewal_parties(partnership: Partnership, period_start: dt.date) -> list[Party]:
    """The old partnership's parties, each ended one replaced by its successor (A18)."""
    parties: list[Party] = []
    for old_party in partnership.parties.order_by("partnershipparty__position"):
        party = old_party
        while party.successor is not None and not party.is_active_on(period_start):
            party = party.successor
        if party not in parties:
            parties.append(party)
    return parties


@transaction.atomic
def partnership_renew(
    *,
    partnership: Partnership,
    name: str,
    slug: str,
    period_start: dt.date,
    period_end: dt.date,
    parties: list[Party] | None = None,
    text: RenewalText | None = None,
    actor: Actor,
) -> Partnership:
    """Renew a partnership into a new period (A18); a party that has ended passes to its
    successor. With ``text`` the new partnership gets its agreement: the same general part and
    a new special part (imported, or the old text copied)."""
    _renewal_refusals(partnership, slug=slug, period_start=period_start, period_end=period_end)
    renewed = Partnership(
        name=" ".join(name.split()),
        slug=slug,
        period_start=period_start,
        period_end=period_end,
        predecessor=partnership,
        notice_lead_days=partnership.notice_lead_days,
        guest_notice_lead_days=partnership.guest_notice_lead_days,
        forfall_reminder_days=partnership.forfall_reminder_days,
        written_form=partnership.written_form,
        minimum_meetings_per_year=partnership.minimum_meetings_per_year,
        follow_up_answer_days=partnership.follow_up_answer_days,
    )
    renewed.full_clean()
    renewed.save()
    if parties is None:
        parties = renewal_parties(partnership, period_start)
    for position, party in enumerate(parties):
        PartnershipParty.objects.create(partnership=renewed, party=party, position=position)
    version = None if text is None else _renewal_text(partnership, renewed, text)
    audit.record(
        "agreements.partnership.renewed",
        actor=actor,
        target=renewed,
        data={
            "predecessor": partnership.slug,
            "parties": [p.slug for p in parties],
            "text": "" if version is None else version.source_name or "copy",
        },
    )
    return renewed


def _renewal_text(
    old: Partnership, renewed: Partnership, text: RenewalText
) -> AgreementVersion | None:
    """Version 1 of the renewed partnership's special part, in force from its first day."""
    old_agreement = Agreement.objects.filter(partnership=old).select_related("special_part").first()
    if text.data is not None:
        parsed = parse_agreement(text.data)
        years = (renewed.period_start.year, renewed.period_end.year)
        if (parsed.period_start_year, parsed.period_end_year) != years:
            raise DomainError(
                "import.period_mismatch",
                _("The file's period (%(file)s) differs from the new period (%(ours)s).")
                % {
                    "file": f"{parsed.period_start_year}–{parsed.period_end_year}",
                    "ours": f"{years[0]}–{years[1]}",
                },
                field="text_file",
            )
        part = _renewal_part(renewed, old_agreement, title=parsed.title.capitalize())
        version: AgreementVersion | None = _version_create(
            parsed, part=part, number=1, source_name=text.source_name
        )
    else:
        if old_agreement is None:
            return None
        part = _renewal_part(renewed, old_agreement, title=old_agreement.title)
        version = _version_copy(old_agreement.special_part, part=part, renewed=renewed, text=text)
    if version is None:
        return None
    _put_in_force(version=version, in_force_from=renewed.period_start)
    return version


def _renewal_part(renewed: Partnership, old: Agreement | None, *, title: str) -> AgreementPart:
    part = AgreementPart.objects.create(
        kind=AgreementPart.Kind.SPECIAL, title=f"Spesiell del – {renewed.name}"
    )
    Agreement.objects.create(
        partnership=renewed,
        title=title,
        special_part=part,
        general_part=renewal_general_part(
            parties=list(renewed.parties.all()), previous=None if old is None else old.general_part
        ),
    )
    return part


def renewal_general_part(
    *, parties: list[Party], previous: AgreementPart | None
) -> AgreementPart | None:
    """The general part a renewed agreement with ``parties`` refers to (A14): ``previous``
    while its county is still a party; when the county has ceased and its successor took its
    seat, the successor's newest general part (none if it has none yet: to be chosen)."""
    if previous is None or previous.owner_id is None:
        return previous
    ids = {party.pk for party in parties}
    if previous.owner_id in ids:
        return previous
    return (
        AgreementPart.objects.filter(
            kind=AgreementPart.Kind.GENERAL, owner__in=ids, owner__kind=Party.Kind.COUNTY
        )
        .order_by("-created", "-pk")
        .first()
    )


def _version_copy(
    old_part: AgreementPart, *, part: AgreementPart, renewed: Partnership, text: RenewalText
) -> AgreementVersion | None:
    """The old part's text in force at the end of its period, copied as version 1."""
    old_end = renewed.predecessor.period_end if renewed.predecessor else renewed.period_start
    source = version_in_force(part=old_part, on=min(time.today(), old_end)) or version_latest(
        part=old_part
    )
    if source is None:
        return None
    areas = [
        {"slug": a.slug, "name": a.name, "description": a.description}
        for a in old_part.areas.filter(retired_in__isnull=True).order_by("position")
        if text.area_slugs is None or a.slug in text.area_slugs
    ]
    version = AgreementVersion(
        part=part,
        number=1,
        title=f"{part.agreement.title} {renewed.period_start.year}–{renewed.period_end.year}, "
        "spesiell del",
        areas_snapshot=areas,
    )
    version.full_clean()
    version.save()
    sections_copy(version=version, sections=source.sections.order_by("position"))
    return version


# ---------------------------------------------------------------------------- elected bodies


def _body_name_free(*, party: Party, name: str, other_than: ElectedBody | None = None) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("agreements.body.name_required", _("Give the body a name."), field="name")
    same = ElectedBody.objects.filter(party=party, name__iexact=cleaned)
    if other_than is not None:
        same = same.exclude(pk=other_than.pk)
    if same.exists():
        raise DomainError(
            "agreements.body.name_taken",
            _("%(party)s already has a body called «%(name)s»; choose another name.")
            % {"party": party, "name": cleaned},
            field="name",
        )
    return cleaned


def _body_slug(party: Party, name: str) -> str:
    base = slugify_nb(f"{party.short_name or party.name} {name}")[:90] or "organ"
    slug, n = base, 2
    while ElectedBody.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def elected_body_create(
    *,
    party: Party,
    name: str,
    kind: str,
    valid_from: dt.date | None = None,
    actor: Actor,
) -> ElectedBody:
    """Register a body of a party (or of a member municipality) where proposals are followed
    up (A9)."""
    cleaned = _body_name_free(party=party, name=name)
    body = ElectedBody(
        party=party,
        name=cleaned,
        slug=_body_slug(party, cleaned),
        kind=kind,
        valid_from=valid_from,
    )
    body.full_clean()
    body.save()
    audit.record("agreements.body.created", actor=actor, target=body, data={"party": party.slug})
    return body


@transaction.atomic
def elected_body_rename(*, body: ElectedBody, name: str, actor: Actor) -> ElectedBody:
    """Give a body a new name (its address, the slug, stays: links keep working)."""
    cleaned = _body_name_free(party=body.party, name=name, other_than=body)
    if cleaned == body.name:
        return body
    before = body.name
    body.name = cleaned
    body.full_clean()
    body.save(update_fields=["name", "modified"])
    audit.record(
        "agreements.body.renamed",
        actor=actor,
        target=body,
        data={"before": {"name": before}, "after": {"name": cleaned}},
    )
    return body


@transaction.atomic
def elected_body_end(*, body: ElectedBody, valid_to: dt.date, actor: Actor) -> ElectedBody:
    """Record the last day of a body (e.g. after a municipal merger); its follow-ups stay."""
    if body.valid_to is not None:
        raise DomainError(
            "agreements.body.ended",
            _("%(body)s already ended on %(day)s.")
            % {"body": body, "day": body.valid_to.strftime("%d.%m.%Y")},
            field="valid_to",
        )
    if body.valid_from is not None and valid_to < body.valid_from:
        raise DomainError(
            "agreements.body.ends_before_start",
            _("A body cannot end before it starts (%(start)s).")
            % {"start": body.valid_from.strftime("%d.%m.%Y")},
            field="valid_to",
        )
    body.valid_to = valid_to
    body.full_clean()
    body.save(update_fields=["valid_to", "modified"])
    audit.record(
        "agreements.body.ended", actor=actor, target=body, data={"valid_to": str(valid_to)}
    )
    return body


def _check_cease(
    party: Party, valid_to: dt.date, successor: Party, by_council: dict[Party, Party]
) -> None:
    if party.valid_to is not None:
        raise DomainError(
            "agreements.party.ceased",
            _("%(party)s has already ceased (its last day was %(day)s).")
            % {"party": party, "day": party.valid_to.strftime("%d.%m.%Y")},
            field="valid_to",
        )
    if party.valid_from is not None and valid_to < party.valid_from:
        raise DomainError(
            "agreements.party.ends_before_start",
            _("A party cannot cease before it starts (%(start)s).")
            % {"start": party.valid_from.strftime("%d.%m.%Y")},
            field="valid_to",
        )
    for taker in (successor, *by_council.values()):
        if taker.pk == party.pk or (taker.valid_to is not None and taker.valid_to <= valid_to):
            raise DomainError(
                "agreements.party.successor_invalid",
                _(
                    "%(successor)s cannot succeed %(party)s: choose a party that exists after "
                    "%(day)s."
                )
                % {"successor": taker, "party": party, "day": valid_to.strftime("%d.%m.%Y")},
                field="successor",
            )
    if any(c.kind != Party.Kind.REGIONAL_COUNCIL for c in by_council):
        raise DomainError(
            "agreements.party.successor_council",
            _("A successor for a council is given for an inter-municipal council."),
            field="successor",
        )


@transaction.atomic
def party_cease(
    *,
    party: Party,
    valid_to: dt.date,
    successor: Party,
    successors_by_council: dict[Party, Party] | None = None,
    actor: Actor,
) -> Party:
    """Record that ``party`` ceases after ``valid_to`` (A1): from the next day ``successor``
    acts for it in every partnership, or, where a county was split, the successor given for
    the partnership's council. The seat, and the history in it, stays the ceased party's.
    The follow-ups are handed over by ``followup.services.party_cease_with_handover``."""
    by_council = successors_by_council or {}
    _check_cease(party, valid_to, successor, by_council)
    party.valid_to = valid_to
    party.successor = successor
    party.full_clean()
    party.save(update_fields=["valid_to", "successor", "modified"])
    for council, taker in by_council.items():
        succession = PartySuccession(predecessor=party, council=council, successor=taker)
        succession.full_clean()
        succession.save()
    audit.record(
        "agreements.party.ceased",
        actor=actor,
        target=party,
        data={
            "valid_to": str(valid_to),
            "successor": successor.slug,
            "by_council": sorted(f"{c.slug}:{t.slug}" for c, t in by_council.items()),
        },
    )
    return party


def sections_copy(
    *,
    version: AgreementVersion,
    sections: Iterable[AgreementSection],
    bodies: Mapping[str, str] | None = None,
) -> None:
    """Copy ``sections`` into ``version``, each with its new text from ``bodies`` (by slug)
    where given: a renewal's copy of the old text, an amendment's next version."""
    new = bodies or {}
    AgreementSection.objects.bulk_create(
        AgreementSection(
            version=version,
            position=s.position,
            level=s.level,
            slug=s.slug,
            heading=s.heading,
            body=new.get(s.slug, s.body),
        )
        for s in sections
    )
