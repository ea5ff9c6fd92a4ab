"""What clients send: query parameters of the lists (filters) and the bodies of writes.
These check shape only (types, lengths, known ids); the rules are the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partnerskap.agreements.models import Partnership, Party
from partnerskap.api.fields import EnumField
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import AgendaItem, Meeting

S = serializers
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_ID = 2**63 - 1


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise S.ValidationError(
            _("Give a year from %(min)d to %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="out_of_range",
        )


class DateTimeField(S.DateTimeField):
    """ISO 8601; without an offset the time is taken as Europe/Oslo."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        moment = super().to_internal_value(value)
        _check_year(moment.year)
        return moment


class SinceField(S.DateTimeField):
    """A filter's moment: any valid ISO 8601 date-time. Before 1900 reads as 1900 (nothing
    here is older) and after 2999 as 2999 (nothing is newer), so no valid moment is refused
    and none overflows when it is converted to UTC."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is not None and not MIN_YEAR <= parsed.year <= MAX_YEAR:
            year = MIN_YEAR if parsed.year < MIN_YEAR else MAX_YEAR
            return dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        return super().to_internal_value(value)


class DateField(S.DateField):
    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        _check_year(day.year)
        return day


def Id(**kwargs: Any) -> S.IntegerField:  # noqa: N802 - reads like a field class
    return S.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# ---------------------------------------------------------------- filters


class Filter(S.Serializer[Any]):
    modified_since = SinceField(
        required=False, help_text="Only rows changed at or after this time (ISO 8601)."
    )


class YearFilter(Filter):
    year = S.IntegerField(required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)


class PartnershipFilter(YearFilter):
    status = EnumField(Partnership.Status, name="PartnershipStatus", required=False)
    party = Id(required=False, help_text="Partnerships this party is a party to.")


class PartyFilter(Filter):
    partnership = Id(required=False)
    kind = EnumField(Party.Kind, name="PartyKind", required=False)


class BodyFilter(Filter):
    party = Id(required=False)


class AreaFilter(Filter):
    partnership = Id(required=False)


class MeetingFilter(YearFilter):
    partnership = Id(required=False)
    party = Id(required=False, help_text="Meetings of partnerships this party is a party to.")
    area = Id(required=False, help_text="Meetings with an open public item in this area.")
    status = EnumField(Meeting.Status, name="MeetingStatus", required=False)


class ItemFilter(YearFilter):
    partnership = Id(required=False)
    meeting = Id(required=False)
    area = Id(required=False, help_text="Open items in this area.")


class ProposalFilter(YearFilter):
    partnership = Id(required=False)
    area = Id(required=False)
    party = Id(
        required=False,
        help_text="Proposals sent to this party's bodies (or its member municipalities').",
    )
    status = EnumField(
        FollowUp.Status,
        name="FollowUpStatus",
        required=False,
        help_text="Proposals with at least one follow-up in this status.",
    )


class FollowUpFilter(Filter):
    partnership = Id(required=False)
    proposal = Id(required=False)
    party = Id(required=False, help_text="Answered by this party's bodies (or its members').")
    body = Id(required=False)
    status = EnumField(FollowUp.Status, name="FollowUpStatus", required=False)


class CommitteeFilter(YearFilter):
    partnership = Id(required=False)
    area = Id(required=False)


# ---------------------------------------------------------------- writes


class MeetingCreate(S.Serializer[Any]):
    partnership = Id()
    title = S.CharField(max_length=200)
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    location = Id(required=False, allow_null=True, help_text="From GET /api/v1/locations/.")
    form = EnumField(Meeting.Form, name="MeetingForm", default=Meeting.Form.IN_PERSON)


class MeetingChange(S.Serializer[Any]):
    """Move the meeting, change its place or form; what is left out stays as it is."""

    starts_at = DateTimeField(required=False)
    ends_at = DateTimeField(required=False)
    location = Id(required=False)
    form = EnumField(Meeting.Form, name="MeetingForm", required=False)


class ItemCreate(S.Serializer[Any]):
    kind = EnumField(AgendaItem.Kind, name="AgendaItemKind")
    title = S.CharField(max_length=300)
    areas = S.ListField(
        child=Id(), max_length=50, help_text="Ids of current cooperation areas (A3, A6)."
    )
    sdgs = S.ListField(
        child=S.IntegerField(min_value=1, max_value=17), required=False, max_length=17
    )
    case_presentation = S.CharField(required=False, allow_blank=True, max_length=100_000)
    recommendation = S.CharField(required=False, allow_blank=True, max_length=100_000)
    procedural_subject = EnumField(
        AgendaItem.ProceduralSubject,
        name="ProceduralSubject",
        required=False,
        allow_blank=True,
        help_text="Required for procedural items.",
    )


class ItemChange(S.Serializer[Any]):
    """Change an item before the meeting is held; what is left out stays as it is."""

    title = S.CharField(max_length=300, required=False)
    areas = S.ListField(child=Id(), max_length=50, required=False)
    sdgs = S.ListField(
        child=S.IntegerField(min_value=1, max_value=17), required=False, max_length=17
    )
    case_presentation = S.CharField(required=False, allow_blank=True, max_length=100_000)
    recommendation = S.CharField(required=False, allow_blank=True, max_length=100_000)
    expected_lock_version = S.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ID,
        help_text="The item's lock_version as you read it; a change meanwhile gives 409.",
    )


class NoticePublish(S.Serializer[Any]):
    message = S.CharField(required=False, allow_blank=True, max_length=10_000)


class FollowUpStep(S.Serializer[Any]):
    status = EnumField(FollowUp.Status, name="FollowUpStatus")
    on = DateField(required=False, help_text="The day of the step; today if left out.")
    body_meeting_date = DateField(required=False, allow_null=True)
    body_case_number = S.CharField(required=False, allow_blank=True, max_length=50)
    decision_text = S.CharField(required=False, allow_blank=True, max_length=100_000)
    decision_url = S.URLField(required=False, allow_blank=True, max_length=200)
    note = S.CharField(required=False, allow_blank=True, max_length=10_000)
    expected_lock_version = S.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ID,
        help_text="The follow-up's lock_version as you read it; a step meanwhile gives 409.",
    )
