from django.urls import path

from .views import (
    akten,
    aktionen,
    aktivierung,
    anmeldung,
    bescheid,
    posteingang,
    termine,
    verfahren,
    verfahren_aktionen,
)

app_name = "arbeitsplatz"

urlpatterns = [
    path("anmelden/", anmeldung.anmelden, name="anmelden"),
    # The token is a secret: a URL parameter named "token" never reaches a log (core.logpfad).
    path("aktivieren/<int:konto>/<str:token>/", aktivierung.aktivieren, name="aktivieren"),
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
    path("aufgaben/", verfahren.aufgaben, name="aufgaben"),
    path("verfahren/<int:pk>/", verfahren.verfahren, name="verfahren"),
    path("verfahren/<int:pk>/notiz/", verfahren_aktionen.notiz, name="verfahren_notiz"),
    path(
        "verfahren/<int:pk>/weiterleiten/",
        verfahren_aktionen.weiterleiten,
        name="verfahren_weiterleiten",
    ),
    path(
        "verfahren/<int:pk>/wiedervorlage/",
        verfahren_aktionen.wiedervorlage,
        name="verfahren_wiedervorlage",
    ),
    path("verfahren/<int:pk>/antwort/", verfahren_aktionen.antwort, name="verfahren_antwort"),
    path(
        "verfahren/<int:pk>/bescheid-entwurf.pdf",
        bescheid.bescheid_vorschau,
        name="verfahren_bescheid_vorschau",
    ),
    path("verfahren/<int:pk>/zda/", bescheid.zda, name="verfahren_zda"),
    path(
        "aufgaben/<int:pk>/uebernehmen/",
        verfahren_aktionen.uebernehmen,
        name="aufgabe_uebernehmen",
    ),
    path(
        "aufgaben/<int:pk>/zurueckgeben/",
        verfahren_aktionen.zurueckgeben,
        name="aufgabe_zurueckgeben",
    ),
    path("aufgaben/<int:pk>/zuweisen/", verfahren_aktionen.zuweisen, name="aufgabe_zuweisen"),
    path("aufgaben/<int:pk>/erledigen/", verfahren_aktionen.erledigen, name="aufgabe_erledigen"),
    # --- Terminvergabe at the office (termine) ---
    path("termine/", termine.orte, name="termine"),
    path("termine/<int:pk>/", termine.tag, name="termine_tag"),
    path("termine/<int:pk>/einchecken/", termine.einchecken, name="termine_einchecken"),
    path("termine/<int:pk>/aufrufen/", termine.aufrufen, name="termine_aufrufen"),
    path(
        "termine/<int:pk>/nicht-erschienen/",
        termine.nicht_erschienen,
        name="termine_nicht_erschienen",
    ),
    path("termine/<int:pk>/vorsprache/", termine.vorsprache, name="termine_vorsprache"),
    path("termine/<int:pk>/statistik/", termine.statistik, name="termine_statistik"),
    path("termine/<int:pk>/abwesenheiten/", termine.abwesenheiten, name="termine_abwesenheiten"),
    path(
        "termine/<int:pk>/abwesenheiten/<int:nr>/aufheben/",
        termine.abwesenheit_loeschen,
        name="termine_abwesenheit_loeschen",
    ),
]
