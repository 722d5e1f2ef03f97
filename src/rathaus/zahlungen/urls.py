from django.urls import include, path

from . import views

app_name = "zahlungen"
urlpatterns = [
    path("benachrichtigung/", views.benachrichtigung, name="benachrichtigung"),
    # The development provider (404 unless RATHAUS_DEV_ZAHLUNG).
    path("entwicklung/", include("rathaus.zahlungen.entwicklung.urls")),
    path("<uuid:oeffentliche_id>/", views.bezahlen, name="bezahlen"),
    path("<uuid:oeffentliche_id>/zurueck/", views.zurueck, name="zurueck"),
    path("<uuid:oeffentliche_id>/girocode/", views.girocode, name="girocode"),
    path("<uuid:oeffentliche_id>/girocode.png", views.girocode_png, name="girocode_png"),
]
