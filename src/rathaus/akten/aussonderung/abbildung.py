"""Mapping Akten to the xdomea 3.0.0 dataclasses of the codec (and the Kopf of a message).

Record IDs are UUIDv5 of the installation's base URL and the row, so the same Akte,
Vorgang, Dokument or Version always gets the same ID in 0501 and 0503.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from importlib import metadata
from pathlib import PurePosixPath

from django.conf import settings
from django.utils import timezone

from rathaus.standards import xdomea

from ..models import Akte, Dokument, Version, Vorgang

PRODUKT = "Rathaus"


def _namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.RATHAUS_BASE_URL}/akten")


def xdomea_id(art: str, pk: int) -> uuid.UUID:
    """The stable xdomea ID of an Akte, Vorgang, Dokument, Anlage or Version row."""
    return uuid.uuid5(_namespace(), f"{art}:{pk}")


def behoerde() -> xdomea.Kontakt:
    """The city as sender (Behördenkennung = Amtlicher Gemeindeschlüssel)."""
    return xdomea.Kontakt(
        behoerdenkennung=xdomea.Behoerdenkennung(
            behoerdenschluessel=xdomea.Code(code=settings.RATHAUS_AGS, name=_kommune()),
            praefix=xdomea.Code(code="ags", name="Amtlicher Gemeindeschlüssel"),
        ),
        institution=_kommune(),
    )


def archiv() -> xdomea.Kontakt:
    """The archive (RATHAUS_ARCHIV_NAME, default "Stadtarchiv <Kommune>")."""
    name = settings.RATHAUS_ARCHIV_NAME or f"Stadtarchiv {_kommune()}"
    return xdomea.Kontakt(institution=name)


def _kommune() -> str:
    return str(settings.RATHAUS_KOMMUNE)


def kopf(
    prozess_id: uuid.UUID, typ: xdomea.Nachrichtentyp, *, jetzt: datetime | None = None
) -> xdomea.Nachrichtenkopf:
    return xdomea.Nachrichtenkopf(
        prozess_id=prozess_id,
        nachrichtentyp=typ,
        erstellungszeitpunkt=(jetzt or timezone.now()).replace(microsecond=0),
        absender=behoerde(),
        empfaenger=archiv(),
        sendendes_system=xdomea.SendendesSystem(
            instanz_id=settings.RATHAUS_BASE_URL, produktname=PRODUKT, version=_version_nummer()
        ),
    )


def _version_nummer() -> str:
    try:
        return metadata.version("rathaus")
    except metadata.PackageNotFoundError:
        return "0"


_ENDUNG = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def primaerdateiname(version: Version) -> str:
    """The flat, safe name of a Version's file in the 0503 container."""
    endung = PurePosixPath(version.dateiname).suffix
    return f"{xdomea_id('version', version.pk)}{endung.lower() if _ENDUNG.match(endung) else ''}"


def _version(version: Version) -> xdomea.Version:
    return xdomea.Version(
        nummer=str(version.nummer),
        formate=(
            xdomea.Format(
                dateiformat=xdomea.dateiformat_for_mime(version.mediatyp),
                primaerdokument=xdomea.Primaerdokument(
                    dateiname=primaerdateiname(version),
                    dateiname_original=version.dateiname,
                    datum_uhrzeit=version.erstellt_am.replace(microsecond=0),
                ),
            ),
        ),
    )


def _dokumente(dokument: Dokument, mit_dateien: bool) -> list[xdomea.Dokument]:
    """The Dokument and (xdomea 3.0.0 Aussonderung has no Anlage) each Anlage as a Dokument."""
    versionen = tuple(_version(v) for v in dokument.versionen.all()) if mit_dateien else ()
    result = [
        xdomea.Dokument(
            id=xdomea_id("dokument", dokument.pk),
            betreff=dokument.betreff[:2000],
            posteingangsdatum=dokument.posteingangsdatum,
            postausgangsdatum=dokument.postausgangsdatum,
            typ=dokument.get_art_display(),
            versionen=versionen,
        )
    ]
    for anlage in dokument.anlagen.all():
        result.append(
            xdomea.Dokument(
                id=xdomea_id("anlage", anlage.pk),
                betreff=f"Anlage {anlage.nummer} zu „{dokument.betreff}“: {anlage.bezeichnung}"[
                    :2000
                ],
                typ="Anlage",
                versionen=tuple(_version(v) for v in anlage.versionen.all()) if mit_dateien else (),
            )
        )
    return result


def _vorgang(vorgang: Vorgang, akte: Akte, mit_dateien: bool) -> xdomea.Vorgang:
    return xdomea.Vorgang(
        id=xdomea_id("vorgang", vorgang.pk),
        nummer_im_container=vorgang.nummer,
        betreff=vorgang.betreff,
        kennzeichen=f"{akte.aktenzeichen}-{vorgang.nummer}",
        aktenbetreff=akte.betreff,
        zda=vorgang.zda_am is not None or akte.zda_am is not None,
        zda_datum=timezone.localdate(vorgang.zda_am or akte.zda_am) if akte.zda_am else None,
        dokumente=tuple(d for dok in vorgang.dokumente.all() for d in _dokumente(dok, mit_dateien)),
    )


def akte_xdomea(akte: Akte, *, mit_dateien: bool) -> xdomea.Akte:
    """The Akte as an xdomea Akte; `mit_dateien` adds the Versionen (for the 0503)."""
    vorgaenge = akte.vorgaenge.order_by("nummer").prefetch_related(
        "dokumente__versionen", "dokumente__anlagen__versionen"
    )
    return xdomea.Akte(
        id=xdomea_id("akte", akte.pk),
        betreff=akte.betreff,
        kennzeichen=akte.aktenzeichen,
        federfuehrung=akte.federfuehrend.name,
        vertraulichkeitsstufe=xdomea.Vertraulichkeitsstufe(akte.vertraulichkeitsstufe),
        medium=xdomea.Medium.ELEKTRONISCH,
        aktenplaneinheit=xdomea.Aktenplaneinheit(
            kennzeichen=akte.aktenplaneinheit.kennzeichen,
            inhaltsangabe=akte.aktenplaneinheit.titel,
        ),
        aufbewahrungsdauer=xdomea.Aufbewahrungsdauer(jahre=akte.aufbewahrungsdauer_jahre),
        aussonderungsart=xdomea.Aussonderungsart(akte.aussonderungsart),
        aufbewahrungsende=akte.aufbewahrung_bis,
        laufzeit=xdomea.Zeitraum(beginn=akte.laufzeit_beginn, ende=akte.laufzeit_ende),
        zda=akte.zda_am is not None,
        zda_datum=timezone.localdate(akte.zda_am) if akte.zda_am else None,
        vorgaenge=tuple(_vorgang(v, akte, mit_dateien) for v in vorgaenge),
    )


def versionen_der_akte(akte: Akte) -> list[Version]:
    """Every Version (of Dokumente and Anlagen) the 0503 of this Akte references."""
    return list(Version.objects.filter(dokument__vorgang__akte=akte).select_related("blob")) + list(
        Version.objects.filter(anlage__dokument__vorgang__akte=akte).select_related("blob")
    )
