"""Sign-in steps beside the back office's own login (``backoffice:login``), under /sekretariat/ (and
/nn/sekretariat/, /en/sekretariat/)."""

from django.urls import path

from partnerskap.accounts import oidc, views

app_name = "accounts"
urlpatterns = [
    path("logg-inn/kode/", views.verify, name="verify"),
    path("logg-inn/tofaktor/", views.enrol, name="enrol"),
    path("logg-inn/sso/", oidc.StartView.as_view(), name="oidc_start"),
    path("logg-inn/sso/tilbake/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("sprak/", views.language, name="language"),
    path("tofaktor/", views.manage, name="manage"),
    path("tofaktor/reservekoder/", views.recovery_codes, name="recovery_codes"),
    path("tofaktor/nye-reservekoder/", views.regenerate_codes, name="regenerate_codes"),
    path("tofaktor/sla-av/", views.disable, name="disable"),
]
