"""Reads for follow-up: per proposal (all bodies side by side), per party (what awaits us),
per cooperation area, and what is overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from partnerskap.agreements.diff import ParagraphDiff, text_diff
from partnerskap.agreements.models import AgreementSection, CooperationArea, Partnership, Party
from partnerskap.core import time
from partnerskap.followup.models import (
    AWAITING_STATUSES,
    FINAL_STATUSES,
    FollowUp,
    FollowUpEvent,
    Proposal,
)
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.public import item_open_q
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser


def proposals_with_tracker(*, partnership: Partnership) -> QuerySet[Proposal]:
    """Proposals with their follow-ups, bodies and history prefetched (constant queries)."""
    return (
        Proposal.objects.filter(partnership=partnership)
        .select_related("item__meeting", "item__closed_session")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("elected_body__party").prefetch_related(
                    Prefetch("events", queryset=FollowUpEvent.objects.order_by("on", "id"))
                ),
            ),
            "areas",
        )
    )


def of_party(party: Party | int) -> Q:
    """Follow-ups answered by a party's bodies, or by its member municipalities' bodies (a
    condition on ``FollowUp``; the party or its id)."""
    return Q(elected_body__party=party) | Q(elected_body__party__council=party)


def follow_ups_awaiting(*, partnership: Partnership, party: Party) -> QuerySet[FollowUp]:
    """Everything a party's bodies (its own, and its member municipalities') still owe."""
    return (
        FollowUp.objects.filter(proposal__partnership=partnership)
        .filter(of_party(party))
        .exclude(status__in=FINAL_STATUSES)
        .select_related("proposal__item", "elected_body__party")
        .order_by("expected_by")
    )


def follow_ups_awaiting_bodies(*, bodies: Iterable[int]) -> QuerySet[FollowUp]:
    """What awaits the answer of these bodies, the earliest expected first, with only what a
    row of the back office's list shows (not the texts of every proposal, item and meeting)."""
    return (
        # Not final, said positively: the partial index of awaiting follow-ups can serve it.
        FollowUp.objects.filter(elected_body__in=list(bodies), status__in=AWAITING_STATUSES)
        .select_related("proposal", "elected_body")
        .only("lock_version", "status", "expected_by", "proposal__title", "elected_body__name")
        .order_by("expected_by", "pk")
    )


def follow_ups_before(follow_ups: QuerySet[FollowUp], *, pk: int) -> int | None:
    """How many of ``follow_ups`` (ordered by expected date, then pk) come before the one with
    ``pk``; ``None`` when it is not among them."""
    row = follow_ups.filter(pk=pk).values("expected_by", "pk").first()
    if row is None:
        return None
    return follow_ups.filter(
        Q(expected_by__lt=row["expected_by"]) | Q(expected_by=row["expected_by"], pk__lt=row["pk"])
    ).count()


def follow_up_reread(*, follow_up: FollowUp) -> FollowUp:
    """The follow-up as it stands now, with its body and proposal."""
    return FollowUp.objects.select_related("elected_body", "proposal").get(pk=follow_up.pk)


def follow_ups_overdue(
    *, partnership: Partnership, today: dt.date | None = None
) -> QuerySet[FollowUp]:
    return follow_ups_overdue_in(partnerships=[partnership], today=today)


def follow_ups_overdue_in(
    *, partnerships: Iterable[Partnership] | QuerySet[Partnership], today: dt.date | None = None
) -> QuerySet[FollowUp]:
    """``follow_ups_overdue`` for several partnerships in one query."""
    day = today or time.today()
    return (
        FollowUp.objects.filter(proposal__partnership__in=partnerships, expected_by__lt=day)
        .exclude(status__in=FINAL_STATUSES)
        .select_related("proposal__item", "elected_body__party")
        .order_by("expected_by")
    )


def proposals_in_area(*, area: CooperationArea) -> QuerySet[Proposal]:
    return Proposal.objects.filter(areas=area).select_related("item").order_by("-sent_on")


def amendment_old_text(*, proposal: Proposal) -> str:
    """The text of the amended section in the version it amends ("" for a new section)."""
    if proposal.base_version_id is None:
        return ""
    body = (
        AgreementSection.objects.filter(
            version_id=proposal.base_version_id, slug=proposal.section_slug
        )
        .values_list("body", flat=True)
        .first()
    )
    return body or ""


def amendment_diff(*, proposal: Proposal) -> list[ParagraphDiff]:
    """The proposed section text against the version it amends, paragraph by paragraph."""
    return text_diff(amendment_old_text(proposal=proposal), proposal.proposed_text)


def proposals_public(
    *, partnership: Partnership | None = None, carried_in: bool = False
) -> QuerySet[Proposal]:
    """Proposals anyone may see: all but those from an item dealt with in closed session
    (their text could reveal the closed content). ``partnership``: those made in it, and with
    ``carried_in`` also those carried over into it from the period before (A18)."""
    proposals = Proposal.objects.filter(item_open_q("item")).exclude(
        partnership__status=Partnership.Status.DRAFT
    )
    if partnership is not None:
        made_here = Q(partnership=partnership)
        proposals = proposals.filter(
            made_here | Q(carried_over_to=partnership) if carried_in else made_here
        )
    return proposals.select_related("item__meeting", "partnership")


def followed_up_under(partnerships: Partnership | OuterRef | Sequence[int], *, via: str = "") -> Q:
    """The proposals whose follow-up belongs to ``partnerships`` now (A18): those made in one
    and not carried over into its renewal, and those carried over into one. An awaiting count
    or work list counts these, so a carried-over proposal awaits in one place. ``via``: the
    path to the proposal from the rows filtered (``"proposal__"`` for follow-ups)."""
    many = "__in" if isinstance(partnerships, list | tuple | set | frozenset) else ""
    return Q(
        **{f"{via}partnership{many}": partnerships, f"{via}carried_over_to__isnull": True}
    ) | Q(**{f"{via}carried_over_to{many}": partnerships})


def partnership_followed_up_under(*, via: str = "") -> Coalesce:
    """``followed_up_under`` as an expression: the id of the partnership a proposal's
    follow-up belongs to now, to group or show rows by."""
    return Coalesce(f"{via}carried_over_to", f"{via}partnership")


def proposals_readable_by(user: AnyUser) -> Q:
    """The proposals ``user`` may read inside (a condition on ``Proposal``): all of the
    partnerships whose exempt content they read, elsewhere only those not made under a closed
    item (L3)."""
    return Q(partnership__in=policy.partnerships_exempt_readable(user)) | item_open_q("item")


def proposal_titles(*, user: AnyUser, proposal_ids: Iterable[int]) -> dict[int, str]:
    """Each proposal's title as ``user`` may see it, in one query. A proposal made under a
    closed item is exempt content (L3, as ``proposals_public`` says): for those who may not
    read the partnership's exempt content it is named by its item's case number and neutral
    public title only (``people.policy.can_read_exempt``)."""
    readable_in = policy.partnerships_exempt_readable(user)
    rows = Proposal.objects.filter(pk__in=list(proposal_ids)).values(
        "pk",
        "title",
        "partnership_id",
        "item__number",
        "item__year",
        "item__closed_session__pk",
        "item__closed_session__public_title",
    )
    titles = {}
    for row in rows:
        if row["item__closed_session__pk"] is None or row["partnership_id"] in readable_in:
            titles[row["pk"]] = row["title"]
        else:
            titles[row["pk"]] = _("Proposal under %(case_number)s %(public_title)s") % {
                "case_number": AgendaItem.format_case_number(
                    row["item__number"], row["item__year"]
                ),
                "public_title": row["item__closed_session__public_title"],
            }
    return titles


# ---------------------------------------------------------------------------- amendments: A10


def amendment_follow_ups() -> Prefetch[Any]:
    """An amendment's follow-ups with their bodies and parties, by party and body name."""
    return Prefetch(
        "follow_ups",
        queryset=FollowUp.objects.select_related("elected_body__party").order_by(
            "elected_body__party__name", "elected_body__name"
        ),
    )


def amendments_readable(*, user: AnyUser, partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's amendments that ``user`` may read (L3: one from a closed item only
    for readers of exempt content), with what the list shows, the latest first."""
    return (
        Proposal.objects.filter(
            proposals_readable_by(user),
            partnership=partnership,
            kind=Proposal.Kind.AMENDMENT,
        )
        .select_related("item", "base_version", "resulting_version")
        .prefetch_related(amendment_follow_ups())
        .order_by("-sent_on", "-pk")
    )


def amendment_with_follow_ups(*, pk: int, partnerships: QuerySet[Partnership]) -> Proposal | None:
    """One amendment of these partnerships, with its item, versions and follow-ups."""
    return (
        Proposal.objects.select_related(
            "partnership",
            "part",
            "base_version",
            "resulting_version",
            "item__meeting",
            "item__closed_session",
        )
        .prefetch_related(amendment_follow_ups())
        .filter(pk=pk, kind=Proposal.Kind.AMENDMENT, partnership__in=partnerships)
        .first()
    )


def items_awaiting_proposal(*, partnership: Partnership) -> QuerySet[AgendaItem]:
    """The partnership's items whose outcome is a proposal to the parties and that have no
    proposal yet (A9, A10), with what ``meetings.selectors.items_shown`` needs."""
    return (
        AgendaItem.objects.filter(
            partnership=partnership,
            outcome=AgendaItem.Outcome.PROPOSAL,
            withdrawn=False,
            proposal__isnull=True,
        )
        .select_related("meeting", "closed_session__legal_basis")
        .prefetch_related("areas")
        .order_by("-meeting__starts_at", "position")
    )


def proposals_carried_over_public(*, partnership: Partnership) -> QuerySet[Proposal]:
    """The public proposals carried over into ``partnership`` from the period before (A18)."""
    return proposals_public().filter(carried_over_to=partnership).order_by("sent_on", "pk")
