"""Collect what a Bescheid says from the Verfahren, its decision, the Vorlage, the
Antrag, the catalogue and the organisation (reads only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from rathaus.formulare.selectors import antwort_formatter

from ..models import Aufgabe, BescheidVorlage, Mitzeichnung, Verfahren
from . import platzhalter
from .dokument import BescheidInhalt, Briefkopf
from .gebuehr import kostenentscheidung
from .tenor import gebuehrenentscheidung, gegenstand, rechtsgrundlagen_von

if TYPE_CHECKING:
    from rathaus.antraege.models import Antrag
    from rathaus.katalog.models import Leistung
    from rathaus.konten.models import Buerger
    from rathaus.organisation.models import Organisationseinheit


@dataclass(frozen=True)
class Zeichnung:
    """Who decided (the clerk of the Entscheidung) and who co-signed it."""

    aufgabe: Aufgabe
    entscheidung: str
    begruendung: str
    entschieden_am: date
    sachbearbeitung: User | None
    mitzeichnung: tuple[User, ...]


def name(user: User | None) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


def zeichnung_von(verfahren: Verfahren) -> Zeichnung:
    """The latest completed Entscheidung of the Verfahren and its co-signatures."""
    aufgabe = (
        Aufgabe.objects.filter(
            verfahren=verfahren, art="entscheidung", status=Aufgabe.Status.ERLEDIGT
        )
        .select_related("erledigt_von")
        .order_by("-erledigt_am", "-id")
        .first()
    )
    entscheidung = (aufgabe.ergebnis or {}).get("entscheidung") if aufgabe else None
    if aufgabe is None or entscheidung not in Verfahren.Entscheidung.values:
        raise ValidationError(
            _("Für den Bescheid fehlt eine abgeschlossene Entscheidung."),
            code="keine_entscheidung",
        )
    zeichner = tuple(
        m.zeichner
        for m in Mitzeichnung.objects.filter(
            entscheidung_aufgabe=aufgabe, ergebnis=Mitzeichnung.Ergebnis.GEZEICHNET
        )
        .select_related("zeichner")
        .order_by("erstellt_am", "id")
    )
    return Zeichnung(
        aufgabe=aufgabe,
        entscheidung=entscheidung,
        begruendung=str((aufgabe.ergebnis or {}).get("begruendung", "")),
        entschieden_am=timezone.localdate(aufgabe.erledigt_am or timezone.now()),
        sachbearbeitung=aufgabe.erledigt_von,
        mitzeichnung=zeichner,
    )


def gegenstand_von(verfahren: Verfahren, antrag: Antrag | None = None) -> str:
    """What was applied for, fitting "Ihr Antrag …" (tenor.gegenstand): from the title of
    the Antrag's form, else the Leistung's name in quotes."""
    antrag = antrag if antrag is not None else verfahren.antrag
    formular = antrag.formular if antrag is not None else None
    leistung = verfahren.leistung
    return gegenstand(
        formular_titel=[formular.bezeichnung, formular.name] if formular is not None else [],
        # Leistungsbezeichnung II where the catalogue has it, else the LeiKa name.
        leistung_name=getattr(leistung, "anzeigename", "") or leistung.name,
    )


def _antrag_formatierer(antrag: Antrag | None) -> Callable[[platzhalter.AntragPfad], str]:
    if antrag is None:
        return lambda pfad: ""
    als_text = antwort_formatter(formular=antrag.formular)

    def wert(pfad: platzhalter.AntragPfad) -> str:
        werte = platzhalter.antrag_werte(antrag.daten, pfad)
        return ", ".join(als_text(pfad.feld, w) for w in werte)

    return wert


def _betrag(wert: Any) -> str:
    return formats.number_format(wert, 2, use_l10n=True, force_grouping=True) + " EUR"


def gebuehren_text(leistung: Leistung) -> str:
    """The Leistung's fees from the catalogue, e.g. "Verwaltungsgebühr: 25,00 EUR"."""
    zeilen = []
    for g in leistung.gebuehren.all():
        if g.betrag is not None and g.betrag_bis is not None and g.betrag_bis != g.betrag:
            betrag = _("%(von)s bis %(bis)s") % {
                "von": _betrag(g.betrag),
                "bis": _betrag(g.betrag_bis),
            }
        elif g.betrag is not None:
            betrag = _betrag(g.betrag)
        else:
            betrag = ""
        zeile = ": ".join(teil for teil in (g.bezeichnung, betrag) if teil)
        zeilen.append(f"{zeile} ({g.hinweis})" if g.hinweis else zeile)
    return "; ".join(zeilen)


def briefkopf_von(organisationseinheit: Organisationseinheit) -> Briefkopf:
    from rathaus.organisation.selectors import organisationseinheit_detail_by_id

    oe = organisationseinheit_detail_by_id(pk=organisationseinheit.pk)
    standort = oe.standort
    anschrift: tuple[str, ...] = ()
    if standort is not None:
        anschrift = tuple(
            z for z in (standort.strasse, f"{standort.plz} {standort.ort}".strip()) if z
        )
    return Briefkopf(
        kommune=settings.RATHAUS_KOMMUNE,
        organisationseinheit=oe.name,
        anschrift=anschrift,
        telefon=oe.telefon or (standort.telefon if standort else ""),
        email=oe.email or (standort.email if standort else ""),
    )


def empfaenger_von(buerger: Buerger | None) -> tuple[str, ...]:
    if buerger is None:
        return ()
    ort = f"{buerger.postleitzahl} {buerger.ort}".strip()
    land = buerger.land if buerger.land and buerger.land.upper() != "DE" else ""
    return tuple(z for z in (buerger.name, buerger.strasse, ort, land) if z)


def _datum(tag: date | None) -> str:
    return f"{tag:%d.%m.%Y}" if tag else ""


def inhalt_sammeln(
    *, verfahren: Verfahren, vorlage: BescheidVorlage, zeichnung: Zeichnung, heute: date
) -> tuple[BescheidInhalt, set[str]]:
    """The Bescheid's content with every placeholder replaced; also the names of the
    placeholders that came out empty (recorded in the Protokoll)."""
    with translation.override(settings.LANGUAGE_CODE):
        entscheidung_text = str(Verfahren.Entscheidung(zeichnung.entscheidung).label)
        eingegangen = timezone.localdate(verfahren.eingegangen_am)
        antrag_objekt = verfahren.antrag
        leistung = verfahren.leistung
        beantragt = gegenstand_von(verfahren, antrag_objekt)
        werte = {
            "aktenzeichen": verfahren.aktenzeichen,
            "leistung": leistung.name,
            "gegenstand": beantragt,
            "antragsteller": verfahren.buerger.name if verfahren.buerger else "",
            "eingegangen_am": _datum(eingegangen),
            "entschieden_am": _datum(zeichnung.entschieden_am),
            "entscheidung": entscheidung_text,
            "begruendung": zeichnung.begruendung,
            "gebuehr": gebuehren_text(verfahren.leistung),
            "organisationseinheit": verfahren.organisationseinheit.name,
            "sachbearbeitung": name(zeichnung.sachbearbeitung),
            "mitzeichnung": ", ".join(name(u) for u in zeichnung.mitzeichnung),
            "datum": _datum(heute),
            "kommune": settings.RATHAUS_KOMMUNE,
        }
        leer: set[str] = set()
        antrag = _antrag_formatierer(antrag_objekt)
        bewilligt = zeichnung.entscheidung == Verfahren.Entscheidung.BEWILLIGT
        try:
            tenor, gebuehr, belehrung = (
                platzhalter.ersetzen(t, werte=werte, antrag=antrag, leer=leer)
                for t in (
                    vorlage.text_bewilligt if bewilligt else vorlage.text_abgelehnt,
                    vorlage.text_gebuehr,
                    vorlage.rechtsbehelfsbelehrung,
                )
            )
        except ValueError as error:
            raise ValidationError(
                _("Die Bescheidvorlage „%(v)s“ enthält den unbekannten Platzhalter „{{%(p)s}}“.")
                % {"v": vorlage.bezeichnung, "p": error},
                code="vorlage_fehlerhaft",
            ) from error
        if not belehrung.strip():
            raise ValidationError(
                _("Die Bescheidvorlage „%(v)s“ ergibt keine Rechtsbehelfsbelehrung.")
                % {"v": vorlage.bezeichnung},
                code="keine_belehrung",
            )
        # A fee the clerk fixed in the decision (payments app) wins over the catalogue's.
        festgesetzt = kostenentscheidung(verfahren_id=verfahren.pk, heute=heute)
        gebuehren = (
            (
                festgesetzt
                or gebuehrenentscheidung(
                    leistung=leistung,
                    gebuehren=list(leistung.gebuehren.all()),
                    aktenzeichen=verfahren.aktenzeichen,
                ).saetze
            )
            if bewilligt
            else ()
        )
        inhalt = BescheidInhalt(
            aktenzeichen=verfahren.aktenzeichen,
            datum=heute,
            leistung=leistung.name,
            entscheidung=zeichnung.entscheidung,
            entscheidung_text=entscheidung_text,
            tenor=tenor.strip(),
            begruendung=zeichnung.begruendung,
            gegenstand=beantragt,
            rechtsgrundlagen=tuple(rechtsgrundlagen_von(leistung)),
            rechtsbehelfsbelehrung=belehrung.strip(),
            sachbearbeitung=name(zeichnung.sachbearbeitung),
            briefkopf=briefkopf_von(verfahren.organisationseinheit),
            eingegangen_am=eingegangen,
            gebuehr="\n\n".join(t for t in (*gebuehren, gebuehr.strip()) if t),
            mitzeichnung=tuple(name(u) for u in zeichnung.mitzeichnung),
            empfaenger=empfaenger_von(verfahren.buerger),
        )
    return inhalt, leer
