from django.contrib.auth import views as auth_views
from django.urls import path

from partnerskap.accounts.views import SignInView
from partnerskap.backoffice.views import (
    agreement,
    bodies,
    committees,
    dashboard,
    evaluation,
    finance,
    followup,
    general_part,
    items,
    meetings,
    overview,
    people,
    places,
    renewal,
    requests,
    succession,
    year,
    year_draft,
)

app_name = "backoffice"
urlpatterns = [
    path("logg-inn/", SignInView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", dashboard.dashboard, name="dashboard"),
    path("moter/", meetings.meeting_list, name="meetings"),
    path("moter/ny/", meetings.meeting_create, name="meeting_create"),
    path("moter/<id:pk>/", meetings.meeting_detail, name="meeting"),
    path("moter/<id:pk>/motebok/", meetings.meeting_minutes, name="meeting_minutes"),
    path("moter/<id:pk>/motebok.pdf", meetings.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("moter/<id:pk>/<slug:action>/", meetings.meeting_action, name="meeting_action"),
    path("oppfolging/", followup.follow_up_list, name="follow_ups"),
    path("oppfolging/<id:pk>/", followup.follow_up_record, name="follow_up_record"),
    *items.urlpatterns,
    *requests.urlpatterns,
    *year.urlpatterns,
    *year_draft.urlpatterns,
    *committees.urlpatterns,
    *finance.urlpatterns,
    *agreement.urlpatterns,
    *general_part.urlpatterns,
    *renewal.urlpatterns,
    *people.urlpatterns,
    *bodies.urlpatterns,
    *succession.urlpatterns,
    *places.urlpatterns,
    *evaluation.urlpatterns,
    *overview.urlpatterns,
]
