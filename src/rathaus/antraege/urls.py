from django.urls import path

from . import views

app_name = "antraege"

urlpatterns = [
    path("entwurf/<int:entwurf_id>/einreichen/", views.einreichen, name="einreichen"),
    path("<int:pk>/", views.quittung, name="quittung"),
    path("<int:pk>/eingangsbestaetigung.pdf", views.quittung_pdf, name="quittung_pdf"),
    path("<int:pk>/anlagen/<int:nummer>/", views.anlage, name="anlage"),
]
