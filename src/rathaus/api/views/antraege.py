"""Anträge from other online services (FIT-Connect shaped) and the Formulare they fill."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rathaus.antraege import services as antraege
from rathaus.antraege.selectors import dateifeld_zuordnung
from rathaus.formulare.selectors import formular_get, formulare_veroeffentlicht_filter

from ..antraege_auth import ClientsystemAuthentication, HatScope
from ..antraege_metadaten import LEIKA_URN, formular_id_aus, metadaten_fehler, sha512
from ..pagination import KatalogPagination
from ..serializers.antraege import (
    AntragCreateInputSerializer,
    AntragCreateRequestSchema,
    AntragOutputSerializer,
    FormularListInputSerializer,
    FormularOutputSerializer,
)
from .base import BAD_REQUEST, ID_PARAMETER, NOT_FOUND, KatalogView, not_found

if TYPE_CHECKING:
    from rathaus.antraege.models import Clientsystem
    from rathaus.formulare.models import Formular

_SCHLUESSEL = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="Eindeutiger Schlüssel der Einreichung (1–100 Zeichen A–Z a–z 0–9 . _ : -); "
    "eine Wiederholung mit demselben Schlüssel liefert den ersten Antrag.",
)
CS = "metadata.contentStructure"


def _fehler(feld: str, text: str) -> ValidationError:
    return ValidationError({feld: [text]})


def _formular(metadaten: dict[str, Any]) -> Formular:
    uri = metadaten["contentStructure"]["data"]["submissionSchema"]["schemaUri"]
    feld = f"{CS}.data.submissionSchema.schemaUri"
    pk = formular_id_aus(uri)
    if pk is None:
        raise _fehler(
            feld, "Erwartet die URL eines Formularschemas: …/api/v1/formulare/{id}/schema/"
        )
    try:
        formular = formular_get(pk=pk)
    except ObjectDoesNotExist:
        raise _fehler(feld, f"Kein veröffentlichtes Formular mit der Id {pk}.") from None
    kennung = (metadaten.get("publicServiceType") or {}).get("identifier")
    leika = formular.leistung.leika_schluessel if formular.leistung else ""
    if kennung is not None and kennung != f"{LEIKA_URN}{leika}":
        raise _fehler(
            "metadata.publicServiceType.identifier",
            f"Das Formular gehört zur Leistung {LEIKA_URN}{leika or '(keine)'}.",
        )
    return formular


def _dateien(
    request: Request, metadaten: dict[str, Any], daten: Any, formular: Formular
) -> list[antraege.Datei]:
    anlagen = metadaten["contentStructure"]["attachments"]
    ids = [a["attachmentId"] for a in anlagen]
    if len(set(ids)) != len(ids):
        raise _fehler(f"{CS}.attachments", "Jede attachmentId darf nur einmal vorkommen.")
    for name in request.FILES:
        if name not in ids:
            raise _fehler(
                name[:100],
                "Dieser Dateiteil ist in metadata.contentStructure.attachments nicht beschrieben.",
            )
    zuordnung = dateifeld_zuordnung(formular=formular, daten=daten, anlage_ids=set(ids))
    out = []
    for i, a in enumerate(anlagen):
        teile = request.FILES.getlist(a["attachmentId"])
        if len(teile) != 1:
            raise _fehler(
                f"{CS}.attachments[{i}]",
                "Zu dieser Anlage fehlt genau ein Dateiteil mit ihrer attachmentId.",
            )
        out.append(
            antraege.Datei(
                feld=zuordnung.get(a["attachmentId"], ""),
                dateiname=a.get("filename") or teile[0].name or "",
                mediatyp=a["mimeType"],
                inhalt=teile[0],
                sha512=a["hash"]["content"],
                bezeichnung=(a.get("description") or "")[:300],
            )
        )
    return out


class AntragCreateView(APIView):
    authentication_classes = [ClientsystemAuthentication]
    permission_classes = [HatScope]
    parser_classes = [MultiPartParser]
    renderer_classes = [JSONRenderer]
    http_method_names = ["post", "options"]
    erforderlicher_scope = "antraege:einreichen"

    @extend_schema(
        operation_id="antraege_create",
        summary="Einen Antrag einreichen (Metadaten wie FIT-Connect, Fachdaten, Anlagen)",
        description=(
            "Multipart: `metadata` (FIT-Connect-Metadaten 1.0.0, JSON), `data` (Fachdaten, JSON) "
            "und je Anlage ein Dateiteil, benannt nach ihrer `attachmentId`. Die SHA-512-Werte "
            "in den Metadaten müssen zu `data` und den Anlagen passen. Idempotent über den "
            "Header `Idempotency-Key`: dieselbe Anfrage erneut → 200 mit demselben Antrag, "
            "derselbe Schlüssel mit anderer Anfrage → 409."
        ),
        parameters=[IDEMPOTENCY],
        request={"multipart/form-data": AntragCreateRequestSchema},
        responses={
            201: AntragOutputSerializer,
            200: AntragOutputSerializer,
            400: BAD_REQUEST,
            401: OpenApiResponse(description="Kein oder ungültiges Token."),
            403: OpenApiResponse(
                description="Dem Token fehlt die Berechtigung antraege:einreichen."
            ),
            409: BAD_REQUEST,
        },
    )
    def post(self, request: Request) -> Response:
        schluessel = request.headers.get("Idempotency-Key", "")
        if not _SCHLUESSEL.match(schluessel):
            raise _fehler("Idempotency-Key", "Pflicht: 1–100 Zeichen aus A–Z a–z 0–9 . _ : -")
        eingabe = AntragCreateInputSerializer(data=request.data)
        eingabe.is_valid(raise_exception=True)
        meta_text, metadaten = eingabe.validated_data["metadata"]
        daten_text, daten = eingabe.validated_data["data"]
        fehler = metadaten_fehler(metadaten)
        if fehler:
            raise ValidationError(fehler)
        if not isinstance(daten, dict):
            raise _fehler("data", "Die Fachdaten müssen ein JSON-Objekt sein.")
        inhalt = metadaten["contentStructure"].get("data")
        if inhalt is None:
            raise _fehler(f"{CS}.data", "Pflicht, wenn Fachdaten übermittelt werden.")
        if inhalt["hash"]["type"] != "sha512" or inhalt["hash"]["content"] != sha512(
            daten_text.encode()
        ):
            raise _fehler(
                f"{CS}.data.hash", "Der Hashwert passt nicht zu data (SHA-512 der UTF-8-Bytes)."
            )
        formular = _formular(metadaten)
        dateien = _dateien(request, metadaten, daten, formular)
        client: Clientsystem = request.auth  # type: ignore[assignment]
        try:
            ergebnis = antraege.antrag_receive(
                clientsystem=client,
                formular=formular,
                daten=daten,
                metadaten=metadaten,
                dateien=dateien,
                idempotency_key=schluessel,
                anfrage_sha256=hashlib.sha256(f"{meta_text}\0{daten_text}".encode()).hexdigest(),
                actor=f"api:{client.name}",
            )
        except DjangoValidationError as exc:
            raise ValidationError(
                {(k if k == "anlagen" else f"data.{k}"): v for k, v in exc.message_dict.items()}
            ) from exc
        except antraege.AntragKonflikt as exc:
            return Response({"Idempotency-Key": [str(exc)]}, status=status.HTTP_409_CONFLICT)
        antrag = ergebnis.antrag
        ausgabe = AntragOutputSerializer(antrag).data
        return Response(
            ausgabe, status=status.HTTP_201_CREATED if ergebnis.neu else status.HTTP_200_OK
        )


class FormularListView(KatalogView):
    pagination_class = KatalogPagination

    @extend_schema(
        operation_id="formulare_list",
        summary="Veröffentlichte Formulare (aus FIM-Stammdatenschemata)",
        parameters=[FormularListInputSerializer],
        responses={200: FormularOutputSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        filters = self.parse_query(FormularListInputSerializer)
        qs = formulare_veroeffentlicht_filter(fim_id=filters.get("fim_id") or None)
        paginator = self.list_paginator()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = FormularOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class FormularSchemaView(KatalogView):
    @extend_schema(
        operation_id="formulare_schema",
        summary="Das JSON Schema der Fachdaten eines Formulars",
        parameters=[ID_PARAMETER],
        responses={200: OpenApiResponse(response={"type": "object"}), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            formular = formular_get(pk=pk)
        except ObjectDoesNotExist as error:
            raise not_found() from error
        return Response(formular.json_schema)
