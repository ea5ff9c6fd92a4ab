"""The agenda: items numbered per partnership and year, tied to the agreement's areas (A3, A6),
closed only on a legal basis (L3, L5), with outcomes that never decide a case (A9)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partnerskap.agreements.models import CooperationArea, Party, SustainableDevelopmentGoal
from partnerskap.agreements.selectors import areas_current
from partnerskap.core import audit, events
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.meetings.individual_case import individual_case_check
from partnerskap.meetings.models import (
    AgendaItem,
    AgendaNumberSequence,
    ClosedSession,
    Meeting,
    Notice,
    Vote,
)
from partnerskap.meetings.services.rules import (
    REMOTE_FORMS,
    require_active_party,
)

Kind = AgendaItem.Kind
Outcome = AgendaItem.Outcome

#: Which outcomes fit which kind of item. There is no outcome that decides a case (A9).
OUTCOMES_BY_KIND: dict[str, set[str]] = {
    Kind.PROPOSAL: {Outcome.PROPOSAL, Outcome.NOTED, Outcome.POSTPONED},
    Kind.PROCEDURAL: {Outcome.PROCEDURAL, Outcome.POSTPONED},
    Kind.INFORMATION: {Outcome.NOTED, Outcome.POSTPONED},
    Kind.DISCUSSION: {Outcome.NOTED, Outcome.POSTPONED},
}
EDITABLE = (Meeting.Status.PLANNED, Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.POSTPONED)
#: Forms in which nobody may take part remotely; a session closed on a mandatory ground may
#: not be held with remote participants (L5, kommuneloven § 11-7).


def _require_editable(meeting: Meeting) -> None:
    if meeting.status not in EDITABLE:
        raise ConflictError(
            "meetings.agenda.locked",
            _("The agenda of a meeting that is «%(status)s» can no longer change.")
            % {"status": Meeting.Status(meeting.status).label},
        )


def _check_areas(meeting: Meeting, areas: Sequence[CooperationArea]) -> None:
    if not areas:
        raise DomainError(
            "meetings.item.no_area",
            _(
                "Choose at least one cooperation area: the agreement's special part frames "
                "the meetings, so an item outside all its areas cannot be on the agenda."
            ),
            field="areas",
        )
    allowed = set(areas_current(partnership=meeting.partnership).values_list("pk", flat=True))
    foreign = [area.name for area in areas if area.pk not in allowed]
    if foreign:
        raise DomainError(
            "meetings.item.area_not_in_agreement",
            _("Not a current cooperation area of this partnership's agreement: %(areas)s.")
            % {"areas": ", ".join(foreign)},
            field="areas",
        )


def _next_number(meeting: Meeting) -> tuple[int, int]:
    """The next case number for the meeting's year; numbers are never reused, so the counter
    only grows (locked for the transaction, so concurrent adds cannot collide)."""
    year = meeting.date.year
    sequence, _created = AgendaNumberSequence.objects.get_or_create(
        partnership=meeting.partnership, year=year
    )
    sequence = AgendaNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return year, sequence.last_number


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    areas: Sequence[CooperationArea],
    sdgs: Iterable[SustainableDevelopmentGoal] = (),
    case_presentation: str = "",
    recommendation: str = "",
    procedural_subject: str = "",
    actor: Actor,
) -> AgendaItem:
    _require_editable(meeting)
    _check_areas(meeting, areas)
    if kind == Kind.PROCEDURAL and not procedural_subject:
        raise DomainError(
            "meetings.item.procedural_subject_required",
            _("Say what the procedural decision is about (annual cycle, committee, minutes…)."),
            field="procedural_subject",
        )
    if kind != Kind.PROCEDURAL and procedural_subject:
        raise DomainError(
            "meetings.item.procedural_subject_on_other_kind",
            _("Only a procedural item has a procedural subject."),
            field="procedural_subject",
        )
    year, number = _next_number(meeting)
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        partnership=meeting.partnership,
        year=year,
        number=number,
        position=position,
        kind=kind,
        procedural_subject=procedural_subject,
        title=title,
        case_presentation=case_presentation,
        recommendation=recommendation,
    )
    item.full_clean()
    item.save()
    item.areas.set(areas)
    item.sdgs.set(list(sdgs))
    audit.record(
        "meetings.item.added",
        actor=actor,
        target=item,
        data={"number": item.case_number, "areas": [a.slug for a in areas]},
    )
    events.announce("meetings.meeting_changed", meeting_id=item.meeting_id)
    return item


@transaction.atomic
def agenda_item_withdraw(*, item: AgendaItem, actor: Actor) -> AgendaItem:
    """Withdraw an item; its number stays used (a gap), never given to another item."""
    _require_editable(item.meeting)
    item.withdrawn = True
    item.lock_version += 1
    item.save(update_fields=["withdrawn", "lock_version", "modified"])
    audit.record("meetings.item.withdrawn", actor=actor, target=item)
    events.announce("meetings.meeting_changed", meeting_id=item.meeting_id)
    return item


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, item_ids: Sequence[int], actor: Actor) -> None:
    _require_editable(meeting)
    current = set(meeting.items.values_list("pk", flat=True))
    if set(item_ids) != current or len(item_ids) != len(current):
        raise DomainError(
            "meetings.agenda.reorder_mismatch",
            _("The new order must list every item of the agenda exactly once."),
        )
    for position, pk in enumerate(item_ids, start=1):
        AgendaItem.objects.filter(pk=pk).update(position=position)
    audit.record(
        "meetings.agenda.reordered", actor=actor, target=meeting, data={"order": list(item_ids)}
    )


@transaction.atomic
def agenda_item_close(
    *,
    item: AgendaItem,
    legal_basis: LegalBasis,
    public_title: str,
    decision: str = "",
    actor: Actor,
) -> ClosedSession:
    """Close an item on a legal basis from the maintained list (L3)."""
    _require_editable(item.meeting)
    if legal_basis.applies_to != LegalBasis.AppliesTo.MEETING or not legal_basis.active:
        raise DomainError(
            "meetings.item.basis_not_for_meetings",
            _("%(basis)s is not a ground for closing a meeting.") % {"basis": legal_basis},
            field="legal_basis",
        )
    if not public_title.strip():
        raise DomainError(
            "meetings.item.public_title_required",
            _("Give a neutral public title for the closed item."),
            field="public_title",
        )
    if legal_basis.mandatory and item.meeting.form in REMOTE_FORMS:
        raise DomainError(
            "meetings.form.remote_with_mandatory_closed_item",
            _(
                "A session closed under %(basis)s may not be held as a remote or hybrid "
                "meeting; change the meeting's form to in person first."
            )
            % {"basis": legal_basis.reference},
            field="legal_basis",
        )
    closed, _created = ClosedSession.objects.update_or_create(
        item=item,
        defaults={"legal_basis": legal_basis, "public_title": public_title, "decision": decision},
    )
    item.lock_version += 1
    item.save(update_fields=["lock_version", "modified"])
    audit.record("meetings.item.closed", actor=actor, target=item, data={"basis": legal_basis.code})
    events.announce("meetings.meeting_changed", meeting_id=item.meeting_id)
    return closed


@transaction.atomic
def agenda_item_reopen(*, item: AgendaItem, reason: str = "", actor: Actor) -> AgendaItem:
    """Open a closed item again (L2: meetings are open unless the law allows closing): its
    closed session is removed, so every public surface shows it through the one visibility
    rule. Before the notice it is a change of plan; after the notice the public has seen it
    as closed, so a reason is required. Once the meeting is held, the closing stands in the
    minutes."""
    _require_editable(item.meeting)
    closed = ClosedSession.objects.select_related("legal_basis").filter(item=item).first()
    if closed is None:
        raise ConflictError(
            "meetings.item.not_closed",
            _("%(item)s is not closed; it is already open to the public.")
            % {"item": item.case_number},
        )
    noticed = Notice.objects.filter(meeting_id=item.meeting_id).exists()
    if noticed and not reason.strip():
        raise DomainError(
            "meetings.item.reopen_reason_required",
            _("The notice is published with %(item)s as a closed item; say why it is opened again.")
            % {"item": item.case_number},
            field="reason",
        )
    basis = closed.legal_basis.code
    closed.delete()
    item.lock_version += 1
    item.save(update_fields=["lock_version", "modified"])
    data = {"basis": basis, "after_notice": noticed}
    if reason.strip():
        data["reason"] = reason.strip()
    audit.record("meetings.item.reopened", actor=actor, target=item, data=data)
    events.announce("meetings.meeting_changed", meeting_id=item.meeting_id)
    return item


@transaction.atomic
def agenda_item_record_outcome(
    *,
    item: AgendaItem,
    outcome: str,
    outcome_text: str = "",
    confirmed_reason: str = "",
    actor: Actor,
) -> AgendaItem:
    """Record what the meeting did with an item: a proposal to the parties, a procedural
    decision, noted, or postponed. Nothing here decides an individual case (A9): a conclusion
    that reads as one is saved only with ``confirmed_reason`` (why it is not), which is kept
    on the item."""
    if item.meeting.status not in (Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.HELD):
        raise ConflictError(
            "meetings.item.outcome_outside_meeting",
            _("Outcomes are recorded at the meeting, after the notice is published."),
        )
    if item.withdrawn:
        raise ConflictError("meetings.item.withdrawn", _("The item was withdrawn."))
    allowed = OUTCOMES_BY_KIND[item.kind]
    if outcome not in allowed:
        raise DomainError(
            "meetings.item.outcome_not_allowed",
            _("An item of kind «%(kind)s» can end as: %(allowed)s.")
            % {
                "kind": Kind(item.kind).label,
                "allowed": ", ".join(str(Outcome(o).label) for o in sorted(allowed)),
            },
            field="outcome",
        )
    reason = individual_case_check(
        code="meetings.item", texts=(outcome_text,), confirmed_reason=confirmed_reason
    )
    item.outcome = outcome
    item.outcome_text = outcome_text
    item.individual_case_reason = reason
    item.lock_version += 1
    item.full_clean()
    item.save()
    data: dict[str, str] = {"outcome": outcome}
    if reason:
        data["individual_case_reason"] = reason
    audit.record("meetings.item.outcome", actor=actor, target=item, data=data)
    events.announce("meetings.meeting_changed", meeting_id=item.meeting_id)
    return item


@transaction.atomic
def vote_record(*, item: AgendaItem, motion: str, party: Party, choice: str, actor: Actor) -> Vote:
    if item.meeting.status not in (Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.HELD):
        raise ConflictError(
            "meetings.vote.outside_meeting",
            _("Votes are recorded at the meeting, before the minutes are approved."),
        )
    require_active_party(item.partnership, party, on=item.meeting.date)
    vote = Vote.objects.filter(item=item, motion=motion, party=party).first() or Vote(
        item=item, motion=motion, party=party
    )
    vote.choice = choice
    vote.full_clean()
    vote.save()
    audit.record(
        "meetings.vote.recorded",
        actor=actor,
        target=item,
        data={"motion": motion, "party": party.slug, "choice": choice},
    )
    return vote


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    title: str,
    areas: Sequence[CooperationArea],
    sdgs: Iterable[SustainableDevelopmentGoal] = (),
    case_presentation: str = "",
    recommendation: str = "",
    expected_lock_version: int | None = None,
    actor: Actor,
) -> AgendaItem:
    """Change an item's text, areas and goals before the meeting is held. With
    ``expected_lock_version``, a concurrent change is refused instead of overwritten."""
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise ConflictError(
            "meetings.item.changed_meanwhile",
            _("Someone else changed %(item)s while you were editing; reload it and try again.")
            % {"item": locked.case_number},
        )
    _require_editable(item.meeting)
    _check_areas(item.meeting, areas)
    before = {"title": locked.title, "areas": sorted(locked.areas.values_list("slug", flat=True))}
    item.title = title
    item.case_presentation = case_presentation
    item.recommendation = recommendation
    item.lock_version = locked.lock_version + 1
    item.full_clean()
    item.save()
    item.areas.set(areas)
    item.sdgs.set(list(sdgs))
    audit.record(
        "meetings.item.updated",
        actor=actor,
        target=item,
        data={"before": before, "after": {"title": title, "areas": sorted(a.slug for a in areas)}},
    )
    events.announce("meetings.meeting_changed", meeting_id=item.meeting_id)
    return item
