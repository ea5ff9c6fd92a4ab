"""Personal data in the back office, under /sekretariat/personvern/."""

from django.urls import path

from partnerskap.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.subject_list, name="subjects"),
    path("person/<id:pk>/", views.person_detail, name="person"),
    path("person/<id:pk>/eksport.json", views.person_export, name="person_export"),
    path("person/<id:pk>/slett/", views.person_erase, name="person_erase"),
    path("gjest/<id:pk>/", views.guest_detail, name="guest"),
    path("gjest/<id:pk>/eksport.json", views.guest_export, name="guest_export"),
    path("gjest/<id:pk>/slett/", views.guest_erase, name="guest_erase"),
]
