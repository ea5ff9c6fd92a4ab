"""The admin app, with the operators-only site as ``admin.site`` (imported before the models
are ready, so it names the site by its path)."""

from django.contrib.admin.apps import AdminConfig


class PartnerskapAdminConfig(AdminConfig):
    default_site = "partnerskap.core.admin_site.OperatorAdminSite"
