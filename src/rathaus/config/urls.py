from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from rathaus.arbeitsplatz.adminsite import MitarbeiterAdminSite
from rathaus.core.privat import privat
from rathaus.core.views import healthz

# The admin, like the staff workspace, needs the second factor: its login is the staff
# login (name, password and code, one answer), and a session without a verified device is
# sent back to it.
admin.site.__class__ = MitarbeiterAdminSite

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("rathaus.api.urls")),
    path("admin/", admin.site.urls),
    # --- Citizen login (konten) ---
    path("konto/oidc/", include("rathaus.konten.urls_oidc")),
    path("dev-idp/", include("rathaus.dev_idp.urls")),
    # --- FIT-Connect callbacks (fitconnect): machine to machine, no language prefix ---
    path("fitconnect/", include("rathaus.fitconnect.urls")),
]
# Areas with personal data are wrapped in privat(): no browser or proxy stores their pages.
urlpatterns += i18n_patterns(
    # --- Mein Antrag: status, messages, answer to a Nachforderung (verfahren) ---
    path("konto/antraege/", privat(include("rathaus.verfahren.urls_buerger"))),
    path("konto/", privat(include("rathaus.konten.urls"))),  # --- Citizen login (konten) ---
    # --- Online-Antrag (formulare) ---
    path("antrag/", privat(include("rathaus.formulare.urls"))),
    # --- Anträge (antraege) ---
    path("antraege/", privat(include("rathaus.antraege.urls"))),
    # --- Terminvergabe (termine) ---
    path("termine/", privat(include("rathaus.termine.urls"))),
    # --- Bezahlen (zahlungen) ---
    path("zahlungen/", privat(include("rathaus.zahlungen.urls"))),
    # --- Staff workspace (arbeitsplatz) ---
    path("arbeitsplatz/", privat(include("rathaus.arbeitsplatz.urls"))),
    # --- Digitalisierungsbericht and open data (berichte) ---
    path("", include("rathaus.berichte.urls")),
    path("", include("rathaus.portal.urls")),
    prefix_default_language=False,
)
