"""Aufgaben for staff: the inbox, one Aufgabe, claim, release, assign and complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from rathaus.verfahren import services
from rathaus.verfahren.selectors import (
    InboxFilter,
    aufgabe_detail,
    aufgaben_offen_of,
    inbox,
    verfahren_detail,
)

from ..serializers.verfahren import (
    AufgabeAssignInputSerializer,
    AufgabeCompleteInputSerializer,
    AufgabeCompleteOutputSerializer,
    AufgabeDetailOutputSerializer,
    AufgabeListInputSerializer,
    InboxSeiteOutputSerializer,
    LeereEingabeSerializer,
)
from ._mitarbeiter import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    AktionView,
    LeseView,
    dienstfehler,
)
from .base import ID_PARAMETER

if TYPE_CHECKING:
    from rathaus.verfahren.models import Aufgabe

TAG = ["aufgaben"]
LESEN = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN}
AKTION = {**LESEN, 404: NOT_FOUND, 409: CONFLICT}


class AufgabeListView(LeseView):
    @extend_schema(
        operation_id="aufgaben_list",
        tags=TAG,
        summary="Der Posteingang: offene Aufgaben, die Sie bearbeiten dürfen",
        description=(
            "Wie die Aufgabenliste des Arbeitsplatzes: Aufgaben der Sachbearbeitung in Ihren "
            "Einheiten mit der Rolle Sachbearbeitung oder Leitung, Aufgaben der Leitung, wo "
            "Sie Leitung sind. Blättern mit `page` (ab 1) und `page_size`."
        ),
        parameters=[AufgabeListInputSerializer],
        responses={200: InboxSeiteOutputSerializer, **LESEN},
    )
    def get(self, request: Request) -> Response:
        daten = self.eingabe(AufgabeListInputSerializer, request.query_params)
        filters = InboxFilter(
            organisationseinheit_id=daten.get("organisationseinheit"),
            leistung_id=daten.get("leistung"),
            rolle=daten.get("rolle") or None,
            nur_meine=daten["nur_meine"],
            nur_unzugewiesen=daten["nur_unzugewiesen"],
            ueberfaellig=daten["ueberfaellig"],
            verfahren_status=daten.get("verfahren_status") or None,
            aktenzeichen=daten.get("aktenzeichen") or "",
        )
        seite = inbox(
            user=request.user,
            filters=filters,
            sort=daten["sort"],
            page=daten["page"],
            page_size=daten["page_size"],
        )
        url = request.build_absolute_uri()
        ausgabe = {
            "count": seite.anzahl,
            "seite": seite.seite,
            "seiten": seite.seiten,
            "sortierung": seite.sortierung,
            "next": (
                replace_query_param(url, "page", seite.seite + 1)
                if seite.seite < seite.seiten
                else None
            ),
            "previous": (
                (
                    replace_query_param(url, "page", seite.seite - 1)
                    if seite.seite > 2
                    else remove_query_param(url, "page")
                )
                if seite.seite > 1
                else None
            ),
            "results": seite.zeilen,
        }
        return Response(InboxSeiteOutputSerializer(ausgabe, context={"request": request}).data)


class AufgabeDetailView(LeseView):
    @extend_schema(
        operation_id="aufgaben_retrieve",
        tags=TAG,
        summary="Eine Aufgabe mit ihrem Verfahren und den Feldern ihres Ergebnisses",
        parameters=[ID_PARAMETER],
        responses={200: AufgabeDetailOutputSerializer, **LESEN, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        with dienstfehler():
            aufgabe = aufgabe_detail(user=request.user, pk=pk)
        return Response(AufgabeDetailOutputSerializer(aufgabe, context={"request": request}).data)


class _AufgabeAktion(AktionView):
    def antwort(self, request: Request, aufgabe: Aufgabe) -> Response:
        with dienstfehler():
            aufgabe = aufgabe_detail(user=request.user, pk=aufgabe.pk)
        return Response(AufgabeDetailOutputSerializer(aufgabe, context={"request": request}).data)


class AufgabeClaimView(_AufgabeAktion):
    @extend_schema(
        operation_id="aufgaben_claim",
        tags=TAG,
        summary="Eine freie Aufgabe übernehmen",
        description=(
            "Von zwei Personen, die gleichzeitig übernehmen, gewinnt genau eine; die andere "
            "bekommt 409 mit dem Namen, wer die Aufgabe hat. Die eigene Aufgabe erneut zu "
            "übernehmen ändert nichts."
        ),
        parameters=[ID_PARAMETER],
        request=LeereEingabeSerializer,
        responses={200: AufgabeDetailOutputSerializer, **AKTION},
    )
    def post(self, request: Request, pk: int) -> Response:
        self.eingabe(LeereEingabeSerializer, request.data)
        with dienstfehler():
            aufgabe = aufgabe_detail(user=request.user, pk=pk)
            aufgabe = services.aufgabe_claim(aufgabe=aufgabe, actor=request.user)
        return self.antwort(request, aufgabe)


class AufgabeReleaseView(_AufgabeAktion):
    @extend_schema(
        operation_id="aufgaben_release",
        tags=TAG,
        summary="Eine übernommene Aufgabe an die Einheit zurückgeben (nur wer sie hat)",
        parameters=[ID_PARAMETER],
        request=LeereEingabeSerializer,
        responses={200: AufgabeDetailOutputSerializer, **AKTION},
    )
    def post(self, request: Request, pk: int) -> Response:
        self.eingabe(LeereEingabeSerializer, request.data)
        with dienstfehler():
            aufgabe = aufgabe_detail(user=request.user, pk=pk)
            aufgabe = services.aufgabe_release(aufgabe=aufgabe, actor=request.user)
        return self.antwort(request, aufgabe)


class AufgabeAssignView(_AufgabeAktion):
    @extend_schema(
        operation_id="aufgaben_assign",
        tags=TAG,
        summary="Eine Aufgabe zuweisen, umverteilen oder freigeben (Leitung der Einheit)",
        parameters=[ID_PARAMETER],
        request=AufgabeAssignInputSerializer,
        responses={200: AufgabeDetailOutputSerializer, **AKTION},
    )
    def post(self, request: Request, pk: int) -> Response:
        daten = self.eingabe(AufgabeAssignInputSerializer, request.data)
        with dienstfehler():
            aufgabe = aufgabe_detail(user=request.user, pk=pk)
            aufgabe = services.aufgabe_assign(
                aufgabe=aufgabe, bearbeiter=daten["bearbeiter"], actor=request.user
            )
        return self.antwort(request, aufgabe)


class AufgabeCompleteView(AktionView):
    @extend_schema(
        operation_id="aufgaben_complete",
        tags=TAG,
        summary="Eine Aufgabe mit ihrem Ergebnis erledigen; das Verfahren geht weiter",
        description=(
            "Das Ergebnis wird gegen die Aufgabenart geprüft (`ergebnisfelder` der Aufgabe); "
            "Fehler stehen unter `ergebnis` beim jeweiligen Feld. Die Antwort enthält die "
            "danach offenen Aufgaben des Verfahrens."
        ),
        parameters=[ID_PARAMETER],
        request=AufgabeCompleteInputSerializer,
        responses={200: AufgabeCompleteOutputSerializer, **AKTION},
    )
    def post(self, request: Request, pk: int) -> Response:
        daten = self.eingabe(AufgabeCompleteInputSerializer, request.data)
        with dienstfehler(unter="ergebnis"):
            aufgabe = aufgabe_detail(user=request.user, pk=pk)
            services.aufgabe_complete(
                aufgabe=aufgabe, ergebnis=daten["ergebnis"], actor=request.user
            )
        with dienstfehler():
            aufgabe = aufgabe_detail(user=request.user, pk=pk)
            verfahren = verfahren_detail(user=request.user, pk=aufgabe.verfahren_id)
        ausgabe = {
            "aufgabe": aufgabe,
            "verfahren": verfahren,
            "offene_aufgaben": aufgaben_offen_of(verfahren=verfahren),
        }
        return Response(AufgabeCompleteOutputSerializer(ausgabe, context={"request": request}).data)
