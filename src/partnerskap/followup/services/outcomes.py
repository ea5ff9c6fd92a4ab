"""What the bodies' decisions on an amendment (A10) come to: adopted by every required body, a
new version of the agreement takes force; refused by one, the version in force stays."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partnerskap.agreements.importer import areas_from_section
from partnerskap.agreements.models import (
    AgreementSection,
    AgreementVersion,
    VersionAdoption,
)
from partnerskap.agreements.selectors import version_latest
from partnerskap.agreements.services import agreement_version_put_in_force
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError
from partnerskap.followup.models import FINAL_STATUSES, FollowUp, Proposal
from partnerskap.followup.services.proposals import AREAS_SECTION

Status = FollowUp.Status


def amendment_settle(*, proposal: Proposal, actor: Actor) -> None:
    """A10, a step of ``followup_record`` (in its transaction) once a body has decided: adopted
    by every required body → a new version takes force; any required body not adopting the
    text as proposed → the version in force stays unchanged."""
    if proposal.amendment_state != Proposal.AmendmentState.PENDING:
        return
    # A follow-up handed over to a successor's body (A1) is answered by the one taking it over.
    required = list(
        proposal.follow_ups.filter(required_for_adoption=True).exclude(status=Status.HANDED_OVER)
    )
    if any(f.status in FINAL_STATUSES and f.status != Status.ADOPTED for f in required):
        proposal.amendment_state = Proposal.AmendmentState.REJECTED
        proposal.save(update_fields=["amendment_state", "modified"])
        audit.record("followup.amendment.rejected", actor=actor, target=proposal)
        return
    if not all(f.status == Status.ADOPTED for f in required):
        return
    version = _new_version(proposal, required)
    proposal.amendment_state = Proposal.AmendmentState.ADOPTED
    proposal.resulting_version = version
    proposal.save(update_fields=["amendment_state", "resulting_version", "modified"])
    # In force from the date given, but never before the last body adopted it (A10).
    last_decision = max(f.decided_on for f in required if f.decided_on)
    in_force_from = max(proposal.in_force_from or last_decision, last_decision)
    agreement_version_put_in_force(version=version, in_force_from=in_force_from, actor=actor)
    audit.record(
        "followup.amendment.adopted", actor=actor, target=proposal, data={"version": version.number}
    )


def _check_not_stale(proposal: Proposal) -> AgreementVersion:
    """The version amended must still be the latest: else the new text would undo a change."""
    base = proposal.base_version
    assert base is not None
    assert proposal.part is not None
    latest = version_latest(part=proposal.part)
    if latest != base:
        raise ConflictError(
            "followup.amendment.stale",
            _(
                "The agreement has changed since this amendment was proposed (now version "
                "%(number)d); propose it again against the text in force."
            )
            % {"number": latest.number if latest else 0},
        )
    return base


def _copy_sections(proposal: Proposal, base: AgreementVersion, version: AgreementVersion) -> None:
    """The base's sections with the amended one replaced (or left out when the proposed text
    is empty: the section is removed), and a new section at the end."""
    sections = list(base.sections.order_by("position"))
    replaced = False
    position = 0
    for section in sections:
        body = section.body
        if section.slug == proposal.section_slug:
            body, replaced = proposal.proposed_text, True
            if not body.strip():
                continue
        AgreementSection.objects.create(
            version=version,
            position=position,
            level=section.level,
            slug=section.slug,
            heading=section.heading,
            body=body,
        )
        position += 1
    if not replaced:
        AgreementSection.objects.create(
            version=version,
            position=position,
            level=max((s.level for s in sections), default=3),
            slug=proposal.section_slug,
            heading=proposal.section_heading,
            body=proposal.proposed_text,
        )


def _record_adoptions(
    proposal: Proposal, version: AgreementVersion, required: list[FollowUp]
) -> None:
    for follow_up in required:
        assert follow_up.decided_on is not None
        VersionAdoption.objects.create(
            version=version,
            elected_body=follow_up.elected_body,
            decision_reference=follow_up.body_case_number or proposal.item.case_number,
            decided_on=follow_up.decided_on,
        )


def _new_version(proposal: Proposal, required: list[FollowUp]) -> AgreementVersion:
    base = _check_not_stale(proposal)
    version = AgreementVersion.objects.create(
        part=base.part,
        number=base.number + 1,
        title=base.title,
        source_name=f"{proposal.item.case_number}",
        areas_snapshot=base.areas_snapshot,
    )
    _copy_sections(proposal, base, version)
    if proposal.section_slug == AREAS_SECTION:
        version.areas_snapshot = [
            {"slug": a.slug, "name": a.name, "description": a.description}
            for a in areas_from_section(proposal.proposed_text)
        ]
        version.save(update_fields=["areas_snapshot"])
    _record_adoptions(proposal, version, required)
    return version
