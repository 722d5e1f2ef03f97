"""Offering Akten to the archive (0501) and reading its evaluation (0502)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.standards import xdomea

from ..models import Akte, Aussonderungsart, Aussonderungsposten, Aussonderungsvorgang
from .abbildung import akte_xdomea, kopf, xdomea_id

P = Aussonderungsposten.Status
V = Aussonderungsvorgang.Status
OFFENE_POSTEN = (P.ANGEBOTEN, P.ARCHIVIEREN, P.VERNICHTEN, P.ABGEGEBEN)


def faellige_akten(*, heute: date | None = None) -> QuerySet[Akte]:
    """Closed Akten whose retention has ended and that are not ausgesondert or in an offer."""
    heute = heute or timezone.localdate()
    return (
        Akte.objects.filter(
            zda_am__isnull=False,
            aufbewahrung_bis__lt=heute,
            ausgesondert_am__isnull=True,
        )
        .exclude(aussonderungsposten__status__in=OFFENE_POSTEN)
        .select_related("aktenplaneinheit", "federfuehrend")
        .order_by("aktenplaneinheit__kennzeichen", "ordnungsnummer")
    )


def anzubietende_akten(*, heute: date | None = None) -> QuerySet[Akte]:
    """Due Akten marked A (archivwürdig) or B (bewerten): these go to the archive first."""
    return faellige_akten(heute=heute).filter(
        aussonderungsart__in=[Aussonderungsart.ARCHIVWUERDIG, Aussonderungsart.BEWERTEN]
    )


def fehler_in_datei(dateiname: str, error: xdomea.XdomeaError) -> ValidationError:
    """A ValidationError naming the file and the element of an xdomea problem."""
    return ValidationError(
        _("%(datei)s: %(fehler)s"),
        code="xdomea",
        params={"datei": dateiname, "fehler": str(error)},
    )


@transaction.atomic
def aussonderung_anbieten(
    *, actor: Actor, akten: list[Akte] | None = None
) -> tuple[Aussonderungsvorgang, bytes]:
    """Offer the due A/B Akten (or the given ones) to the archive: record and write the 0501.

    Returns the new Aussonderungsvorgang and the XSD-validated XML of the
    Aussonderung.Anbieteverzeichnis.0501 to send.
    """
    heute = timezone.localdate()
    faellig = anzubietende_akten(heute=heute).select_for_update(of=("self",))
    if akten is not None:
        faellig = faellig.filter(pk__in=[a.pk for a in akten])
    auswahl = list(faellig)
    if akten is not None and len(auswahl) != len({a.pk for a in akten}):
        fehlend = sorted({a.aktenzeichen for a in akten} - {a.aktenzeichen for a in auswahl})
        raise ValidationError(
            _("Nicht zur Anbietung fällig: %(az)s."),
            code="nicht_faellig",
            params={"az": ", ".join(fehlend)},
        )
    if not auswahl:
        raise ValidationError(
            _("Keine Akte ist zur Anbietung an das Archiv fällig."), code="nichts_faellig"
        )
    prozess_id = uuid.uuid4()
    jetzt = timezone.now()
    nachricht = xdomea.Anbieteverzeichnis(
        kopf=kopf(prozess_id, xdomea.Nachrichtentyp.ANBIETEVERZEICHNIS, jetzt=jetzt),
        schriftgutobjekte=tuple(akte_xdomea(a, mit_dateien=False) for a in auswahl),
        empfangsbestaetigung=True,
    )
    xml = xdomea.write_anbieteverzeichnis_0501(nachricht)
    vorgang = Aussonderungsvorgang.objects.create(
        prozess_id=prozess_id, angeboten_am=jetzt, anbieteverzeichnis_xml=xml.decode("utf-8")
    )
    Aussonderungsposten.objects.bulk_create(
        Aussonderungsposten(vorgang=vorgang, akte=a, xdomea_id=xdomea_id("akte", a.pk))
        for a in auswahl
    )
    protokoll_write(
        actor=actor,
        action="akten.aussonderung.anbieten",
        target=vorgang,
        details={"prozess_id": str(prozess_id), "akten": [a.aktenzeichen for a in auswahl]},
    )
    return vorgang, xml


def vorgang_zu_nachricht(prozess_id: uuid.UUID, dateiname: str) -> Aussonderungsvorgang:
    """The locked Aussonderungsvorgang of a received message; a clear error if foreign."""
    vorgang = Aussonderungsvorgang.objects.select_for_update().filter(prozess_id=prozess_id).first()
    if vorgang is None:
        raise ValidationError(
            _("%(datei)s: Kopf/ProzessID %(id)s gehört zu keiner Aussonderung dieser Verwaltung."),
            code="prozess_unbekannt",
            params={"datei": dateiname, "id": prozess_id},
        )
    return vorgang


def _entscheidungen(
    vorgang: Aussonderungsvorgang, bewertung: xdomea.Bewertungsverzeichnis, dateiname: str
) -> dict[uuid.UUID, xdomea.Aussonderungsart]:
    angebot = xdomea.read_anbieteverzeichnis_0501(vorgang.anbieteverzeichnis_xml.encode())
    abgleich = xdomea.abgleich_bewertung(angebot, bewertung)
    pfad = "/xdomea:Aussonderung.Bewertungsverzeichnis.0502/xdomea:BewertetesObjekt"
    oben = {obj.id for obj in angebot.schriftgutobjekte}
    probleme = []
    if abgleich.unbekannt:
        probleme.append(
            _("%(pfad)s/xdomea:ID: nicht angeboten: %(ids)s")
            % {"pfad": pfad, "ids": ", ".join(map(str, abgleich.unbekannt))}
        )
    tiefer = sorted(str(i) for i in set(abgleich.entscheidungen) | set(abgleich.konfigurierbar))
    tiefer = [i for i in tiefer if uuid.UUID(i) not in oben]
    if tiefer:
        probleme.append(
            _("%(pfad)s/xdomea:ID: Bewertung unterhalb der Akte wird nicht unterstützt: %(ids)s")
            % {"pfad": pfad, "ids": ", ".join(tiefer)}
        )
    if abgleich.konfigurierbar:
        probleme.append(
            _("%(pfad)s/xdomea:Aussonderungsart: nur A oder V werden verarbeitet, nicht %(w)s")
            % {"pfad": pfad, "w": ", ".join(sorted(set(abgleich.konfigurierbar.values())))}
        )
    offen = [str(i) for i, art in abgleich.entscheidungen.items() if art == "B"]
    offen += [str(i) for i in abgleich.unbewertet]
    if offen:
        probleme.append(
            _("%(pfad)s: ohne Entscheidung A oder V: %(ids)s")
            % {"pfad": pfad, "ids": ", ".join(sorted(offen))}
        )
    if probleme:
        raise ValidationError(
            _("%(datei)s: %(probleme)s"),
            code="bewertung_ungueltig",
            params={"datei": dateiname, "probleme": "; ".join(probleme)},
        )
    return abgleich.entscheidungen


@transaction.atomic
def aussonderung_bewerten(
    *, inhalt: bytes, dateiname: str, actor: Actor
) -> tuple[Aussonderungsvorgang, xdomea.Bewertungsverzeichnis]:
    """Read the archive's 0502 and store A (archivieren) or V (vernichten) per offered Akte.

    Refused with nothing changed: malformed, hostile or schema-invalid XML, a foreign
    ProzessID, record IDs never offered, Akten without a decision, and Akten whose
    retention is no longer over (reopened meanwhile). Reading the same 0502 again
    changes nothing.
    """
    try:
        bewertung = xdomea.read_bewertungsverzeichnis_0502(inhalt)
    except xdomea.XdomeaError as error:
        raise fehler_in_datei(dateiname, error) from error
    vorgang = vorgang_zu_nachricht(bewertung.kopf.prozess_id, dateiname)
    entscheidungen = _entscheidungen(vorgang, bewertung, dateiname)
    posten = {p.xdomea_id: p for p in vorgang.posten.select_related("akte")}
    neu = {
        i: P.ARCHIVIEREN if art == xdomea.Aussonderungsart.ARCHIVIEREN else P.VERNICHTEN
        for i, art in entscheidungen.items()
    }
    if vorgang.status != V.ANGEBOTEN:
        if all(posten[i].status == status for i, status in neu.items()):
            return vorgang, bewertung  # the same 0502 again
        raise ValidationError(
            _("%(datei)s: die Aussonderung %(id)s ist bereits bewertet (Status %(s)s)."),
            code="bereits_bewertet",
            params={"datei": dateiname, "id": vorgang.prozess_id, "s": vorgang.status},
        )
    heute = timezone.localdate()
    nicht_faellig = sorted(
        p.akte.aktenzeichen
        for p in posten.values()
        if p.akte.zda_am is None
        or p.akte.aufbewahrung_bis is None
        or p.akte.aufbewahrung_bis >= heute
        or p.akte.ausgesondert_am is not None
    )
    if nicht_faellig:
        raise ValidationError(
            _("%(datei)s: die Aufbewahrungsfrist ist nicht (mehr) abgelaufen für %(az)s."),
            code="frist_laeuft",
            params={"datei": dateiname, "az": ", ".join(nicht_faellig)},
        )
    for i, status in neu.items():
        posten[i].status = status
    Aussonderungsposten.objects.bulk_update(posten.values(), ["status"])
    vorgang.status = V.BEWERTET
    vorgang.bewertet_am = timezone.now()
    vorgang.eingaenge = [*vorgang.eingaenge, eingang(bewertung.kopf, dateiname, "0502")]
    vorgang.save(update_fields=["status", "bewertet_am", "eingaenge", "geaendert_am"])
    protokoll_write(
        actor=actor,
        action="akten.aussonderung.bewerten",
        target=vorgang,
        details={
            "datei": dateiname,
            "archivieren": sorted(
                p.akte.aktenzeichen for p in posten.values() if p.status == P.ARCHIVIEREN
            ),
            "vernichten": sorted(
                p.akte.aktenzeichen for p in posten.values() if p.status == P.VERNICHTEN
            ),
        },
    )
    return vorgang, bewertung


def eingang(kopf_: xdomea.Nachrichtenkopf, dateiname: str, typ: str) -> dict[str, str]:
    """How a received message is recorded on the Aussonderungsvorgang."""
    return {
        "typ": typ,
        "erstellt": kopf_.erstellungszeitpunkt.isoformat(),
        "gelesen_am": timezone.now().isoformat(),
        "datei": dateiname[:200],
    }
