from django.urls import path, re_path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", views.suche, name="suche"),
    path("leistungen/<slug:slug>/", views.leistung, name="leistung"),
    path("themen/<slug:slug>/", views.themenfeld, name="themenfeld"),
    path("lebenslagen/<slug:slug>/", views.lebenslage, name="lebenslage"),
    path("a-z/", views.az, name="az"),
    re_path(r"^a-z/(?P<buchstabe>[A-Za-z]|0-9)/$", views.az, name="az_buchstabe"),
    path("organisation/", views.organisation_list, name="organisation_list"),
    path("organisation/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("impressum/", views.impressum, name="impressum"),
    path("datenschutz/", views.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", views.barrierefreiheit, name="barrierefreiheit"),
    path(
        "barrierefreiheit/danke/",
        views.barrierefreiheit_danke,
        name="barrierefreiheit_danke",
    ),
    path("leichte-sprache/", views.leichte_sprache, name="leichte_sprache"),
]
