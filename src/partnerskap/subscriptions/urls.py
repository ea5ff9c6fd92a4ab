"""Public subscriptions (under the language prefix, like the portal)."""

from django.urls import path

from partnerskap.subscriptions import views

app_name = "subscriptions"
urlpatterns = [
    path("abonnement/", views.follow, name="follow"),
    path("abonnement/bekreft/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/avslutt/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
