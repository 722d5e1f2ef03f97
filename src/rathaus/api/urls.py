"""Routes of the read-only REST API v1 (mounted at /api/v1/)."""

from django.urls import path, register_converter

from .caching import cacheable
from .views.antraege import AntragCreateView, FormularListView, FormularSchemaView
from .views.docs import ApiRootView, SchemaView, SwaggerView
from .views.leistungen import LeistungDetailView, LeistungListView
from .views.organisation import OrganisationseinheitDetailView, OrganisationseinheitListView
from .views.themen import (
    LebenslageDetailView,
    LebenslageListView,
    OzgLeistungDetailView,
    OzgLeistungListView,
    ThemenfeldDetailView,
    ThemenfeldListView,
)


class IdConverter:
    """A database id: at most 18 digits, so no lookup overflows a 64-bit integer (→ 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("leistungen/", LeistungListView.as_view(), name="leistung-list"),
    path("leistungen/<id:pk>/", LeistungDetailView.as_view(), name="leistung-detail"),
    path(
        "organisationseinheiten/",
        OrganisationseinheitListView.as_view(),
        name="organisationseinheit-list",
    ),
    path(
        "organisationseinheiten/<id:pk>/",
        OrganisationseinheitDetailView.as_view(),
        name="organisationseinheit-detail",
    ),
    path("themenfelder/", ThemenfeldListView.as_view(), name="themenfeld-list"),
    path("themenfelder/<id:pk>/", ThemenfeldDetailView.as_view(), name="themenfeld-detail"),
    path("lebenslagen/", LebenslageListView.as_view(), name="lebenslage-list"),
    path("lebenslagen/<id:pk>/", LebenslageDetailView.as_view(), name="lebenslage-detail"),
    path("ozg-leistungen/", OzgLeistungListView.as_view(), name="ozg-leistung-list"),
    path("ozg-leistungen/<id:pk>/", OzgLeistungDetailView.as_view(), name="ozg-leistung-detail"),
    # --- Anträge (antraege) ---
    path("antraege/", AntragCreateView.as_view(), name="antrag-create"),
    path("formulare/", FormularListView.as_view(), name="formular-list"),
    path("formulare/<id:pk>/schema/", FormularSchemaView.as_view(), name="formular-schema"),
    path("schema/", cacheable(SchemaView.as_view()), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
]
