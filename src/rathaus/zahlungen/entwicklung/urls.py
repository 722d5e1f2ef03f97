"""URLs of the development provider (mounted at /zahlungen/entwicklung/, names in the
``zahlungen`` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("api/token", views.token, name="entwicklung_api_token"),
    path(
        "api/paymenttransaction/<str:originator>/<str:endpoint>",
        views.transaktion_anlegen,
        name="entwicklung_api_anlegen",
    ),
    path(
        "api/paymenttransaction/<str:originator>/<str:endpoint>/<str:transaktion_id>",
        views.transaktion_abfragen,
        name="entwicklung_api_transaktion",
    ),
    path(
        "api/status/<str:originator>/<str:endpoint>",
        views.status,
        name="entwicklung_api_status",
    ),
    path("bezahlen/<str:transaktion_id>/", views.bezahlen, name="entwicklung_bezahlen"),
    path("stoerungen/", views.stoerungen, name="entwicklung_stoerungen"),
]
