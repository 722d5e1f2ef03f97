"""GET /organisationseinheiten/ and GET /organisationseinheiten/{id}/."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from rathaus.organisation.selectors import (
    organisationseinheit_detail_by_id,
    organisationseinheiten_list,
)

from ..pagination import KatalogPagination
from ..serializers.organisation import (
    OrganisationseinheitDetailOutputSerializer,
    OrganisationseinheitListOutputSerializer,
)
from .base import BAD_REQUEST, ID_PARAMETER, NOT_FOUND, KatalogView, not_found


class OrganisationseinheitListView(KatalogView):
    pagination_class = KatalogPagination

    @extend_schema(
        operation_id="organisationseinheiten_list",
        summary="Organisationseinheiten (Ämter, Abteilungen, Einrichtungen) nach Name",
        responses={200: OrganisationseinheitListOutputSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        paginator = self.list_paginator()
        page = paginator.paginate_queryset(organisationseinheiten_list(), request, view=self)
        data = OrganisationseinheitListOutputSerializer(
            page, many=True, context={"request": request}
        ).data
        return paginator.get_paginated_response(data)


class OrganisationseinheitDetailView(KatalogView):
    @extend_schema(
        operation_id="organisationseinheiten_retrieve",
        summary="Eine Organisationseinheit mit Standort, Öffnungszeiten und Sonderöffnungen",
        description="`sonderoeffnungen`: Schließtage und abweichende Zeiten ab heute.",
        parameters=[ID_PARAMETER],
        responses={200: OrganisationseinheitDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            oe = organisationseinheit_detail_by_id(pk=pk)
        except ObjectDoesNotExist as error:
            raise not_found() from error
        serializer = OrganisationseinheitDetailOutputSerializer(oe, context={"request": request})
        return Response(serializer.data)
