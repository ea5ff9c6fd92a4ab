"""Papers (public proposals) and consultations."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from django.db.models import F, OuterRef, QuerySet

from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.oparl import files, mapping
from partnerskap.oparl.prepared import prepare
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.stamps import deleted_children, latest, modified, stamped

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


#: The order of a proposal's areas: ``CooperationArea``'s ``Meta.ordering`` (part, position),
#: with the part by its own (kind, title), as Django orders a prefetch of ``areas``.
_AREA_ORDER: Final = (
    "proposal_id",
    "cooperationarea__part__kind",
    "cooperationarea__part__title",
    "cooperationarea__position",
)


def _area_rows() -> QuerySet[Any]:
    """(proposal, area name, *the order) of proposals' areas."""
    through = Proposal.areas.through.objects
    return through.values_list("proposal_id", "cooperationarea__name", *_AREA_ORDER[1:])


def paper_segments(scope: Scope) -> list[Segment]:
    def proposals() -> QuerySet[Any]:
        public = (
            proposals_public(partnership=scope.partnership)
            .select_related(None)
            .select_related("item")
            .defer(*_UNUSED_PROPOSAL_FIELDS)
        )
        stamps = stamped(
            public,
            latest(FollowUp.objects.filter(proposal=OuterRef("pk"))),
            *files.paper_documents_changed(),
            deleted_children(scope, "Paper"),
        )
        return files.flag_documents(stamps, "proposal")

    def render(rows: list[Proposal]) -> list[OParlObject]:
        pks = [p.pk for p in rows]
        follow_ups: dict[int, list[FollowUp]] = defaultdict(list)
        found = prepare(("oparl.papers.follow_ups",), _follow_up_rows).where_in("proposal_id", pks)
        for follow_up in sorted(found, key=lambda f: f.pk):
            follow_ups[follow_up.proposal_id].append(follow_up)
        areas: dict[int, list[str]] = defaultdict(list)
        named = prepare(("oparl.papers.areas",), _area_rows)
        for proposal, name, *_order in named.where_in("proposal_id", pks, order=_AREA_ORDER):
            areas[proposal].append(name)
        paper_files = files.paper_files(files.documented(rows), urls=scope.urls)
        return [
            mapping.paper(
                p,
                urls=scope.urls,
                partnership=scope.partnership,
                follow_ups=follow_ups[p.pk],
                areas=areas[p.pk],
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
