"""Proposals to the parties' elected bodies (A9) and proposed amendments to the agreement
(A10): one follow-up per body, sent on the day the proposal is sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.importer import AgreementImportError, areas_from_section
from partnerskap.agreements.models import (
    AgreementPart,
    CooperationArea,
    ElectedBody,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.agreements.selectors import areas_current, version_in_force, version_latest
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.followup.models import FollowUp, FollowUpEvent, Proposal
from partnerskap.meetings.individual_case import individual_case_check
from partnerskap.meetings.models import AgendaItem

Status = FollowUp.Status
#: The agreement's section that lists the cooperation areas: an amendment to it must parse.
AREAS_SECTION = "samarbeidsomrader"


def party_of_body(body: ElectedBody, partnership: Partnership) -> Party | None:
    """The partnership party a body answers for: its own party, or the council its member
    municipality belongs to."""
    parties = {p.pk: p for p in partnership.parties.all()}
    if body.party_id in parties:
        return parties[body.party_id]
    council_id = body.party.council_id
    return parties.get(council_id) if council_id is not None else None


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
    """Propose a new text for one section of the agreement (A10). Every party names at least
    one body that must adopt it; the new version takes force only when all have."""
    _check_item(item)
    partnership = item.partnership
    part = part or partnership.agreement.special_part
    base = version_in_force(part=part) or version_latest(part=part)
    if base is None:
        raise DomainError("followup.amendment.no_text", _("The agreement has no text to amend."))
    section = base.sections.filter(slug=section_slug).first()
    if section is None and not section_heading:
        raise DomainError(
            "followup.amendment.unknown_section",
            _("The version in force has no section «%(slug)s»; give a heading for a new one.")
            % {"slug": section_slug},
            field="section_slug",
        )
    if section is not None and section.body.strip() == proposed_text.strip():
        raise DomainError(
            "followup.amendment.no_change",
            _("The proposed text is the same as the text in force."),
            field="proposed_text",
        )
    if section_slug == AREAS_SECTION:
        try:
            areas_from_section(proposed_text)
        except AgreementImportError as exc:
            raise DomainError(exc.code, str(exc), field="proposed_text") from None
    bodies = [*required_bodies, *other_bodies]
    _check_bodies(partnership, bodies)
    covered = {party_of_body(b, partnership) for b in required_bodies}
    missing = [p.name for p in partnership.parties.all() if p not in covered]
    if missing:
        raise DomainError(
            "followup.amendment.party_without_body",
            _("Each party must name a body that must adopt the amendment; missing: %(parties)s.")
            % {"parties": ", ".join(missing)},
            field="required_bodies",
        )
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
        base_version=base,
        section_slug=section_slug,
        section_heading=section.heading if section else section_heading,
        proposed_text=proposed_text,
        in_force_from=in_force_from,
        amendment_state=Proposal.AmendmentState.PENDING,
    )
