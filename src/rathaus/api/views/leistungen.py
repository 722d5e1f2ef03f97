"""GET /leistungen/ (search, filters, pagination) and GET /leistungen/{id}/."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from rathaus.berichte.selectors import leistung_ids_mit_stufe, reifegrade_of
from rathaus.formulare.selectors import formular_ids_by_leistung
from rathaus.katalog.selectors import (
    SuchanfrageUngueltig,
    leistung_detail_by_id,
    leistungen_filter,
    leistungen_search_filtered,
)

from ..pagination import LeistungPagination
from ..serializers.leistungen import (
    LeistungDetailOutputSerializer,
    LeistungListInputSerializer,
    LeistungListOutputSerializer,
)
from .base import BAD_REQUEST, ID_PARAMETER, NOT_FOUND, KatalogView, not_found, query_error

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung


def _kontext(request: Request, leistungen: Iterable[Leistung]) -> dict[str, Any]:
    """The serializers' context: for these Leistungen the id of the latest published
    Formular and the OZG maturity (berichte: the one function the portal uses too)."""
    ids = [leistung.pk for leistung in leistungen]
    return {
        "request": request,
        "formulare": formular_ids_by_leistung(leistung_ids=ids),
        "reifegrade": {pk: int(r.stufe) for pk, r in reifegrade_of(leistung_ids=ids).items()},
    }


class LeistungListView(KatalogView):
    pagination_class = LeistungPagination

    @extend_schema(
        operation_id="leistungen_list",
        summary="Leistungen suchen und filtern",
        description=(
            "Mit `q` nach Relevanz geordnet (Name vor Synonymen vor Text, Leistungen der "
            "Stadt zuerst), sonst nach Name. Alle Filter werden kombiniert (UND). Ein "
            "unbekannter oder ungültiger Kurzname in einem Filter ergibt 400 mit dem Namen "
            "des Parameters, keine leere Liste."
        ),
        parameters=[LeistungListInputSerializer],
        responses={200: LeistungListOutputSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        filters: dict[str, Any] = self.parse_query(LeistungListInputSerializer)
        query = filters.pop("q", "").strip()
        stufe = filters.pop("reifegrad", None)
        if stufe is not None:
            filters["leistung_ids"] = leistung_ids_mit_stufe(stufe=int(stufe))
        paginator = self.list_paginator()
        assert isinstance(paginator, LeistungPagination)
        if not query:
            page = paginator.paginate_queryset(leistungen_filter(**filters), request, view=self)
        else:
            limit, offset = paginator.window(request)
            try:
                ergebnis = leistungen_search_filtered(
                    query=query, limit=limit, offset=offset, **filters
                )
            except SuchanfrageUngueltig as error:
                raise query_error("q", str(error)) from error
            paginator.set_page(request, count=ergebnis.gesamt, limit=limit, offset=offset)
            paginator.suche = {
                "anfrage": ergebnis.anfrage,
                "korrekturen": ergebnis.korrekturen,
                "teiltreffer": ergebnis.teiltreffer,
            }
            page = ergebnis.treffer
        context = _kontext(request, page or [])
        data = LeistungListOutputSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)


class LeistungDetailView(KatalogView):
    @extend_schema(
        operation_id="leistungen_retrieve",
        summary="Eine Leistung mit allen Textbausteinen, Gebühren und Zuständigkeiten",
        parameters=[ID_PARAMETER],
        responses={200: LeistungDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            leistung = leistung_detail_by_id(pk=pk)
        except ObjectDoesNotExist as error:
            raise not_found() from error
        context = _kontext(request, [leistung])
        return Response(LeistungDetailOutputSerializer(leistung, context=context).data)
