"""Auskunft provider for the E-Akte: Dokumente with `person_ref` = the person, with files."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..aussonderung.abgabe import inhalt_lesen
from ..inhalt import dateiname_safe
from ..models import Dokument, Version
from .base import AuskunftProvider, Datei, Teil, registry

if TYPE_CHECKING:
    from rathaus.konten.models import Buerger


def person_ref(buerger: Buerger) -> str:
    """The `Dokument.person_ref` of a citizen: the id of their Buerger record."""
    return str(buerger.pk)


def _datei(dokument: Dokument, version: Version, anlage: int | None = None) -> Datei:
    teil = f"anlage-{anlage}-" if anlage is not None else ""
    name = f"dateien/{dokument.pk}/{teil}v{version.nummer}-{dateiname_safe(version.dateiname)}"
    return Datei(name=name, inhalt=partial(inhalt_lesen, version))


@registry.register("akten")
class AktenProvider(AuskunftProvider):
    titel = "E-Akte"

    def sammeln(self, *, buerger: Buerger) -> Teil:
        dokumente = (
            Dokument.objects.filter(person_ref=person_ref(buerger))
            .select_related("vorgang__akte")
            .prefetch_related("versionen__blob", "anlagen__versionen__blob")
            .order_by("erstellt_am", "id")
        )
        daten, dateien = [], []
        for dokument in dokumente:
            versionen = []
            for version in dokument.versionen.all():
                datei = _datei(dokument, version)
                dateien.append(datei)
                versionen.append(_version(version, datei.name))
            anlagen = []
            for anlage in dokument.anlagen.all():
                anlage_versionen = []
                for version in anlage.versionen.all():
                    datei = _datei(dokument, version, anlage.nummer)
                    dateien.append(datei)
                    anlage_versionen.append(_version(version, datei.name))
                anlagen.append(
                    {
                        "nummer": anlage.nummer,
                        "bezeichnung": anlage.bezeichnung,
                        "versionen": anlage_versionen,
                    }
                )
            daten.append(
                {
                    "id": dokument.pk,
                    "aktenzeichen": dokument.vorgang.akte.aktenzeichen,
                    "vorgang": dokument.vorgang.kennzeichen,
                    "betreff": dokument.betreff,
                    "art": dokument.art,
                    "posteingangsdatum": dokument.posteingangsdatum,
                    "postausgangsdatum": dokument.postausgangsdatum,
                    "absender": dokument.absender,
                    "empfaenger": dokument.empfaenger,
                    "erstellt_am": dokument.erstellt_am,
                    "versionen": versionen,
                    "anlagen": anlagen,
                }
            )
        return Teil(
            beschreibung=(
                "akten/dokumente.json: die Dokumente der elektronischen Akte, die sich auf "
                "Sie beziehen, mit Aktenzeichen, Betreff und Daten.\n"
                "akten/dateien/: die Dateien dieser Dokumente in allen Versionen "
                "(Ordner = Nummer des Dokuments)."
            ),
            daten={"dokumente.json": daten},
            dateien=dateien,
            objekte=[("akten.dokument", str(d["id"])) for d in daten],
        )


def _version(version: Version, datei: str) -> dict[str, object]:
    return {
        "nummer": version.nummer,
        "dateiname": version.dateiname,
        "mediatyp": version.mediatyp,
        "groesse": version.groesse,
        "sha256": version.blob_id,
        "erstellt_am": version.erstellt_am,
        "datei": datei,
    }
