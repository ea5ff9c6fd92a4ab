"""Who chairs a meeting (A8, L6): the council's chair; the deputy chair when the chair has
registered absence; a chair elected by the meeting when both are absent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Party
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import Meeting
from partnerskap.people.models import Membership, Person, Role

Reason = Meeting.ChairReason


@dataclass(frozen=True)
class ChairResolution:
    person: Person | None
    reason: str  # a Meeting.ChairReason, or "" when an election is needed


def resolve_chair(
    *,
    chair: int | None,
    deputy: int | None,
    absent: set[int],
    elected: int | None,
) -> tuple[int | None, str]:
    """The pure rule, over person ids: returns (who chairs, why)."""
    if chair is not None and chair not in absent:
        return chair, Reason.CHAIR
    if deputy is not None and deputy not in absent:
        return deputy, Reason.DEPUTY
    if elected is not None and elected not in absent:
        return elected, Reason.ELECTED
    return None, ""


def council_of(meeting: Meeting) -> Party | None:
    return meeting.partnership.parties.filter(kind=Party.Kind.REGIONAL_COUNCIL).first()


def _holder(council: Party | None, role: str, meeting: Meeting) -> Person | None:
    if council is None:
        return None
    day = meeting.date
    membership = (
        Membership.objects.filter(party=council, role=role, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("person")
        .first()
    )
    return membership.person if membership else None


def meeting_chair(*, meeting: Meeting) -> ChairResolution:
    council = council_of(meeting)
    chair = _holder(council, Role.CHAIR, meeting)
    deputy = _holder(council, Role.DEPUTY_CHAIR, meeting)
    absent = set(meeting.absences.values_list("person_id", flat=True))
    elected = meeting.chaired_by if meeting.chair_reason == Reason.ELECTED else None
    person_id, reason = resolve_chair(
        chair=chair.pk if chair else None,
        deputy=deputy.pk if deputy else None,
        absent=absent,
        elected=elected.pk if elected else None,
    )
    people = {p.pk: p for p in (chair, deputy, elected) if p is not None}
    return ChairResolution(person=people.get(person_id) if person_id else None, reason=reason)


@transaction.atomic
def meeting_elect_chair(*, meeting: Meeting, person: Person, actor: Actor) -> Meeting:
    """Record the chair the meeting elected (L6): only when chair and deputy are both absent."""
    resolution = meeting_chair(meeting=meeting)
    if resolution.reason in (Reason.CHAIR, Reason.DEPUTY):
        raise DomainError(
            "meetings.chair.not_needed",
            _(
                "%(person)s chairs this meeting; a chair is elected only when both the chair and "
                "the deputy chair have registered absence."
            )
            % {"person": resolution.person},
        )
    if not meeting.attendances.filter(person=person).exists():
        raise DomainError(
            "meetings.chair.not_attending",
            _("The elected chair must be one of those attending the meeting."),
        )
    meeting.chaired_by = person
    meeting.chair_reason = Reason.ELECTED
    meeting.lock_version += 1
    meeting.save(update_fields=["chaired_by", "chair_reason", "lock_version", "modified"])
    audit.record("meetings.chair.elected", actor=actor, target=meeting, data={"person": person.pk})
    return meeting
