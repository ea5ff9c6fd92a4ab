"""iCalendar, Atom, sitemap and robots.txt, at the site root outside the language prefix.
Paths are Norwegian like the portal's; the names are English."""

from django.urls import URLPattern, URLResolver, path

from partnerskap.feeds import views
from partnerskap.feeds.atom import FollowUpFeed, MinutesFeed, NoticeFeed

app_name = "feeds"

notices = views.public_resource(NoticeFeed())
minutes = views.public_resource(MinutesFeed())
followup = views.public_resource(FollowUpFeed())

partnership = "<slug:partnership>/"
area = f"{partnership}omrader/<slug:area>/"
urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("kalender.ics", views.calendar, name="calendar"),
    path("feeds/innkallinger.atom", notices, name="notices"),
    path("feeds/motebok.atom", minutes, name="minutes"),
    path("feeds/oppfolging.atom", followup, name="followup"),
    path(f"{partnership}kalender.ics", views.calendar, name="partnership_calendar"),
    path(f"{partnership}innkallinger.atom", notices, name="partnership_notices"),
    path(f"{partnership}motebok.atom", minutes, name="partnership_minutes"),
    path(f"{partnership}oppfolging.atom", followup, name="partnership_followup"),
    path(f"{area}kalender.ics", views.calendar, name="area_calendar"),
    path(f"{area}innkallinger.atom", notices, name="area_notices"),
    path(f"{area}motebok.atom", minutes, name="area_minutes"),
    path(f"{area}oppfolging.atom", followup, name="area_followup"),
]
