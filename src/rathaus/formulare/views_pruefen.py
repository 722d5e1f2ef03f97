"""The review page of the online application: everything entered, the errors left, and
the submit form (the antraege app's, through `formulare.absenden`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors, services
from .ablage import ablage, anzahl_nach_feld, nach_feld
from .absenden import absenden
from .definition import definition
from .pruefung import bereinigen
from .views import _entwurf, _formular
from .zusammenfassung import zusammenfassung


def pruefen(request: HttpRequest, formular_id: int) -> HttpResponse:
    formular = _formular(formular_id)
    defn = definition(formular)
    entwurf = _entwurf(request, formular)
    daten = bereinigen(defn, entwurf.daten) if entwurf else {}
    dateien = nach_feld(ablage().liste(entwurf=entwurf)) if entwurf else {}
    fehler: dict[str, list[str]] = {}
    try:
        services.daten_validate(formular=formular, daten=daten, dateien=anzahl_nach_feld(dateien))
    except ValidationError as exc:
        fehler = exc.message_dict
    # the submit form is the antraege app's (formulare.absenden); errors lock its button
    absenden_html = absenden(request, entwurf, gesperrt=bool(fehler)) if entwurf else ""
    context = {
        "formular": formular,
        "defn": defn,
        "entwurf": entwurf,
        "abschnitte": zusammenfassung(
            defn,
            daten,
            selectors.entwurf_vorbefuellt(entwurf=entwurf).felder if entwurf else None,
            dateien,
        ),
        "fehler": [
            (defn.schritt_of(fim_id), defn.labels.get(fim_id, fim_id), text)
            for fim_id, texte in fehler.items()
            for text in texte
        ],
        "absenden": absenden_html,
    }
    return render(request, "formulare/pruefen.html", context)
