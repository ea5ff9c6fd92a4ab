"""OParl 1.1 under /oparl/v1/: the System, the bodies, each body's lists and its objects,
and the bytes of public files in the disposition OParl asks for.

The paths are made in ``addresses.Urls``; these patterns route exactly those."""

from django.urls import URLPattern, URLResolver, path, re_path

from partnerskap.oparl import views
from partnerskap.oparl.addresses import KINDS, LISTS, OBJECT_SEGMENT

app_name = "oparl"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.system, name="system"),
    path("bodies/", views.bodies, name="bodies"),
    path("body/<id:body>/", views.body, name="body"),
    path("file-content/<id:pk>/", views.file_content, name="file-access"),
    path(
        "file-content/<id:pk>/download/",
        views.file_content,
        {"download": True},
        name="file-download",
    ),
]

for oparl_type, segment in LISTS.values():
    urlpatterns.append(
        path(
            f"body/<id:body>/{segment}/",
            views.object_list,
            {"oparl_type": oparl_type, "segment": segment},
            name=segment,
        )
    )

for oparl_type, segment in OBJECT_SEGMENT.items():
    kind = "<slug:kind>/" if oparl_type in KINDS else ""
    urlpatterns.append(
        path(
            f"body/<id:body>/{segment}/{kind}<id:pk>/",
            views.detail,
            {"oparl_type": oparl_type},
            name=segment,
        )
    )

# Anything else under /oparl/v1/ (also an id too large to be one): a 404 in JSON.
urlpatterns.append(re_path(r"^[\s\S]*$", views.not_found, name="not-found"))
