from django.urls import path

from . import views, views_pruefen, views_wiederaufnahme

app_name = "formulare"

urlpatterns = [
    path("<int:formular_id>/", views.start, name="start"),
    path("<int:formular_id>/schritt/<int:schritt>/", views.schritt, name="schritt"),
    path("<int:formular_id>/pruefen/", views_pruefen.pruefen, name="pruefen"),
    path("<int:formular_id>/speichern/", views.speichern, name="speichern"),
    path("<int:formular_id>/neu/", views.verwerfen, name="verwerfen"),
    path("<int:formular_id>/gespeichert/", views_wiederaufnahme.gespeichert, name="gespeichert"),
    path("fortsetzen/", views_wiederaufnahme.fortsetzen, {"token": ""}, name="fortsetzen_basis"),
    path("fortsetzen/<str:token>/", views_wiederaufnahme.fortsetzen, name="fortsetzen"),
]
