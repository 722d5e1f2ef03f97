"""Terminvergabe: which days and times are free, and booking (/api/v1/termine/).

Anyone may read the availability. Anyone may reserve with a solved proof of work (as on
the website); the citizen then confirms by the email link (double opt-in). A client
system with the scope `termine:buchen` (the city's app, the phone-service desk) books
directly: confirmed at once, kanal telefon. Everything is throttled per client address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rathaus.core import arbeitsnachweis
from rathaus.core.arbeitsnachweis import Ergebnis
from rathaus.termine import selectors, services, vorort

from ..antraege_auth import ClientsystemAuthentication
from ..auth_mitarbeiter import FehlenderScope
from ..drosseln import ClientAnonRateThrottle
from ..serializers.termine import (
    AufgabeInputSerializer,
    BuchungCreateInputSerializer,
    BuchungOutputSerializer,
    SlotsInputSerializer,
    SlotsOutputSerializer,
    TageInputSerializer,
    TageOutputSerializer,
    TerminortOutputSerializer,
)
from .base import BAD_REQUEST, ID_PARAMETER, NOT_FOUND, not_found

SCOPE = "termine:buchen"
PRUEFUNG = {
    Ergebnis.FEHLT: "Ohne Token Pflicht: die gelöste Aufgabe aus …/orte/{id}/aufgabe/.",
    Ergebnis.ABGELAUFEN: "Abgelaufen: bitte eine neue Aufgabe holen.",
    Ergebnis.UNGUELTIG: "Ungültig: keine richtige Lösung einer Aufgabe dieses Servers.",
    Ergebnis.FREMD: "Die Aufgabe gehört zu einem anderen Standort oder Tag.",
    Ergebnis.VERBRAUCHT: "Diese Lösung wurde schon verwendet: bitte eine neue Aufgabe holen.",
}
ZWECK = "termine.api.reservieren"


class TermineLesenDrossel(ClientAnonRateThrottle):
    scope = "termine_lesen"
    rate = "120/minute"


class TermineBuchenDrossel(ClientAnonRateThrottle):
    """Reservations per client address (a trusted client system: per system, higher)."""

    scope = "termine_buchen"
    rate = "20/hour"

    def allow_request(self, request: Any, view: Any) -> bool:
        if getattr(request, "auth", None) is not None:
            self.rate = "600/hour"
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str:
        client = getattr(request, "auth", None)
        kennung = f"client:{client.pk}" if client is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": kennung}


def _fehler(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


class _Lesen(APIView):
    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer]
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes = [TermineLesenDrossel]

    def ort(self, pk: int) -> Any:
        try:
            return selectors.terminort_detail(pk=pk)
        except ObjectDoesNotExist:
            raise not_found() from None

    def wunsch(self, ort: Any, leistungen: dict[int, int]) -> selectors.Wunsch:
        try:
            return selectors.wunsch_build(terminort=ort, leistungen=leistungen)
        except DjangoValidationError as exc:
            raise _fehler(exc) from exc

    def query(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class TerminortListView(_Lesen):
    @extend_schema(
        operation_id="termine_orte_list",
        summary="Standorte, die Termine vergeben, mit ihren Leistungen",
        responses={200: TerminortOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        orte = selectors.terminorte_list().prefetch_related("terminleistungen__leistung")
        return Response(TerminortOutputSerializer(orte, many=True).data)


class TageView(_Lesen):
    @extend_schema(
        operation_id="termine_tage",
        summary="Tage mit mindestens einem freien Termin",
        description="Nur Tage im Buchungsfenster, an denen für diese Leistungen und "
        "Personen wirklich ein Termin frei ist.",
        parameters=[ID_PARAMETER, TageInputSerializer],
        responses={200: TageOutputSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        ort = self.ort(pk)
        wunsch = self.wunsch(ort, self.query(TageInputSerializer)["leistungen"])
        return Response(
            TageOutputSerializer(
                {"minuten": wunsch.minuten, "tage": selectors.freie_tage(wunsch=wunsch)}
            ).data
        )


class SlotsView(_Lesen):
    @extend_schema(
        operation_id="termine_slots",
        summary="Freie Uhrzeiten eines Tages",
        parameters=[ID_PARAMETER, SlotsInputSerializer],
        responses={200: SlotsOutputSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        ort = self.ort(pk)
        eingabe = self.query(SlotsInputSerializer)
        wunsch = self.wunsch(ort, eingabe["leistungen"])
        slots = selectors.freie_slots(wunsch=wunsch, datum=eingabe["datum"])
        return Response(SlotsOutputSerializer({"datum": eingabe["datum"], "slots": slots}).data)


class AufgabeView(_Lesen):
    @extend_schema(
        operation_id="termine_aufgabe",
        summary="Arbeitsnachweis (ALTCHA) für eine Reservierung ohne Token",
        description="Eine signierte Aufgabe für diesen Standort und Tag; die Lösung geht "
        "als `arbeitsnachweis` mit der Buchung mit und gilt einmal.",
        parameters=[ID_PARAMETER, AufgabeInputSerializer],
        responses={200: OpenApiResponse(description="ALTCHA-Aufgabe (JSON)"), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        ort = self.ort(pk)
        datum = self.query(AufgabeInputSerializer)["datum"]
        return Response(
            arbeitsnachweis.aufgabe_erstellen(zweck=ZWECK, bindung=f"{ort.pk}:{datum.isoformat()}")
        )


class BuchungCreateView(APIView):
    http_method_names = ["post", "options"]
    renderer_classes = [JSONRenderer]
    authentication_classes = [ClientsystemAuthentication]
    permission_classes: list[Any] = []
    throttle_classes = [TermineBuchenDrossel]

    @extend_schema(
        operation_id="termine_buchung_create",
        summary="Einen Termin reservieren (ohne Token) oder direkt buchen (Token)",
        description=(
            "Ohne Token: mit gelöstem `arbeitsnachweis`; der Termin ist reserviert und wird "
            "erst mit dem Link aus der E-Mail an `email` gebucht (201, Status `reserviert`). "
            "Mit dem Token eines Clientsystems mit der Berechtigung `termine:buchen` (App "
            "der Stadt, Telefonservice): sofort gebucht, Kanal `telefon` (201, Status "
            "`bestaetigt`); die Bestätigung mit Kalenderdatei geht an `email`. Ist die "
            "Uhrzeit nicht mehr frei: 409."
        ),
        request=BuchungCreateInputSerializer,
        responses={
            201: BuchungOutputSerializer,
            400: BAD_REQUEST,
            401: OpenApiResponse(description="Ungültiges Token."),
            403: OpenApiResponse(description="Dem Token fehlt die Berechtigung termine:buchen."),
            404: NOT_FOUND,
            409: BAD_REQUEST,
            429: OpenApiResponse(description="Zu viele Anfragen."),
        },
    )
    def post(self, request: Request) -> Response:
        client: Any = request.auth  # a Clientsystem, or None without a token
        if client is not None:
            scopes = client.scopes if isinstance(client.scopes, list) else []
            if SCOPE not in scopes:
                raise FehlenderScope(SCOPE)
        eingabe = BuchungCreateInputSerializer(data=request.data)
        eingabe.is_valid(raise_exception=True)
        daten = eingabe.validated_data
        try:
            ort = selectors.terminort_detail(pk=daten["terminort"])
        except ObjectDoesNotExist:
            raise not_found() from None
        beginn = daten["beginn"]
        argumente = {
            "terminort": ort,
            "leistungen": daten["leistungen"],
            "beginn": beginn,
            "name": daten["name"],
            "email": daten["email"],
        }
        try:
            if client is not None:
                buchung, _token = vorort.telefonbuchung_create(
                    **argumente, actor=f"api:{client.name}"
                )
            else:
                tag = timezone.localtime(beginn, selectors.LOCAL_TZ).date()
                pruefung = arbeitsnachweis.loesung_pruefen(
                    daten.get("arbeitsnachweis", ""),
                    zweck=ZWECK,
                    bindung=f"{ort.pk}:{tag.isoformat()}",
                )
                if not pruefung.ok:
                    raise exceptions.ValidationError(
                        {
                            "arbeitsnachweis": [
                                PRUEFUNG.get(pruefung.ergebnis, PRUEFUNG[Ergebnis.UNGUELTIG])
                            ]
                        }
                    )
                buchung, _token = services.buchung_reserve(**argumente, actor="api:anonym")
        except DjangoValidationError as exc:
            fehler = _fehler(exc)
            if hasattr(exc, "error_dict") and set(exc.error_dict) == {"beginn"}:
                return Response(fehler.detail, status=status.HTTP_409_CONFLICT)
            raise fehler from exc
        return Response(BuchungOutputSerializer(buchung).data, status=status.HTTP_201_CREATED)
