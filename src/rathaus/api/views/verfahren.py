"""Verfahren for staff: list, detail (audited), timeline, notes and Wiedervorlagen."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from rathaus.core.services import protokoll_write
from rathaus.verfahren import services
from rathaus.verfahren.selectors import timeline, verfahren_detail, verfahren_filter, verfahren_ref

from ..auth_mitarbeiter import ueber_token
from ..pagination import KatalogPagination
from ..serializers.verfahren import (
    FristOutputSerializer,
    NotizInputSerializer,
    NotizOutputSerializer,
    TimelineEintragOutputSerializer,
    VerfahrenDetailOutputSerializer,
    VerfahrenListInputSerializer,
    VerfahrenListOutputSerializer,
    WiedervorlageInputSerializer,
)
from ._mitarbeiter import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    AktionView,
    LeseView,
    dienstfehler,
)
from .base import ID_PARAMETER

TAG = ["verfahren"]
LESEN = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN}
SCHREIBEN = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


class VerfahrenListView(LeseView):
    pagination_class = KatalogPagination

    @extend_schema(
        operation_id="verfahren_list",
        tags=TAG,
        summary="Die Verfahren Ihrer Organisationseinheiten",
        description=(
            "Neueste zuerst. Alle Filter werden kombiniert (UND); eine Id außerhalb Ihrer "
            "Organisationseinheiten ergibt eine leere Liste."
        ),
        parameters=[VerfahrenListInputSerializer],
        responses={200: VerfahrenListOutputSerializer(many=True), **LESEN},
    )
    def get(self, request: Request) -> Response:
        filters = self.eingabe(VerfahrenListInputSerializer, request.query_params)
        qs = verfahren_filter(
            user=request.user,
            status=filters.get("status"),
            leistung_id=filters.get("leistung"),
            organisationseinheit_id=filters.get("organisationseinheit"),
            aktenzeichen=filters.get("aktenzeichen") or "",
        )
        paginator = KatalogPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = VerfahrenListOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class VerfahrenDetailView(LeseView):
    @extend_schema(
        operation_id="verfahren_retrieve",
        tags=TAG,
        summary="Ein Verfahren mit Aufgaben, Fristen und Mitzeichnungen",
        description="Jeder Abruf wird protokolliert (personenbezogene Daten).",
        parameters=[ID_PARAMETER],
        responses={200: VerfahrenDetailOutputSerializer, **LESEN, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        with dienstfehler():
            verfahren = verfahren_detail(user=request.user, pk=pk)
        # a read of personal data, recorded before the content leaves the system
        protokoll_write(
            actor=request.user,
            action="verfahren.api.read",
            target=verfahren,
            details={"aktenzeichen": verfahren.aktenzeichen, **ueber_token(request)},
        )
        return Response(
            VerfahrenDetailOutputSerializer(verfahren, context={"request": request}).data
        )


class VerfahrenTimelineView(LeseView):
    @extend_schema(
        operation_id="verfahren_timeline",
        tags=TAG,
        summary="Protokoll, Notizen und Nachrichten eines Verfahrens, ältestes zuerst",
        description="Jeder Abruf wird protokolliert (personenbezogene Daten).",
        parameters=[ID_PARAMETER],
        responses={200: TimelineEintragOutputSerializer(many=True), **LESEN, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        with dienstfehler():
            verfahren = verfahren_detail(user=request.user, pk=pk)
            eintraege = timeline(user=request.user, verfahren=verfahren)
        protokoll_write(
            actor=request.user,
            action="verfahren.api.timeline",
            target=verfahren,
            details={"aktenzeichen": verfahren.aktenzeichen, **ueber_token(request)},
        )
        return Response(TimelineEintragOutputSerializer(eintraege, many=True).data)


class NotizCreateView(AktionView):
    @extend_schema(
        operation_id="verfahren_notizen_create",
        tags=TAG,
        summary="Eine interne Notiz anlegen (Sachbearbeitung oder Leitung der Einheit)",
        parameters=[ID_PARAMETER],
        request=NotizInputSerializer,
        responses={201: NotizOutputSerializer, **SCHREIBEN},
    )
    def post(self, request: Request, pk: int) -> Response:
        daten = self.eingabe(NotizInputSerializer, request.data)
        with dienstfehler():
            notiz = services.notiz_add(
                verfahren=verfahren_ref(pk=pk), text=daten["text"], actor=request.user
            )
        return Response(NotizOutputSerializer(notiz).data, status=status.HTTP_201_CREATED)


class WiedervorlageCreateView(AktionView):
    @extend_schema(
        operation_id="verfahren_wiedervorlagen_create",
        tags=TAG,
        summary="Das Verfahren auf Wiedervorlage legen (Sachbearbeitung oder Leitung)",
        parameters=[ID_PARAMETER],
        request=WiedervorlageInputSerializer,
        responses={201: FristOutputSerializer, **SCHREIBEN},
    )
    def post(self, request: Request, pk: int) -> Response:
        daten = self.eingabe(WiedervorlageInputSerializer, request.data)
        with dienstfehler():
            frist = services.wiedervorlage_set(
                verfahren=verfahren_ref(pk=pk),
                datum=daten["datum"],
                grund=daten["grund"],
                actor=request.user,
            )
        return Response(FristOutputSerializer(frist).data, status=status.HTTP_201_CREATED)
