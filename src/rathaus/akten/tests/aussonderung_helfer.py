"""Helpers for the Aussonderung tests: closed Akten, moving time, the archive's messages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from rathaus.akten import services
from rathaus.akten.models import Akte, Aussonderungsvorgang
from rathaus.standards import xdomea
from rathaus.standards.xdomea.schema import SCHEMA_SUBDIR

from . import factories as f

ACTOR = "test"
# Tests whose messages are written or read against the real xdomea XSD of ../shared/data.
XSD = pytest.mark.geteilte_daten(SCHEMA_SUBDIR)
ARCHIV = xdomea.Kontakt(institution="Stadtarchiv Stralsund")
STADT = xdomea.Kontakt(institution="Hansestadt Stralsund")


class Uhr:
    """Moves `timezone.now` (and so `localdate`, auto_now fields, the services) – no sleeping."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._echt = timezone.now
        self.versatz = timedelta()
        monkeypatch.setattr(timezone, "now", lambda: self._echt() + self.versatz)

    def vor(self, **kwargs: float) -> None:
        self.versatz += timedelta(**kwargs)

    def jahre(self, n: int) -> None:
        self.vor(days=366 * n)


def geschlossene_akte(
    *,
    art: str = "B",
    jahre: int | None = 1,
    kennzeichen: str | None = None,
    betreff: str = "Gewerbeanmeldung Muster",
    texte: tuple[str, ...] = ("Anmeldung", "Bescheid"),
    anlage: bool = True,
) -> Akte:
    """An Akte with one Vorgang, a Dokument per text (the first with an Anlage), closed."""
    kennzeichen = kennzeichen or f"32.{'ABV'.index(art) + 1}.{jahre or 0}"
    position = f.aktenplaneinheit(kennzeichen=kennzeichen, jahre=jahre, art=art)
    akte = f.akte(position=position, betreff=betreff)
    vorgang = f.vorgang(akte, betreff=f"Vorgang zu {betreff}")
    for n, text in enumerate(texte):
        services.dokument_file(
            vorgang=vorgang,
            art="eingang",
            betreff=f"{text} {betreff}",
            versionen=[(f"{text.lower()}.pdf", "application/pdf", f.pdf(f"{text} {betreff}"))],
            anlagen=[("Nachweis", [("nachweis.txt", "text/plain", f"Nachweis {betreff}".encode())])]
            if anlage and n == 0
            else [],
            actor=ACTOR,
            person_ref="42",
        )
    return services.akte_close(akte=akte, actor=ACTOR)


def kopf(prozess_id: uuid.UUID, typ: xdomea.Nachrichtentyp) -> xdomea.Nachrichtenkopf:
    return xdomea.Nachrichtenkopf(
        prozess_id=prozess_id,
        nachrichtentyp=typ,
        erstellungszeitpunkt=datetime(2030, 1, 2, 9, 0, tzinfo=UTC),
        absender=ARCHIV,
        empfaenger=STADT,
    )


def bewertung_0502(vorgang: Aussonderungsvorgang, entscheidungen: dict[uuid.UUID, str]) -> bytes:
    return xdomea.write_bewertungsverzeichnis_0502(
        xdomea.Bewertungsverzeichnis(
            kopf=kopf(vorgang.prozess_id, xdomea.Nachrichtentyp.BEWERTUNGSVERZEICHNIS),
            bewertungen=tuple(
                xdomea.Bewertung(id=i, aussonderungsart=xdomea.Aussonderungsart(art))
                for i, art in entscheidungen.items()
            ),
        )
    )


def import_0506(
    prozess_id: uuid.UUID,
    ergebnisse: dict[uuid.UUID, str | None],
    *,
    erstellt: datetime | None = None,
) -> bytes:
    """`ergebnisse`: ID → Archivkennung (taken over) or None (refused)."""
    k = kopf(prozess_id, xdomea.Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN)
    if erstellt is not None:
        k = xdomea.Nachrichtenkopf(**{**k.__dict__, "erstellungszeitpunkt": erstellt})
    return xdomea.write_importbestaetigung_0506(
        xdomea.Importbestaetigung(
            kopf=k,
            ergebnisse=tuple(
                xdomea.Importergebnis(id=i, erfolgreich=True, archivkennung=kennung)
                if kennung is not None
                else xdomea.Importergebnis(
                    id=i, erfolgreich=False, fehlermeldungen=("Datei nicht lesbar",)
                )
                for i, kennung in ergebnisse.items()
            ),
        )
    )


def quittung(prozess_id: uuid.UUID, typ: xdomea.Nachrichtentyp) -> bytes:
    return xdomea.write_empfangsbestaetigung(
        xdomea.Empfangsbestaetigung(typ=typ, kopf=kopf(prozess_id, typ))
    )
