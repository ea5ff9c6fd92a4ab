"""The public portal (innsyn). Paths are Norwegian; English pages live under /en/."""

from django.urls import path

from partnerskap.portal.views import agreement, evaluation, home, meetings, proposals, years

app_name = "portal"

partnership = "<slug:partnership>/"
urlpatterns = [
    path("", home.home, name="home"),
    path("sok/", home.search, name="search"),
    path(partnership, home.partnership, name="partnership"),
    path(f"{partnership}moter/", meetings.meeting_list, name="meetings"),
    path(f"{partnership}moter/<id:pk>/", meetings.meeting_detail, name="meeting"),
    path(f"{partnership}saker/<id:pk>/", meetings.item_detail, name="item"),
    path(f"{partnership}gjester/", meetings.guests, name="guests"),
    path(f"{partnership}forslag/", proposals.proposal_list, name="proposals"),
    path(f"{partnership}forslag/<id:pk>/", proposals.proposal_detail, name="proposal"),
    path(f"{partnership}utvalg/", proposals.committee_list, name="committees"),
    path(f"{partnership}utvalg/<id:pk>/", proposals.committee_detail, name="committee"),
    path(f"{partnership}omrader/<slug:area>/", agreement.area_detail, name="area"),
    path(f"{partnership}avtale/", agreement.agreement_detail, name="agreement"),
    path(f"{partnership}avtale.pdf", agreement.agreement_pdf, name="agreement_pdf"),
    path(f"{partnership}arshjul/<year:year>/", years.cycle, name="cycle"),
    path(f"{partnership}ar/<year:year>/", years.year, name="year"),
    path(f"{partnership}evaluering/", evaluation.evaluation, name="evaluation"),
    path(f"{partnership}evaluering.pdf", evaluation.evaluation_pdf, name="evaluation_pdf"),
]
