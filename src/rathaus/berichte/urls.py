from django.urls import path, re_path

from . import views

app_name = "berichte"
urlpatterns = [
    path("digitalisierung/", views.digitalisierung, name="digitalisierung"),
    path("opendata/", views.opendata_index, name="opendata"),
    path("opendata/katalog.ttl", views.opendata_katalog, {"format": "ttl"}, name="dcat_ttl"),
    path(
        "opendata/katalog.jsonld", views.opendata_katalog, {"format": "jsonld"}, name="dcat_jsonld"
    ),
    re_path(
        r"^opendata/(?P<name>[a-z0-9-]+)\.(?P<format>csv|json)$", views.opendata_datei, name="datei"
    ),
]
