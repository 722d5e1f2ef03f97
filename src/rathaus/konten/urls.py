"""Pages of the citizen account (inside i18n_patterns: /konto/ and /en/konto/)."""

from django.urls import path

from . import views, views_dokumente

app_name = "konten"

urlpatterns = [
    path("", views.konto, name="konto"),
    path("anmelden/", views.anmelden, name="anmelden"),
    path("abmelden/", views.abmelden, name="abmelden"),
    path("abgemeldet/", views.abgemeldet, name="abgemeldet"),
    path("sitzung/verlaengern/", views.sitzung_verlaengern, name="sitzung_verlaengern"),
    path("postfach/", views.postfach, name="postfach"),
    path("postfach/<int:pk>/", views.nachricht, name="nachricht"),
    path("postfach/<int:pk>/dokument/", views_dokumente.dokument, name="nachricht_dokument"),
]
