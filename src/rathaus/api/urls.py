"""Routes of the read-only REST API v1 (mounted at /api/v1/)."""

from django.urls import path, register_converter

from .caching import cacheable
from .views.antraege import AntragCreateView, FormularListView, FormularSchemaView
from .views.aufgaben import (
    AufgabeAssignView,
    AufgabeClaimView,
    AufgabeCompleteView,
    AufgabeDetailView,
    AufgabeListView,
    AufgabeReleaseView,
)
from .views.docs import ApiRootView, SchemaView, SwaggerView
from .views.leistungen import LeistungDetailView, LeistungListView
from .views.organisation import OrganisationseinheitDetailView, OrganisationseinheitListView
from .views.termine import (
    AufgabeView,
    BuchungCreateView,
    SlotsView,
    TageView,
    TerminortListView,
)
from .views.themen import (
    LebenslageDetailView,
    LebenslageListView,
    OzgLeistungDetailView,
    OzgLeistungListView,
    ThemenfeldDetailView,
    ThemenfeldListView,
)
from .views.verfahren import (
    NotizCreateView,
    VerfahrenDetailView,
    VerfahrenListView,
    VerfahrenTimelineView,
    WiedervorlageCreateView,
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
    # --- Verfahren and Aufgaben for staff (session with second factor, or personal token) ---
    path("verfahren/", VerfahrenListView.as_view(), name="verfahren-list"),
    path("verfahren/<id:pk>/", VerfahrenDetailView.as_view(), name="verfahren-detail"),
    path(
        "verfahren/<id:pk>/timeline/",
        VerfahrenTimelineView.as_view(),
        name="verfahren-timeline",
    ),
    path("verfahren/<id:pk>/notizen/", NotizCreateView.as_view(), name="verfahren-notiz-create"),
    path(
        "verfahren/<id:pk>/wiedervorlagen/",
        WiedervorlageCreateView.as_view(),
        name="verfahren-wiedervorlage-create",
    ),
    path("aufgaben/", AufgabeListView.as_view(), name="aufgabe-list"),
    path("aufgaben/<id:pk>/", AufgabeDetailView.as_view(), name="aufgabe-detail"),
    path("aufgaben/<id:pk>/claim/", AufgabeClaimView.as_view(), name="aufgabe-claim"),
    path("aufgaben/<id:pk>/release/", AufgabeReleaseView.as_view(), name="aufgabe-release"),
    path("aufgaben/<id:pk>/assign/", AufgabeAssignView.as_view(), name="aufgabe-assign"),
    path("aufgaben/<id:pk>/complete/", AufgabeCompleteView.as_view(), name="aufgabe-complete"),
    # --- Terminvergabe (termine): availability for anyone, booking with proof of work or token
    path("termine/orte/", TerminortListView.as_view(), name="termine-orte"),
    path("termine/orte/<id:pk>/tage/", TageView.as_view(), name="termine-tage"),
    path("termine/orte/<id:pk>/slots/", SlotsView.as_view(), name="termine-slots"),
    path("termine/orte/<id:pk>/aufgabe/", AufgabeView.as_view(), name="termine-aufgabe"),
    path("termine/buchungen/", BuchungCreateView.as_view(), name="termine-buchung-create"),
    path("schema/", cacheable(SchemaView.as_view()), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
]
