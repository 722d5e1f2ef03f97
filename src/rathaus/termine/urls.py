from django.urls import path  # noqa: F401  (routes follow with the pages)

app_name = "termine"
urlpatterns: list = []
