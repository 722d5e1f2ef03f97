"""OpenID Connect endpoints of the relying party.

Outside i18n_patterns: the redirect_uri registered at the identity provider must not
change with the language.
"""

from django.urls import path

from . import views

app_name = "konten_oidc"

urlpatterns = [
    path("start/", views.anmeldung_start, name="start"),
    path("callback/", views.anmeldung_callback, name="callback"),
]
