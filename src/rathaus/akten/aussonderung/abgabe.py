"""Handing Akten over (0503 container) and applying the archive's confirmation (0506)."""

from __future__ import annotations

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.standards import xdomea

from ..models import Akte, Aussonderungsposten, Aussonderungsvorgang, Loeschnachweis, Version
from .abbildung import akte_xdomea, kopf, primaerdateiname, versionen_der_akte
from .angebot import eingang, fehler_in_datei, vorgang_zu_nachricht
from .loeschen import akte_inhalt_loeschen

P = Aussonderungsposten.Status
V = Aussonderungsvorgang.Status
CHUNK = 1024 * 1024


def inhalt_lesen(version: Version) -> bytes:
    """The stored content of a Version, re-hashed: refuse content that changed or vanished."""
    digest = hashlib.sha256()
    teile = []
    try:
        with default_storage.open(version.blob.speichername, "rb") as datei:
            while chunk := datei.read(CHUNK):
                digest.update(chunk)
                teile.append(chunk)
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("Inhalt %(sha)s (%(datei)s) fehlt im Speicher: %(fehler)s"),
            code="inhalt_fehlt",
            params={"sha": version.blob_id, "datei": version.dateiname, "fehler": error},
        ) from error
    inhalt = b"".join(teile)
    if digest.hexdigest() != version.blob_id or len(inhalt) != version.blob.groesse:
        raise ValidationError(
            _(
                "Inhalt %(sha)s (%(datei)s) ist verändert (SHA-256 jetzt %(ist)s); "
                "beschädigte Inhalte werden nicht an das Archiv abgegeben."
            ),
            code="inhalt_veraendert",
            params={"sha": version.blob_id, "datei": version.dateiname, "ist": digest.hexdigest()},
        )
    return inhalt


@transaction.atomic
def aussonderung_abgeben(
    *, vorgang: Aussonderungsvorgang, actor: Actor
) -> tuple[Aussonderungsvorgang, str, bytes]:
    """Build the 0503 container of the Akten the archive wants (A); delete nothing yet.

    Every Version's content is read from storage and its SHA-256 checked; changed or
    missing content refuses the whole hand-over. Returns the Vorgang, the container's
    file name and its bytes (ZIP of the XSD-valid XML and the primary files).
    """
    vorgang = Aussonderungsvorgang.objects.select_for_update().get(pk=vorgang.pk)
    if vorgang.status != V.BEWERTET:
        raise ValidationError(
            _("Die Aussonderung %(id)s kann im Status %(s)s nicht abgegeben werden."),
            code="status",
            params={"id": vorgang.prozess_id, "s": vorgang.get_status_display()},
        )
    posten = list(
        vorgang.posten.filter(status=P.ARCHIVIEREN).select_related(
            "akte__aktenplaneinheit", "akte__federfuehrend"
        )
    )
    if not posten:
        raise ValidationError(
            _("Das Archiv übernimmt keine Akte der Aussonderung %(id)s."),
            code="nichts_abzugeben",
            params={"id": vorgang.prozess_id},
        )
    akten = list(
        Akte.objects.select_for_update()
        .filter(pk__in=[p.akte_id for p in posten])
        .select_related("aktenplaneinheit", "federfuehrend")
        .order_by("aktenplaneinheit__kennzeichen", "ordnungsnummer")
    )
    dateien: dict[str, bytes] = {}
    for akte in akten:
        if akte.zda_am is None or akte.ausgesondert_am is not None:
            raise ValidationError(
                _(
                    "Die Akte %(az)s ist nicht mehr abgabefähig "
                    "(wieder geöffnet oder ausgesondert)."
                ),
                code="nicht_abgabefaehig",
                params={"az": akte.aktenzeichen},
            )
        for version in versionen_der_akte(akte):
            dateien[primaerdateiname(version)] = inhalt_lesen(version)
    nachricht = xdomea.Aussonderung(
        kopf=kopf(vorgang.prozess_id, xdomea.Nachrichtentyp.AUSSONDERUNG),
        schriftgutobjekte=tuple(akte_xdomea(a, mit_dateien=True) for a in akten),
        rueckmeldung_archivkennung=True,
    )
    xml = xdomea.write_aussonderung_0503(nachricht)
    container = xdomea.build_aussonderung_zip(xml, dateien)
    jetzt = timezone.now()
    Aussonderungsposten.objects.filter(pk__in=[p.pk for p in posten]).update(status=P.ABGEGEBEN)
    vorgang.status = V.ABGEGEBEN
    vorgang.abgegeben_am = jetzt
    vorgang.aussonderung_xml = xml.decode("utf-8")
    vorgang.save(update_fields=["status", "abgegeben_am", "aussonderung_xml", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="akten.aussonderung.abgeben",
        target=vorgang,
        details={
            "akten": [a.aktenzeichen for a in akten],
            "dateien": len(dateien),
            "bytes": len(container),
            "sha256": hashlib.sha256(container).hexdigest(),
        },
    )
    return vorgang, xdomea.container_filename(vorgang.prozess_id), container


def _teilbaeume(aussonderung: xdomea.Aussonderung) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Each handed-over Akte's ID → the IDs of all its parts (itself included)."""
    return {
        obj.id: {o.id for o in xdomea.iter_schriftgutobjekte((obj,))}
        for obj in aussonderung.schriftgutobjekte
    }


def _quittung(
    vorgang: Aussonderungsvorgang,
    nachricht: xdomea.Empfangsbestaetigung,
    dateiname: str,
    actor: Actor,
) -> Aussonderungsvorgang:
    typ = nachricht.typ
    erwartet = {
        xdomea.Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN: True,
        xdomea.Nachrichtentyp.AUSSONDERUNG_EMPFANG_BESTAETIGEN: vorgang.abgegeben_am is not None,
    }
    if not erwartet.get(typ, False):
        raise ValidationError(
            _("%(datei)s: eine %(typ)s passt nicht zur Aussonderung %(id)s im Status %(s)s."),
            code="unerwartet",
            params={
                "datei": dateiname,
                "typ": typ.element_name,
                "id": vorgang.prozess_id,
                "s": vorgang.status,
            },
        )
    neu = eingang(nachricht.kopf, dateiname, typ.value)
    if any(e["typ"] == neu["typ"] and e["erstellt"] == neu["erstellt"] for e in vorgang.eingaenge):
        return vorgang  # the same receipt again
    vorgang.eingaenge = [*vorgang.eingaenge, neu]
    vorgang.save(update_fields=["eingaenge", "geaendert_am"])
    protokoll_write(actor=actor, action="akten.aussonderung.quittung", target=vorgang, details=neu)
    return vorgang


@transaction.atomic
def aussonderung_bestaetigen(
    *, inhalt: bytes, dateiname: str, actor: Actor
) -> tuple[Aussonderungsvorgang, list[Loeschnachweis]]:
    """Apply the archive's answer: 0506 deletes what it took over; 0504/0507 are recorded.

    Only Akten the 0506 reports as taken over (and no part of which it refused) are
    deleted, each with a Löschnachweis carrying the Archivkennung; refused Akten stay
    and may be offered again; unanswered ones stay handed over. A 0506 naming a record
    never handed over, a foreign ProzessID or a malformed/hostile file changes nothing.
    Reading the same confirmation again deletes nothing more.
    """
    try:
        nachricht = xdomea.read_message(inhalt)
    except xdomea.XdomeaError as error:
        raise fehler_in_datei(dateiname, error) from error
    vorgang = vorgang_zu_nachricht(nachricht.kopf.prozess_id, dateiname)
    if isinstance(nachricht, xdomea.Empfangsbestaetigung):
        return _quittung(vorgang, nachricht, dateiname, actor), []
    if not isinstance(nachricht, xdomea.Importbestaetigung):
        raise ValidationError(
            _("%(datei)s: erwartet wird 0506, 0504 oder 0507, nicht %(typ)s."),
            code="falscher_typ",
            params={"datei": dateiname, "typ": nachricht.kopf.nachrichtentyp.value},
        )
    if vorgang.status not in (V.ABGEGEBEN, V.BESTAETIGT) or not vorgang.aussonderung_xml:
        raise ValidationError(
            _("%(datei)s: an das Archiv wurde für %(id)s noch nichts abgegeben."),
            code="nicht_abgegeben",
            params={"datei": dateiname, "id": vorgang.prozess_id},
        )
    aussonderung = xdomea.read_aussonderung_0503(vorgang.aussonderung_xml.encode())
    abgleich = xdomea.abgleich_import(aussonderung, nachricht)
    if abgleich.unbekannt:
        raise ValidationError(
            _(
                "%(datei)s: /xdomea:%(el)s/xdomea:AusgesondertesSGO/xdomea:IDSGO: "
                "nie abgegeben: %(ids)s"
            ),
            code="unbekannt",
            params={
                "datei": dateiname,
                "el": xdomea.Nachrichtentyp.AUSSONDERUNG_IMPORT_BESTAETIGEN.element_name,
                "ids": ", ".join(map(str, abgleich.unbekannt)),
            },
        )
    teilbaeume = _teilbaeume(aussonderung)
    nachweise = []
    geaendert = []
    offene = vorgang.posten.filter(status__in=[P.ABGEGEBEN, P.ABGELEHNT]).select_related("akte")
    for posten in offene:
        teile = teilbaeume.get(posten.xdomea_id, {posten.xdomea_id})
        meldungen = [
            m for i in sorted(teile & set(abgleich.abgelehnt)) for m in abgleich.abgelehnt[i]
        ]
        if teile & set(abgleich.abgelehnt):
            # Refused in whole or in part: the Akte stays and may be offered again.
            meldung = ("; ".join(meldungen) or _("nicht übernommen"))[:5000]
            if (posten.status, posten.meldung) != (P.ABGELEHNT, meldung):
                posten.status, posten.meldung = P.ABGELEHNT, meldung
                posten.save(update_fields=["status", "meldung"])
                geaendert.append(posten)
        elif posten.xdomea_id in abgleich.uebernommen:
            posten.archivkennung = (abgleich.uebernommen[posten.xdomea_id] or "")[:500]
            nachweise.append(
                akte_inhalt_loeschen(
                    akte=posten.akte,
                    grund=Loeschnachweis.Grund.ARCHIVIERT,
                    archivkennung=posten.archivkennung,
                    aussonderungsvorgang=vorgang,
                    actor=actor,
                )
            )
            posten.status, posten.meldung = P.UEBERNOMMEN, ""
            posten.save(update_fields=["status", "archivkennung", "meldung"])
            geaendert.append(posten)
    neu = eingang(nachricht.kopf, dateiname, "0506")
    bekannt = any((e["typ"], e["erstellt"]) == ("0506", neu["erstellt"]) for e in vorgang.eingaenge)
    if bekannt and not geaendert:
        return vorgang, []  # the same confirmation again: nothing to do
    if not bekannt:
        vorgang.eingaenge = [*vorgang.eingaenge, neu]
    if not vorgang.posten.filter(status=P.ABGEGEBEN).exists() and vorgang.status != V.BESTAETIGT:
        vorgang.status = V.BESTAETIGT
        vorgang.bestaetigt_am = timezone.now()
    vorgang.save(update_fields=["status", "bestaetigt_am", "eingaenge", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="akten.aussonderung.bestaetigen",
        target=vorgang,
        details={
            "datei": dateiname,
            "geloescht": [n.aktenzeichen for n in nachweise],
            "abgelehnt": sorted(str(i) for i in abgleich.abgelehnt),
            "offen": sorted(str(i) for i in abgleich.offen),
        },
    )
    return vorgang, nachweise
