"""The personal links in e-mail (``portal.views.links``): /lenke/forfall/…, /lenke/inhabil/…,
/lenke/vara/…"""

from django.urls import path

from partnerskap.portal.views import links

app_name = "links"

urlpatterns = [
    path("forfall/<str:token>/", links.forfall_page, name="forfall"),
    path("inhabil/<str:token>/", links.disqualification_page, name="disqualification"),
    path("vara/<str:token>/", links.substitute_page, name="substitute"),
]
