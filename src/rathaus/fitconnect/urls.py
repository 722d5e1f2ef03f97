from django.urls import path

from . import views

app_name = "fitconnect"
urlpatterns = [path("callback", views.callback, name="callback")]
