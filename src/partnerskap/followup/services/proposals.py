"""Proposals to the parties' elected bodies (A9) and proposed amendments to the agreement
(A10): one follow-up per body, sent on the day the proposal is sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.diff import has_changes, normalised, paragraphs, text_diff
from partnerskap.agreements.importer import AgreementImportError, areas_from_section
from partnerskap.agreements.models import (
    AgreementPart,
    AgreementSection,
    AgreementVersion,
    CooperationArea,
    ElectedBody,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.agreements.selectors import areas_current, version_to_amend
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.text import slugify_nb
from partnerskap.followup.models import FollowUp, FollowUpEvent, Proposal
from partnerskap.meetings.individual_case import individual_case_check
from partnerskap.meetings.models import AgendaItem

Status = FollowUp.Status
#: The agreement's section that lists the cooperation areas: an amendment to it must parse.
AREAS_SECTION = "samarbeidsomrader"


def party_of_body(
    body: ElectedBody, partnership: Partnership, *, on: dt.date | None = None
) -> Party | None:
    """The partnership party a body answers for: its own party, the council its member
    municipality belongs to, or the ceased party its party succeeds on ``on`` (today; A1)."""
    parties = {p.pk: p for p in partnership.parties.all()}
    if body.party_id in parties:
        return parties[body.party_id]
    council_id = body.party.council_id
    if council_id is not None and council_id in parties:
        return parties[council_id]
    return succession.seat_of(partnership, body.party, on=on or time.today())


def _check_bodies(partnership: Partnership, bodies: Sequence[ElectedBody]) -> None:
    if not bodies:
        raise DomainError(
            "followup.proposal.no_bodies",
            _("Choose the elected bodies the proposal goes to."),
            field="bodies",
        )
    foreign = [b.name for b in bodies if party_of_body(b, partnership) is None]
    if foreign:
        raise DomainError(
            "followup.proposal.body_not_of_a_party",
            _("Not a body of the partnership's parties: %(bodies)s.")
            % {"bodies": ", ".join(foreign)},
            field="bodies",
        )


def _check_item(item: AgendaItem) -> None:
    if item.outcome != AgendaItem.Outcome.PROPOSAL:
        raise DomainError(
            "followup.proposal.item_not_a_proposal",
            _(
                "A proposal comes from an agenda item whose outcome is «proposal to the "
                "parties»; record that outcome on %(item)s first."
            )
            % {"item": item.case_number},
        )
    if hasattr(item, "proposal"):
        raise ConflictError(
            "followup.proposal.exists",
            _("%(item)s already has a proposal.") % {"item": item.case_number},
        )


def _areas(item: AgendaItem, areas: Sequence[CooperationArea] | None) -> list[CooperationArea]:
    chosen = list(areas) if areas is not None else list(item.areas.all())
    allowed = set(areas_current(partnership=item.partnership).values_list("pk", flat=True))
    if not chosen or any(a.pk not in allowed for a in chosen):
        raise DomainError(
            "followup.proposal.areas",
            _("A proposal belongs to at least one of the agreement's current areas."),
            field="areas",
        )
    return chosen


def _create(
    *,
    item: AgendaItem,
    title: str,
    text: str,
    bodies: Sequence[ElectedBody],
    required: set[int],
    areas: Sequence[CooperationArea] | None,
    sdgs: Sequence[SustainableDevelopmentGoal] | None,
    sent_on: dt.date | None,
    actor: Actor,
    **amendment: object,
) -> Proposal:
    partnership = item.partnership
    sent = sent_on or time.today()
    proposal = Proposal(
        partnership=partnership, item=item, title=title, text=text, sent_on=sent, **amendment
    )
    proposal.full_clean()
    proposal.save()
    proposal.areas.set(_areas(item, areas))
    proposal.sdgs.set(list(sdgs) if sdgs is not None else list(item.sdgs.all()))
    expected = sent + timedelta(days=partnership.follow_up_answer_days)
    for body in bodies:
        follow_up = FollowUp.objects.create(
            proposal=proposal,
            elected_body=body,
            required_for_adoption=body.pk in required,
            expected_by=expected,
        )
        FollowUpEvent.objects.create(
            follow_up=follow_up, status=Status.SENT, on=sent, recorded_by=audit.user_of(actor)
        )
    data: dict[str, object] = {"kind": proposal.kind, "bodies": [b.slug for b in bodies]}
    if proposal.individual_case_reason:
        data["individual_case_reason"] = proposal.individual_case_reason
    audit.record("followup.proposal.created", actor=actor, target=proposal, data=data)
    events.announce("followup.proposal_changed", proposal_id=proposal.pk)
    return proposal


@transaction.atomic
def proposal_create(
    *,
    item: AgendaItem,
    title: str,
    text: str,
    bodies: Sequence[ElectedBody],
    areas: Sequence[CooperationArea] | None = None,
    sdgs: Sequence[SustainableDevelopmentGoal] | None = None,
    sent_on: dt.date | None = None,
    confirmed_reason: str = "",
    actor: Actor,
) -> Proposal:
    """Put the meeting's proposal to the parties' bodies; one follow-up per body (A9). A
    title or text that reads as a decision in an individual case is sent only with
    ``confirmed_reason`` (why it is not one), kept on the proposal."""
    _check_item(item)
    _check_bodies(item.partnership, bodies)
    reason = individual_case_check(
        code="followup.proposal", texts=(title, text), confirmed_reason=confirmed_reason
    )
    return _create(
        item=item,
        title=title,
        text=text,
        bodies=bodies,
        required=set(),
        areas=areas,
        sdgs=sdgs,
        sent_on=sent_on,
        actor=actor,
        individual_case_reason=reason,
    )


@dataclass(frozen=True)
class _Target:
    """What an amendment changes: the version it amends and one section of it (``None`` for
    a new section), with the heading and the proposed text as they will be stored."""

    base: AgreementVersion
    section: AgreementSection | None
    slug: str
    heading: str
    text: str


def _amendment_target(
    *,
    part: AgreementPart,
    section_slug: str,
    section_heading: str,
    proposed_text: str,
) -> _Target:
    """A10: the section of the version in force, or a new one; the text must change it."""
    base = version_to_amend(part=part)
    if base is None:
        raise DomainError("followup.amendment.no_text", _("The agreement has no text to amend."))
    text = normalised(proposed_text)
    section = base.sections.filter(slug=section_slug).first() if section_slug else None
    if section is None:
        return _new_section(base, section_slug, section_heading, text)
    if not paragraphs(proposed_text) and section_slug == AREAS_SECTION:
        raise DomainError(
            "followup.amendment.areas_removed",
            _("The section with the cooperation areas cannot be removed; change its text."),
            field="proposed_text",
        )
    if not has_changes(text_diff(section.body, text)):
        raise DomainError(
            "followup.amendment.no_change",
            _("The proposed text is the same as the text in force; change the text first."),
            field="proposed_text",
        )
    return _Target(base, section, section.slug, section.heading, text)


def _new_section(base: AgreementVersion, slug: str, heading: str, text: str) -> _Target:
    heading = heading.strip()
    if not heading:
        raise DomainError(
            "followup.amendment.unknown_section",
            _("The version in force has no such section; give a heading for a new one."),
            field="section_heading",
        )
    slug = slug or slugify_nb(heading)
    if not slug or base.sections.filter(slug=slug).exists():
        raise DomainError(
            "followup.amendment.heading_taken",
            _("The agreement already has a section with this heading; choose another heading."),
            field="section_heading",
        )
    if not text:
        raise DomainError(
            "followup.amendment.empty_section",
            _("Write the text of the new section."),
            field="proposed_text",
        )
    return _Target(base, None, slug, heading, text)


def _check_areas_text(target: _Target) -> None:
    """A3: the areas change only through the section that lists them, and it must parse."""
    if target.slug != AREAS_SECTION:
        return
    try:
        areas_from_section(target.text)
    except AgreementImportError as exc:
        raise DomainError(exc.code, str(exc), field="proposed_text") from None


def _check_required_bodies(
    partnership: Partnership, required_bodies: Sequence[ElectedBody]
) -> None:
    """A10: every party names at least one body whose adoption is needed."""
    covered = {party_of_body(b, partnership) for b in required_bodies}
    missing = [p.name for p in partnership.parties.all() if p not in covered]
    if missing:
        raise DomainError(
            "followup.amendment.party_without_body",
            _("Each party must name a body that must adopt the amendment; missing: %(parties)s.")
            % {"parties": ", ".join(missing)},
            field="required_bodies",
        )


def _check_in_force_from(in_force_from: dt.date | None, sent_on: dt.date | None) -> None:
    sent = sent_on or time.today()
    if in_force_from is not None and in_force_from < sent:
        raise DomainError(
            "followup.amendment.in_force_before_sent",
            _(
                "A new text cannot take force before it is sent to the bodies; give a date on "
                "or after the day it is sent."
            ),
            field="in_force_from",
        )


@transaction.atomic
def amendment_propose(
    *,
    item: AgendaItem,
    title: str,
    text: str,
    section_slug: str,
    proposed_text: str,
    required_bodies: Sequence[ElectedBody],
    other_bodies: Sequence[ElectedBody] = (),
    part: AgreementPart | None = None,
    section_heading: str = "",
    in_force_from: dt.date | None = None,
    sent_on: dt.date | None = None,
    actor: Actor,
) -> Proposal:
    """Propose a new text for one section of the agreement (A10): a changed text, a new
    section (with its heading), or an empty text to remove the section. Every party names at
    least one body that must adopt it; the new version takes force only when all have."""
    _check_item(item)
    partnership = item.partnership
    part = part or partnership.agreement.special_part
    target = _amendment_target(
        part=part,
        section_slug=section_slug,
        section_heading=section_heading,
        proposed_text=proposed_text,
    )
    _check_areas_text(target)
    bodies = [*required_bodies, *other_bodies]
    _check_bodies(partnership, bodies)
    _check_required_bodies(partnership, required_bodies)
    _check_in_force_from(in_force_from, sent_on)
    return _create(
        item=item,
        title=title,
        text=text,
        bodies=bodies,
        required={b.pk for b in required_bodies},
        areas=None,
        sdgs=None,
        sent_on=sent_on,
        actor=actor,
        kind=Proposal.Kind.AMENDMENT,
        part=part,
        base_version=target.base,
        section_slug=target.slug,
        section_heading=target.heading,
        proposed_text=target.text,
        in_force_from=in_force_from,
        amendment_state=Proposal.AmendmentState.PENDING,
    )
