"""The citizen's pages of their Anträge (inside i18n_patterns: /konto/antraege/ and
/en/konto/antraege/)."""

from django.urls import path

from . import buerger_views

app_name = "meine_antraege"

urlpatterns = [
    path("<int:pk>/", buerger_views.antrag, name="detail"),
]
