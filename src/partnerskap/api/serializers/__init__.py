"""Representations of public data. Nothing here reads an exempt field: agenda items come as
``meetings.selectors.PublicItem`` (a closed item: neutral title and legal basis only), minutes
as ``minutes_public`` gives them, and proposals, follow-ups and committees only from the
public selectors (``partnerskap.api.selectors``)."""

from partnerskap.api.serializers.base import ApiSerializer, AreaRefSerializer
from partnerskap.api.serializers.followup import (
    AmendmentSerializer,
    BodyRefSerializer,
    CommitteeMemberSerializer,
    CommitteeReportSerializer,
    CommitteeSerializer,
    FollowUpEventSerializer,
    FollowUpSerializer,
    ProposalSerializer,
)
from partnerskap.api.serializers.meetings import (
    AgendaItemDraftSerializer,
    AgendaItemSerializer,
    ItemView,
    MeetingDetailSerializer,
    MeetingSerializer,
    MinutesSerializer,
    NoticeSerializer,
    PublicItemSerializer,
)
from partnerskap.api.serializers.reference import (
    AreaSerializer,
    ElectedBodySerializer,
    LocationSerializer,
    PartnershipSerializer,
    PartySerializer,
)

__all__ = [
    "AgendaItemDraftSerializer",
    "AgendaItemSerializer",
    "AmendmentSerializer",
    "ApiSerializer",
    "AreaRefSerializer",
    "AreaSerializer",
    "BodyRefSerializer",
    "CommitteeMemberSerializer",
    "CommitteeReportSerializer",
    "CommitteeSerializer",
    "ElectedBodySerializer",
    "FollowUpEventSerializer",
    "FollowUpSerializer",
    "ItemView",
    "LocationSerializer",
    "MeetingDetailSerializer",
    "MeetingSerializer",
    "MinutesSerializer",
    "NoticeSerializer",
    "PartnershipSerializer",
    "PartySerializer",
    "ProposalSerializer",
    "PublicItemSerializer",
]
