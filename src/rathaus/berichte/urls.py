from django.urls import path  # noqa: F401  (the pages follow)

app_name = "berichte"
urlpatterns: list = []
