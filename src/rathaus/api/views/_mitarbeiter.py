"""The base of the staff endpoints (Verfahren, Aufgaben): staff only, JSON in and out,
never cached, and the errors of the Verfahren services mapped to HTTP.

Mapping: an object outside the user's units → 404 (the selectors and services have
logged it); PermissionDenied → 403 with its message; ValidationError → 400 with the
field names as keys, each with a list of messages (errors of no field as one text under
``detail``, as in every other error answer); a lost race for an Aufgabe
(taken by someone else, already completed, process moved on) → 409.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import (
    APIException,
    NotFound,
    ParseError,
    PermissionDenied,
    ValidationError,
)
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from rathaus.verfahren.selectors import NICHT_GEFUNDEN

from ..auth_mitarbeiter import (
    IstMitarbeiter,
    MitarbeiterSessionAuthentication,
    MitarbeiterTokenAuthentication,
    ScopeSchema,
    TokenHatScope,
)

MAX_BODY_BYTES = 1_000_000
# Codes of the services' ValidationErrors that mean "someone else was faster".
KONFLIKT_CODES = frozenset({"vergeben", "nicht_offen", "veraltet"})

_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
BAD_REQUEST = OpenApiResponse(
    response={
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {},
        "example": {"text": ["Dieses Feld darf nicht leer sein."]},
    },
    description=(
        "Ungültige Eingabe: die Antwort nennt jedes Feld mit einer Liste seiner "
        "Fehlermeldungen (Felder des Ergebnisses unter `ergebnis`); Fehler ohne Feld stehen "
        "als Text unter `detail`."
    ),
)
UNAUTHENTICATED = OpenApiResponse(response=_DETAIL, description="Nicht angemeldet.")
FORBIDDEN = OpenApiResponse(
    response=_DETAIL,
    description=(
        "Keine Beschäftigten-Anmeldung (zweiter Faktor fehlt, Bürgerkonto, CSRF), "
        "keine Berechtigung für diese Aktion, oder dem persönlichen Token fehlt die "
        "Berechtigung (`fehlender_scope`, siehe `x-token-scope`)."
    ),
)
NOT_FOUND = OpenApiResponse(
    response=_DETAIL, description="Gibt es nicht oder nicht in Ihren Organisationseinheiten."
)
CONFLICT = OpenApiResponse(
    response=_DETAIL,
    description="Jemand war schneller: die Aufgabe ist vergeben, erledigt oder überholt.",
)


class Konflikt(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Der Stand hat sich inzwischen geändert.")
    default_code = "konflikt"


class BegrenzterJSONParser(JSONParser):
    """JSON of at most 1 MB; too deep nesting, bad encodings and non-finite numbers are a
    400 like any other malformed body (DRF's parser would read any size and fail with a
    500 on a RecursionError)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        roh = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(roh) > MAX_BODY_BYTES:
            raise ParseError(_("Der Inhalt ist zu groß (höchstens 1 MB)."))
        try:
            text = codecs.decode(roh, encoding)
            return json.loads(text, parse_constant=_nicht_endlich, parse_float=_endlich)
        except (ValueError, LookupError, RecursionError) as exc:
            raise ParseError(
                _("Kein gültiges JSON: %(fehler)s") % {"fehler": str(exc)[:200]}
            ) from None


def _nicht_endlich(wert: str) -> Any:
    raise ValueError(f"{wert} ist in JSON nicht erlaubt")


def _endlich(wert: str) -> float:
    zahl = float(wert)
    if not math.isfinite(zahl):
        raise ValueError(f"{wert[:20]} ist zu groß")
    return zahl


def _validierungsfehler(error: DjangoValidationError, unter: str | None) -> APIException:
    if hasattr(error, "error_dict"):
        fehler: dict[str, Any] = {}
        feldfehler: dict[str, list[str]] = {}
        for feld, meldungen in error.message_dict.items():
            if feld == NON_FIELD_ERRORS:
                fehler["detail"] = " ".join(meldungen)
            else:
                feldfehler[feld] = meldungen
        if unter and feldfehler:
            fehler[unter] = feldfehler
        else:
            fehler.update(feldfehler)
        return ValidationError(fehler)
    if {e.code for e in error.error_list} & KONFLIKT_CODES:
        return Konflikt(" ".join(error.messages))
    return ValidationError({"detail": " ".join(error.messages)})


@contextmanager
def dienstfehler(*, unter: str | None = None) -> Iterator[None]:
    """Map the errors of the Verfahren selectors and services to API errors; with
    `unter` the services' field errors are nested under that input field."""
    try:
        yield
    except NICHT_GEFUNDEN as error:
        raise NotFound(_("Nicht gefunden.")) from error
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        raise _validierungsfehler(error, unter) from error


class MitarbeiterView(APIView):
    # Staff only (see auth_mitarbeiter); the token comes first so that an anonymous
    # request gets 401 with `WWW-Authenticate: Bearer`; a token acts only within its
    # scopes. (A comment, not a docstring: drf-spectacular would put it into every
    # operation.)

    authentication_classes = [MitarbeiterTokenAuthentication, MitarbeiterSessionAuthentication]
    permission_classes = [IstMitarbeiter, TokenHatScope]
    schema = ScopeSchema()
    parser_classes = [BegrenzterJSONParser]
    renderer_classes = [JSONRenderer]

    def eingabe(self, serializer_class: type[serializers.Serializer[Any]], daten: Any) -> Any:
        """Validated input (body or query); a 400 naming each bad field otherwise."""
        serializer = serializer_class(data=daten)
        if not serializer.is_valid():
            fehler = dict(serializer.errors)
            if api_settings.NON_FIELD_ERRORS_KEY in fehler:
                fehler["detail"] = " ".join(fehler.pop(api_settings.NON_FIELD_ERRORS_KEY))
            raise ValidationError(fehler)
        return serializer.validated_data

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Personal data: never in a shared cache, not even in the browser's.
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response


class LeseView(MitarbeiterView):
    http_method_names = ["get", "head", "options"]


class AktionView(MitarbeiterView):
    http_method_names = ["post", "options"]
