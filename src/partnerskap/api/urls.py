"""/api/v1/: the REST API. Ids in paths are at most 18 digits, so that an absurd id is a 404
and never an integer overflow in the database."""

from django.urls import URLPattern, URLResolver, path, re_path, register_converter

from partnerskap.api.problems import not_found
from partnerskap.api.views import followup, index, meetings, reference


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "apiid")

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", index.Index.as_view(), name="index"),
    path("schema/", index.schema, name="schema"),
    path("docs/", index.docs, name="docs"),
    path("partnerships/", reference.PartnershipList.as_view(), name="partnership-list"),
    path(
        "partnerships/<apiid:pk>/",
        reference.PartnershipDetail.as_view(),
        name="partnership-detail",
    ),
    path("parties/", reference.PartyList.as_view(), name="party-list"),
    path("parties/<apiid:pk>/", reference.PartyDetail.as_view(), name="party-detail"),
    path("bodies/", reference.BodyList.as_view(), name="body-list"),
    path("bodies/<apiid:pk>/", reference.BodyDetail.as_view(), name="body-detail"),
    path("areas/", reference.AreaList.as_view(), name="area-list"),
    path("areas/<apiid:pk>/", reference.AreaDetail.as_view(), name="area-detail"),
    path("locations/", reference.LocationList.as_view(), name="location-list"),
    path("meetings/", meetings.MeetingList.as_view(), name="meeting-list"),
    path("meetings/<apiid:pk>/", meetings.MeetingDetail.as_view(), name="meeting-detail"),
    path(
        "meetings/<apiid:pk>/agenda-items/",
        meetings.MeetingItems.as_view(),
        name="meeting-items",
    ),
    path("meetings/<apiid:pk>/notice/", meetings.MeetingNotice.as_view(), name="meeting-notice"),
    path("agenda-items/", meetings.ItemList.as_view(), name="item-list"),
    path("agenda-items/<apiid:pk>/", meetings.ItemDetail.as_view(), name="item-detail"),
    path("proposals/", followup.ProposalList.as_view(), name="proposal-list"),
    path("proposals/<apiid:pk>/", followup.ProposalDetail.as_view(), name="proposal-detail"),
    path("follow-ups/", followup.FollowUpList.as_view(), name="follow-up-list"),
    path("follow-ups/<apiid:pk>/", followup.FollowUpDetail.as_view(), name="follow-up-detail"),
    path(
        "follow-ups/<apiid:pk>/steps/",
        followup.FollowUpSteps.as_view(),
        name="follow-up-steps",
    ),
    path("committees/", followup.CommitteeList.as_view(), name="committee-list"),
    path("committees/<apiid:pk>/", followup.CommitteeDetail.as_view(), name="committee-detail"),
    re_path(r"^[\s\S]*$", not_found, name="not-found"),  # any path, even with a newline
]
