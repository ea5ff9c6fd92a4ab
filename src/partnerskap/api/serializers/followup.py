"""Proposals with their follow-ups, and temporary committees."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerskap.api.fields import EnumField
from partnerskap.api.links import web_url
from partnerskap.api.serializers.base import ApiSerializer, AreaRefSerializer
from partnerskap.committees.models import Committee, CommitteeMembership, CommitteeReport
from partnerskap.core import time
from partnerskap.followup.models import FollowUp, Proposal

S = serializers


class FollowUpEventSerializer(S.Serializer[Any]):
    status = EnumField(FollowUp.Status, name="FollowUpStatus")
    on = S.DateField()
    note = S.CharField()


class BodyRefSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    name = S.CharField()
    party = S.IntegerField(source="party_id")


class FollowUpSerializer(ApiSerializer):
    """One elected body's handling of a proposal, with its history."""

    view_name = "follow-up-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    proposal = S.IntegerField(source="proposal_id")
    elected_body = BodyRefSerializer()
    taken_over_from = S.IntegerField(
        source="taken_over_from_id",
        allow_null=True,
        help_text="The follow-up this one continues: the ceased party's, handed over to its "
        "successor's body (A1).",
    )
    required_for_adoption = S.BooleanField()
    status = EnumField(FollowUp.Status, name="FollowUpStatus")
    expected_by = S.DateField()
    overdue = S.SerializerMethodField()
    body_meeting_date = S.DateField(allow_null=True)
    body_case_number = S.CharField()
    decision_text = S.CharField()
    decision_url = S.CharField()
    decided_on = S.DateField(allow_null=True)
    lock_version = S.IntegerField(help_text="Send it back as expected_lock_version.")
    events = FollowUpEventSerializer(many=True, source="events.all")
    modified = S.DateTimeField()

    def get_overdue(self, obj: FollowUp) -> bool:
        return obj.is_overdue(self.context.get("today") or time.today())


class AmendmentSerializer(S.Serializer[Any]):
    """A10: the proposed text of one section against the version in force."""

    state = EnumField(Proposal.AmendmentState, source="amendment_state", name="AmendmentState")
    base_version = S.IntegerField(source="base_version.number")
    section_slug = S.CharField()
    section_heading = S.CharField()
    proposed_text = S.CharField()
    in_force_from = S.DateField(allow_null=True)
    resulting_version = S.IntegerField(source="resulting_version.number", allow_null=True)


class ProposalSerializer(ApiSerializer):
    view_name = "proposal-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    web = S.SerializerMethodField()
    partnership = S.IntegerField(source="partnership_id")
    item = S.IntegerField(source="item_id")
    case_number = S.CharField(source="item.case_number")
    kind = EnumField(Proposal.Kind, name="ProposalKind")
    title = S.CharField()
    text = S.CharField()
    sent_on = S.DateField()
    carried_over_to = S.IntegerField(
        source="carried_over_to_id",
        allow_null=True,
        help_text="The renewed partnership that follows the proposal up (A18).",
    )
    areas = AreaRefSerializer(many=True, source="areas.all")
    sdgs = S.SerializerMethodField()
    amendment = S.SerializerMethodField()
    follow_ups = FollowUpSerializer(many=True, source="follow_ups.all")
    created = S.DateTimeField()
    modified = S.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web(self, obj: Proposal) -> str:
        return web_url(
            self.context.get("request"), "proposal", partnership=obj.partnership.slug, pk=obj.pk
        )

    @extend_schema_field(S.ListField(child=S.IntegerField()))
    def get_sdgs(self, obj: Proposal) -> list[int]:
        return [g.number for g in obj.sdgs.all()]

    @extend_schema_field(AmendmentSerializer(allow_null=True))
    def get_amendment(self, obj: Proposal) -> Any:
        if obj.kind != Proposal.Kind.AMENDMENT:
            return None
        return AmendmentSerializer(obj).data


class CommitteeMemberSerializer(S.Serializer[Any]):
    name = S.SerializerMethodField()
    party = S.IntegerField(
        source="party_id",
        allow_null=True,
        help_text="The party the member sits for; null for an external member (an expert).",
    )
    organisation = S.CharField(help_text="Where an external member comes from; may be empty.")
    role = EnumField(CommitteeMembership.Role, name="CommitteeRole")

    def get_name(self, obj: CommitteeMembership) -> str:
        return f"{obj.person.given_name} {obj.person.family_name}"


class CommitteeReportSerializer(S.Serializer[Any]):
    item = S.IntegerField(source="item_id")
    public = S.SerializerMethodField()
    summary = S.SerializerMethodField()
    is_final = S.BooleanField()

    def get_public(self, obj: CommitteeReport) -> bool:
        return not obj.item.is_closed

    @extend_schema_field(S.CharField(help_text="Empty when the report was dealt with closed."))
    def get_summary(self, obj: CommitteeReport) -> str:
        return "" if obj.item.is_closed else obj.summary


class CommitteeSerializer(ApiSerializer):
    view_name = "committee-detail"
    id = S.IntegerField()
    url = S.SerializerMethodField()
    web = S.SerializerMethodField()
    partnership = S.IntegerField(source="partnership_id")
    name = S.CharField()
    task = S.CharField()
    mandate = S.CharField()
    established_by = S.IntegerField(source="established_by_id")
    starts_on = S.DateField()
    ends_on = S.DateField()
    dissolved_on = S.DateField(allow_null=True)
    areas = AreaRefSerializer(many=True, source="areas.all")
    sdgs = S.SerializerMethodField()
    members = CommitteeMemberSerializer(many=True, source="members.all")
    reports = CommitteeReportSerializer(many=True, source="reports.all")
    created = S.DateTimeField()
    modified = S.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web(self, obj: Committee) -> str:
        return web_url(
            self.context.get("request"), "committee", partnership=obj.partnership.slug, pk=obj.pk
        )

    @extend_schema_field(S.ListField(child=S.IntegerField()))
    def get_sdgs(self, obj: Committee) -> list[int]:
        return [g.number for g in obj.sdgs.all()]
