from django.urls import URLPattern, URLResolver, path

from partnerskap.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("fil/<id:pk>/", views.file, name="file"),
]
