"""Themenfelder, Lebenslagen and OZG-Leistungen: list and detail of each."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from rathaus.katalog.selectors import (
    lebenslage_detail_by_id,
    lebenslagen_filter,
    ozg_leistung_detail_by_id,
    ozg_leistungen_filter,
    themenfeld_detail_by_id,
    themenfelder_list,
)

from ..pagination import KatalogPagination
from ..serializers.themen import (
    LebenslageDetailOutputSerializer,
    LebenslageListInputSerializer,
    LebenslageListOutputSerializer,
    OzgLeistungDetailOutputSerializer,
    OzgLeistungListInputSerializer,
    OzgLeistungListOutputSerializer,
    ThemenfeldDetailOutputSerializer,
    ThemenfeldListOutputSerializer,
)
from .base import BAD_REQUEST, ID_PARAMETER, NOT_FOUND, KatalogView, not_found


class ThemenfeldListView(KatalogView):
    pagination_class = KatalogPagination

    @extend_schema(
        operation_id="themenfelder_list",
        summary="Themenfelder des OZG-Umsetzungskatalogs",
        responses={200: ThemenfeldListOutputSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        paginator = self.list_paginator()
        page = paginator.paginate_queryset(
            themenfelder_list().prefetch_related(None), request, view=self
        )
        data = ThemenfeldListOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class ThemenfeldDetailView(KatalogView):
    @extend_schema(
        operation_id="themenfelder_retrieve",
        summary="Ein Themenfeld mit seinen Lebenslagen",
        parameters=[ID_PARAMETER],
        responses={200: ThemenfeldDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            themenfeld = themenfeld_detail_by_id(pk=pk)
        except ObjectDoesNotExist as error:
            raise not_found() from error
        serializer = ThemenfeldDetailOutputSerializer(themenfeld, context={"request": request})
        return Response(serializer.data)


class LebenslageListView(KatalogView):
    pagination_class = KatalogPagination

    @extend_schema(
        operation_id="lebenslagen_list",
        summary="Lebenslagen, wahlweise eines Themenfelds",
        description="Ein unbekannter Kurzname in `themenfeld` ergibt 400.",
        parameters=[LebenslageListInputSerializer],
        responses={200: LebenslageListOutputSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        filters = self.parse_query(LebenslageListInputSerializer)
        paginator = self.list_paginator()
        page = paginator.paginate_queryset(
            lebenslagen_filter(themenfeld=filters.get("themenfeld")), request, view=self
        )
        data = LebenslageListOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class LebenslageDetailView(KatalogView):
    @extend_schema(
        operation_id="lebenslagen_retrieve",
        summary="Eine Lebenslage mit Themenfeld und OZG-Leistungen",
        parameters=[ID_PARAMETER],
        responses={200: LebenslageDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            lebenslage = lebenslage_detail_by_id(pk=pk)
        except ObjectDoesNotExist as error:
            raise not_found() from error
        serializer = LebenslageDetailOutputSerializer(lebenslage, context={"request": request})
        return Response(serializer.data)


class OzgLeistungListView(KatalogView):
    pagination_class = KatalogPagination

    @extend_schema(
        operation_id="ozg_leistungen_list",
        summary="OZG-Leistungen nach OZG-ID, wahlweise einer Lebenslage oder nach Namensteil",
        description="Ein unbekannter Kurzname in `lebenslage` ergibt 400.",
        parameters=[OzgLeistungListInputSerializer],
        responses={200: OzgLeistungListOutputSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        filters = self.parse_query(OzgLeistungListInputSerializer)
        paginator = self.list_paginator()
        queryset = ozg_leistungen_filter(
            lebenslage=filters.get("lebenslage"), name_contains=filters.get("q") or None
        )
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = OzgLeistungListOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class OzgLeistungDetailView(KatalogView):
    @extend_schema(
        operation_id="ozg_leistungen_retrieve",
        summary="Eine OZG-Leistung mit Lebenslage, Themenfeld und Link auf ihre Leistungen",
        parameters=[ID_PARAMETER],
        responses={200: OzgLeistungDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            ozg = ozg_leistung_detail_by_id(pk=pk)
        except ObjectDoesNotExist as error:
            raise not_found() from error
        serializer = OzgLeistungDetailOutputSerializer(ozg, context={"request": request})
        return Response(serializer.data)
