from django.urls import path

from . import views

app_name = "termine"
urlpatterns = [
    path("", views.start, name="start"),
    path("tage/", views.tage, name="tage"),
    path("tag/", views.tag, name="tag"),
    path("gesendet/", views.gesendet, name="gesendet"),
    path("warteliste/", views.warteliste, name="warteliste"),
    # the waiting room's call display (before the booking links, which take any two parts)
    path("aufruf/<str:token>/", views.aufruf, name="aufruf"),
    path("aufruf/<str:token>/aufrufe.json", views.aufrufe, name="aufruf_daten"),
    path(
        "warteliste/<int:pk>/<str:token>/",
        views.warteliste_verwalten,
        name="warteliste_verwalten",
    ),
    path("<str:nummer>/<str:token>/bestaetigen/", views.bestaetigen, name="bestaetigen"),
    path("<str:nummer>/<str:token>/verschieben/", views.verschieben, name="verschieben"),
    path("<str:nummer>/<str:token>/", views.verwalten, name="verwalten"),
]
