from django.urls import path  # noqa: F401  (the callback route follows)

app_name = "fitconnect"
urlpatterns: list = []
