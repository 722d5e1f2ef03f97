from django.urls import path

from .views import akten, aktionen, anmeldung, posteingang

app_name = "arbeitsplatz"

urlpatterns = [
    path("anmelden/", anmeldung.anmelden, name="anmelden"),
    path("anmelden/code/", anmeldung.code, name="code"),
    path("anmelden/einrichten/", anmeldung.einrichten, name="einrichten"),
    path("abmelden/", anmeldung.abmelden, name="abmelden"),
    path("", akten.start, name="start"),
    path("aktenplan/", akten.aktenplan, name="aktenplan"),
    path("aktenplan/<int:pk>/", akten.aktenplaneinheit, name="aktenplaneinheit"),
    path("akten/<int:pk>/", akten.akte, name="akte"),
    path("akten/<int:pk>/zda/", aktionen.akte_zda, name="akte_zda"),
    path(
        "akten/<int:pk>/wiedereroeffnen/",
        aktionen.akte_wiedereroeffnen,
        name="akte_wiedereroeffnen",
    ),
    path("vorgaenge/<int:pk>/zda/", aktionen.vorgang_zda, name="vorgang_zda"),
    path(
        "vorgaenge/<int:pk>/wiedereroeffnen/",
        aktionen.vorgang_wiedereroeffnen,
        name="vorgang_wiedereroeffnen",
    ),
    path("dokumente/<int:pk>/", akten.dokument, name="dokument"),
    path("versionen/<int:pk>/herunterladen/", akten.herunterladen, name="herunterladen"),
    path("posteingang/", posteingang.posteingang, name="posteingang"),
    path("suche/", posteingang.suche, name="suche"),
]
