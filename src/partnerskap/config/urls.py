from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from partnerskap.core import health, metrics

handler500 = "partnerskap.config.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("partnerskap.api.urls")),
    path("oparl/v1/", include("partnerskap.oparl.urls")),
    path("dokumenter/", include("partnerskap.documents.urls")),
    path("lenke/", include("partnerskap.portal.links_urls")),
    path("", include("partnerskap.feeds.urls")),
    # The portal and the back office in every language: bokmål un-prefixed, /nn/ and /en/.
    *i18n_patterns(
        path("sekretariat/", include("partnerskap.accounts.urls")),
        path("sekretariat/", include("partnerskap.backoffice.urls")),
        path("sekretariat/personvern/", include("partnerskap.privacy.urls")),
        path("sekretariat/varsler/", include("partnerskap.reminders.views")),
        path("", include("partnerskap.subscriptions.urls")),
        path("", include("partnerskap.portal.urls")),
        prefix_default_language=False,
    ),
]
