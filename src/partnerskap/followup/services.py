"""Proposals to the parties' elected bodies (A9), their follow-up, and amendments (A10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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
    VersionAdoption,
)
from partnerskap.agreements.selectors import areas_current, version_in_force, version_latest
from partnerskap.agreements.services import agreement_version_put_in_force
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.followup.models import FINAL_STATUSES, FollowUp, FollowUpEvent, Proposal
from partnerskap.meetings.models import AgendaItem

Status = FollowUp.Status
AREAS_SECTION = "samarbeidsomrader"
#: Order of the statuses before a decision; a follow-up never moves backwards.
PROGRESS: dict[str, int] = {Status.SENT: 0, Status.RECEIVED: 1, Status.ON_AGENDA: 2}


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
    audit.record(
        "followup.proposal.created",
        actor=actor,
        target=proposal,
        data={"kind": proposal.kind, "bodies": [b.slug for b in bodies]},
    )
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
    actor: Actor,
) -> Proposal:
    """Put the meeting's proposal to the parties' bodies; one follow-up per body (A9)."""
    _check_item(item)
    _check_bodies(item.partnership, bodies)
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


def _check_step_date(follow_up: FollowUp, on: dt.date) -> None:
    """A step is dated on or after the previous one (or the day the proposal was sent), and
    not in the future: the tracker's dates must read as the order things happened in."""
    previous = (
        follow_up.events.order_by("-on").values_list("on", flat=True).first()
        or follow_up.proposal.sent_on
    )
    if on < previous:
        raise DomainError(
            "followup.date_order",
            _("Date the step on or after %(date)s, the date of the previous step.")
            % {"date": date_format(previous, "SHORT_DATE_FORMAT")},
            field="on",
        )
    if on > time.today():
        raise DomainError(
            "followup.date_future",
            _("A step cannot be dated in the future; record it when it has happened."),
            field="on",
        )


@transaction.atomic
def followup_record(
    *,
    follow_up: FollowUp,
    status: str,
    on: dt.date,
    body_meeting_date: dt.date | None = None,
    body_case_number: str = "",
    decision_text: str = "",
    decision_url: str = "",
    note: str = "",
    expected_lock_version: int | None = None,
    actor: Actor,
) -> FollowUp:
    """Record a step in a body's handling of a proposal. Steps only go forward; a decision is
    final; an amendment is settled when its required bodies have decided."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if expected_lock_version is not None and current.lock_version != expected_lock_version:
        raise ConflictError(
            "followup.changed_meanwhile",
            _("Someone else recorded a step for %(body)s meanwhile; reload and try again.")
            % {"body": follow_up.elected_body},
        )
    if current.status in FINAL_STATUSES:
        raise ConflictError(
            "followup.final",
            _("%(body)s has already decided («%(status)s»).")
            % {"body": follow_up.elected_body, "status": Status(current.status).label},
        )
    if status in PROGRESS and PROGRESS[status] <= PROGRESS.get(current.status, 0):
        raise DomainError(
            "followup.backwards",
            _("The follow-up is already «%(status)s»; it cannot go back to «%(new)s».")
            % {"status": Status(current.status).label, "new": Status(status).label},
            field="status",
        )
    _check_step_date(current, on)
    if status == Status.ON_AGENDA and not (body_meeting_date and body_case_number):
        raise DomainError(
            "followup.agenda_details",
            _("Give the body's meeting date and its case number."),
            field="body_case_number",
        )
    if status in FINAL_STATUSES and status != Status.NOT_TAKEN_UP and not decision_text.strip():
        raise DomainError(
            "followup.decision_text",
            _("Give the body's decision text."),
            field="decision_text",
        )
    follow_up.status = status
    follow_up.lock_version = current.lock_version + 1
    if body_meeting_date:
        follow_up.body_meeting_date = body_meeting_date
    if body_case_number:
        follow_up.body_case_number = body_case_number
    if status in FINAL_STATUSES:
        follow_up.decided_on = on
        follow_up.decision_text = decision_text
        follow_up.decision_url = decision_url
    follow_up.full_clean()
    follow_up.save()
    FollowUpEvent.objects.create(
        follow_up=follow_up, status=status, on=on, note=note, recorded_by=audit.user_of(actor)
    )
    audit.record(
        "followup.recorded",
        actor=actor,
        target=follow_up,
        data={"status": status, "on": on.isoformat(), "before": current.status},
    )
    proposal = follow_up.proposal
    if proposal.kind == Proposal.Kind.AMENDMENT and status in FINAL_STATUSES:
        _settle_amendment(proposal, actor)
    return follow_up


def _settle_amendment(proposal: Proposal, actor: Actor) -> None:
    """A10: adopted by every required body → a new version takes force; any required body
    not adopting the text as proposed → the version in force stays unchanged."""
    if proposal.amendment_state != Proposal.AmendmentState.PENDING:
        return
    required = list(proposal.follow_ups.filter(required_for_adoption=True))
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
    last_decision = max(f.decided_on for f in required if f.decided_on)
    agreement_version_put_in_force(
        version=version, in_force_from=proposal.in_force_from or last_decision, actor=actor
    )
    audit.record(
        "followup.amendment.adopted", actor=actor, target=proposal, data={"version": version.number}
    )


def _new_version(proposal: Proposal, required: list[FollowUp]) -> AgreementVersion:
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
    version = AgreementVersion.objects.create(
        part=base.part,
        number=base.number + 1,
        title=base.title,
        source_name=f"{proposal.item.case_number}",
        areas_snapshot=base.areas_snapshot,
    )
    sections = list(base.sections.order_by("position"))
    replaced = False
    for section in sections:
        body = section.body
        if section.slug == proposal.section_slug:
            body, replaced = proposal.proposed_text, True
        AgreementSection.objects.create(
            version=version,
            position=section.position,
            level=section.level,
            slug=section.slug,
            heading=section.heading,
            body=body,
        )
    if not replaced:
        AgreementSection.objects.create(
            version=version,
            position=len(sections),
            level=3,
            slug=proposal.section_slug,
            heading=proposal.section_heading,
            body=proposal.proposed_text,
        )
    if proposal.section_slug == AREAS_SECTION:
        version.areas_snapshot = [
            {"slug": a.slug, "name": a.name, "description": a.description}
            for a in areas_from_section(proposal.proposed_text)
        ]
        version.save(update_fields=["areas_snapshot"])
    for follow_up in required:
        assert follow_up.decided_on is not None
        VersionAdoption.objects.create(
            version=version,
            elected_body=follow_up.elected_body,
            decision_reference=follow_up.body_case_number or proposal.item.case_number,
            decided_on=follow_up.decided_on,
        )
    return version
