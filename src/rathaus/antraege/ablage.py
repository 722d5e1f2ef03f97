"""The antraege app's file store for the steps of a form (``formulare.ablage``).

A file chosen on a step goes the one way every web upload goes: ``dateien.dateien_pruefen``
with the limits of ``selectors.dateifelder_mit_grenzen`` (one source for the checks and
for the hint the step shows), then ``services.entwurf_anlagen_store`` with the step's
save. On submission the draft's files become the Antrag's Anlagen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from rathaus.formulare.ablage import Dateiablage, Grenzen, Hochgeladen, Upload, Vorbereitet

from . import selectors, services
from .dateien import Datei, Geprueft, dateien_pruefen, endungen

if TYPE_CHECKING:
    from rathaus.formulare.models import Entwurf, Formular


def _meldungen(
    fehler: dict[str, list[str]], uploads: Sequence[Upload], labels: dict[str, str]
) -> dict[str, list[str]]:
    """Errors keyed by field id (or "anlagen", the limits per Antrag) → by input name."""
    namen = {u.feld: u.name for u in reversed(uploads)}
    out: dict[str, list[str]] = {}
    for schluessel, texte in fehler.items():
        name = namen.get(schluessel)
        if name is None:  # a limit of the whole Antrag: shown at the first file's field
            name = uploads[0].name
            feld = labels.get(uploads[0].feld, uploads[0].feld)
            texte = [t if t.startswith("„") else f"„{feld}“: {t}" for t in texte]
        out.setdefault(name, []).extend(texte)
    return out


class _Vorbereitet(Vorbereitet):
    def __init__(
        self,
        geprueft: list[Geprueft],
        ersetzt: frozenset[str],
        uploads: Sequence[Upload],
        labels: dict[str, str],
    ) -> None:
        self.geprueft = geprueft
        self.ersetzt = ersetzt
        self.uploads = uploads
        self.labels = labels
        self.gespeichert: list[str] = []

    def speichern(self, *, entwurf: Entwurf, actor: Any) -> None:
        try:
            neu = services.entwurf_anlagen_store(
                entwurf=entwurf, geprueft=self.geprueft, actor=actor, ersetzt=self.ersetzt
            )
        except ValidationError as exc:
            raise ValidationError(_meldungen(exc.message_dict, self.uploads, self.labels)) from exc
        self.gespeichert = [a.speichername for a in neu]

    def verwerfen(self) -> None:
        for g in self.geprueft:
            g.inhalt.close()
        services.entwurf_anlagen_orphans_delete(speichernamen=self.gespeichert)
        self.gespeichert = []


class EntwurfDateien(Dateiablage):
    def grenzen(self, *, formular: Formular) -> dict[str, Grenzen]:
        return {
            f.fim_id: Grenzen(f.medientypen, endungen(f.medientypen), f.max_bytes, f.hinweis)
            for f in selectors.dateifelder_mit_grenzen(formular=formular)
        }

    def liste(self, *, entwurf: Entwurf) -> list[Hochgeladen]:
        return [
            Hochgeladen(a.pk, a.feld, a.dateiname, a.groesse, a.mediatyp)
            for a in selectors.entwurf_anlagen(entwurf=entwurf)
        ]

    def pruefen(
        self,
        *,
        formular: Formular,
        entwurf: Entwurf | None,
        uploads: Sequence[Upload],
        ersetzt: frozenset[str] = frozenset(),
    ) -> Vorbereitet:
        grenzen = selectors.dateifelder_mit_grenzen(formular=formular)
        labels = {f.fim_id: f.bezeichnung for f in grenzen}
        bleiben = [
            a
            for a in (selectors.entwurf_anlagen(entwurf=entwurf) if entwurf else [])
            if a.feld not in ersetzt
        ]
        dateien = [
            Datei(
                feld=u.feld,
                dateiname=u.datei.name or "",
                mediatyp=u.datei.content_type or "",
                inhalt=u.datei,
            )
            for u in uploads
        ]
        try:
            geprueft = dateien_pruefen(
                felder={f.fim_id: (f.bezeichnung, f.medientypen, f.max_bytes) for f in grenzen},
                dateien=dateien,
                bisher_anzahl=len(bleiben),
                bisher_bytes=sum(a.groesse for a in bleiben),
            )
        except ValidationError as exc:
            raise ValidationError(_meldungen(exc.message_dict, uploads, labels)) from exc
        return _Vorbereitet(geprueft, ersetzt, uploads, labels)

    def entfernen(self, *, entwurf: Entwurf, datei_id: int, actor: Any) -> bool:
        return services.entwurf_anlage_remove(entwurf=entwurf, anlage_id=datei_id, actor=actor)
