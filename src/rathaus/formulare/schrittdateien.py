"""Files chosen on a form step: what the step's file fields hold and what was posted.

The checks themselves belong to the file store (formulare.ablage, implemented by antraege);
this module reads the request for the step view and keeps the results together.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext

from rathaus.standards.xdatenfelder import Datenfeld
from rathaus.standards.xdatenfelder.model import iter_elements

from .ablage import Upload, Vorbereitet, ablage, anzahl_nach_feld, nach_feld
from .ansicht import DateiStand
from .definition import Definition
from .eingabe import Dateiwahl, dateien_lesen, ist_datei
from .models import Entwurf, Formular


def hat_dateifelder(defn: Definition, nr: int) -> bool:
    return any(
        isinstance(k.element, Datenfeld) and ist_datei(k.element)
        for k, _p in iter_elements(defn.schritt(nr).kinder)
    )


def dateistand(
    formular: Formular, defn: Definition, nr: int, entwurf: Entwurf | None
) -> DateiStand | None:
    if not hat_dateifelder(defn, nr):
        return None
    store = ablage()
    return DateiStand(
        grenzen=store.grenzen(formular=formular),
        hochgeladen=nach_feld(store.liste(entwurf=entwurf)) if entwurf else {},
    )


class SchrittDateien:
    """The files chosen on a step: read and checked before anything is saved."""

    def __init__(self, wahl: Dateiwahl) -> None:
        self.anzahl = wahl.anzahl  # file field → files the draft will hold
        self.fehler = wahl.fehler
        self.namen = [datei.name for _n, _k, datei in wahl.uploads]
        self.vorbereitet: Vorbereitet | None = None

    def nicht_gespeichert(self) -> str:
        """Files that passed their checks but were not kept because of other errors:
        the browser forgets a chosen file, so the citizen is told to choose it again."""
        if self.vorbereitet is None:
            return ""
        return ngettext(
            "Die Datei %(namen)s wurde nicht gespeichert, weil der Schritt noch Fehler "
            "enthält. Bitte wählen Sie sie erneut aus.",
            "Die Dateien %(namen)s wurden nicht gespeichert, weil der Schritt noch Fehler "
            "enthält. Bitte wählen Sie sie erneut aus.",
            len(self.namen),
        ) % {"namen": ", ".join(f"„{n}“" for n in self.namen)}

    @classmethod
    def lesen(
        cls,
        request: HttpRequest,
        formular: Formular,
        defn: Definition,
        nr: int,
        entwurf: Entwurf | None,
    ) -> SchrittDateien:
        if not hat_dateifelder(defn, nr):
            return cls(Dateiwahl())
        store = ablage()
        vorhanden = anzahl_nach_feld(nach_feld(store.liste(entwurf=entwurf))) if entwurf else {}
        wahl = dateien_lesen(defn.schritt(nr), request.FILES, vorhanden)
        out = cls(wahl)
        if wahl.uploads and not wahl.fehler:
            uploads = [Upload(kind.element.id, name, datei) for name, kind, datei in wahl.uploads]
            try:
                out.vorbereitet = store.pruefen(
                    formular=formular, entwurf=entwurf, uploads=uploads, ersetzt=wahl.ersetzt
                )
            except ValidationError as exc:
                out.fehler = exc.message_dict
        return out
