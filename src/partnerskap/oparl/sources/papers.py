"""Papers (public proposals) and consultations."""

from __future__ import annotations

from typing import Any, Final

from django.db.models import F, OuterRef, Prefetch, QuerySet

from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.oparl import files, mapping
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.stamps import deleted_children, latest, modified, prefetched, stamped

#: What a paper does not show: the texts (they will come as files) and the item's content.
_UNUSED_PROPOSAL_FIELDS: Final = (
    "text",
    "proposed_text",
    "item__case_presentation",
    "item__recommendation",
    "item__outcome_text",
)


def _follow_up_rows() -> QuerySet[FollowUp]:
    """Follow-ups with what a consultation shows: not the decision texts or notes."""
    return FollowUp.objects.only(
        "pk", "proposal", "elected_body", "status", "created", "modified"
    ).order_by("pk")


def paper_segments(scope: Scope) -> list[Segment]:
    def proposals() -> QuerySet[Any]:
        public = (
            proposals_public(partnership=scope.partnership)
            .select_related(None)
            .select_related("item")
            .defer(*_UNUSED_PROPOSAL_FIELDS)
        )
        return stamped(
            public,
            latest(FollowUp.objects.filter(proposal=OuterRef("pk"))),
            *files.paper_documents_changed(),
            deleted_children(scope, "Paper"),
        ).prefetch_related(
            Prefetch("follow_ups", queryset=_follow_up_rows(), to_attr="oparl_follow_ups"),
            Prefetch("areas", to_attr="oparl_areas"),
        )

    def render(rows: list[Proposal]) -> list[OParlObject]:
        paper_files = files.paper_files(rows, urls=scope.urls)
        return [
            mapping.paper(
                p,
                urls=scope.urls,
                partnership=scope.partnership,
                follow_ups=prefetched(p, "oparl_follow_ups"),
                areas=[area.name for area in prefetched(p, "oparl_areas")],
                files=paper_files.get(p.pk, ()),
                modified=modified(p),
            )
            for p in rows
        ]

    return [Segment("Paper", "proposal", proposals, render, template=scope.pk)]


def consultation_segments(scope: Scope) -> list[Segment]:
    urls, partnership = scope.urls, scope.partnership

    def meeting_consultations() -> QuerySet[Any]:
        proposals = proposals_public(partnership=partnership).select_related(None)
        return stamped(proposals.annotate(oparl_meeting=F("item__meeting")))

    def render_meeting(rows: list[Proposal]) -> list[OParlObject]:
        return [
            mapping.meeting_consultation(
                p, urls=urls, partnership=partnership, meeting=p.__dict__["oparl_meeting"]
            )
            for p in rows
        ]

    def follow_ups() -> QuerySet[Any]:
        public = proposals_public(partnership=partnership).values("pk")
        return stamped(_follow_up_rows().filter(proposal__in=public))

    def render_follow_up(rows: list[FollowUp]) -> list[OParlObject]:
        return [mapping.follow_up_consultation(f, urls=urls, partnership=partnership) for f in rows]

    return [
        Segment(
            "Consultation", "meeting", meeting_consultations, render_meeting, template=scope.pk
        ),
        Segment("Consultation", "follow-up", follow_ups, render_follow_up, template=scope.pk),
    ]
