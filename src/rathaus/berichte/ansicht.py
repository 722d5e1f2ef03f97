"""What the page and the PDF show of one snapshot: the figures of one filter group with
their charts, definitions and summaries (one place, so page and PDF cannot differ)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .datenschutz import KLEIN
from .diagramme import Diagramm, balkendiagramm, zahl
from .reifegrad import KRITERIEN, MODELL_VERSION, Stufe

ALTERSKLASSEN_TEXT = {
    "bis_30": lambda: _("bis 30 Tage"),
    "bis_90": lambda: _("31 bis 90 Tage"),
    "ueber_90": lambda: _("über 90 Tage"),
}


@dataclass(frozen=True)
class Stufendefinition:
    stufe: int
    label: str
    kriterien: list[str]


def stufendefinitionen() -> list[Stufendefinition]:
    out = []
    for stufe in Stufe:
        texte = [str(ja) for s, ja, _nein in KRITERIEN.values() if s == int(stufe)]
        out.append(Stufendefinition(int(stufe), str(stufe.label), texte))
    return out


@dataclass
class Ansicht:
    kopf: dict[str, Any]
    gruppe: dict[str, Any]
    diagramme: dict[str, Diagramm] = field(default_factory=dict)
    summen: dict[str, str] = field(default_factory=dict)

    @property
    def modell(self) -> str:
        return str(self.kopf.get("modell", MODELL_VERSION))


def _monat_label(monat: str) -> str:
    jahr, m = monat.split("-")
    return f"{m}/{jahr}"


def _stufen_diagramm(id: str, titel: str, stufen: list[int], was: str) -> tuple[Diagramm, str]:
    gesamt = sum(stufen)
    ab3 = stufen[3] + stufen[4]
    beschreibung = ngettext(
        "%(gesamt)s %(was)s insgesamt; %(ab3)s davon erreichen mindestens Stufe 3.",
        "%(gesamt)s %(was)s insgesamt; %(ab3)s davon erreichen mindestens Stufe 3.",
        gesamt,
    ) % {"gesamt": gesamt, "was": was, "ab3": ab3}
    d = balkendiagramm(
        id=id,
        titel=titel,
        beschreibung=beschreibung,
        spalte=_("Reifegrad"),
        einheit=_("Anzahl"),
        werte=[(str(s.label), stufen[int(s)]) for s in Stufe],
    )
    return d, beschreibung


def ansicht_of(*, kopf: dict[str, Any], gruppe: dict[str, Any]) -> Ansicht:
    ansicht = Ansicht(kopf=kopf, gruppe=gruppe)
    d, s = _stufen_diagramm(
        "ozg",
        _("Reifegrad der kommunal relevanten OZG-Leistungen"),
        gruppe["reifegrad_ozg"]["stufen"],
        _("OZG-Leistungen"),
    )
    ansicht.diagramme["ozg"], ansicht.summen["ozg"] = d, s
    d, s = _stufen_diagramm(
        "leistungen",
        _("Reifegrad der Leistungen der Stadt"),
        gruppe["reifegrad_leistungen"]["stufen"],
        _("Leistungen"),
    )
    ansicht.diagramme["leistungen"], ansicht.summen["leistungen"] = d, s

    monate = gruppe["antraege"]["monate"]
    summe = gruppe["antraege"]["summe"]
    s = _("%(summe)s Online-Anträge in den letzten zwölf Monaten (%(von)s bis %(bis)s).") % {
        "summe": zahl(summe),
        "von": _monat_label(monate[0][0]),
        "bis": _monat_label(monate[-1][0]),
    }
    ansicht.diagramme["antraege"] = balkendiagramm(
        id="antraege",
        titel=_("Online-Anträge je Monat"),
        beschreibung=s,
        spalte=_("Monat"),
        einheit=_("Anträge"),
        werte=[(_monat_label(m), w) for m, w in monate],
    )
    ansicht.summen["antraege"] = s

    offen = gruppe["bearbeitung"]["offen"]
    s = _("%(n)s Verfahren sind offen.") % {"n": zahl(offen["n"])}
    ansicht.diagramme["offen"] = balkendiagramm(
        id="offen",
        titel=_("Offene Verfahren nach Alter"),
        beschreibung=s,
        spalte=_("Alter seit Eingang"),
        einheit=_("Zahl der Verfahren"),
        werte=[(ALTERSKLASSEN_TEXT[k](), offen[k]) for k in ("bis_30", "bis_90", "ueber_90")],
    )
    ansicht.summen["offen"] = s
    gesamt = gruppe["bearbeitung"]["gesamt"]
    if gesamt["median"] is None:
        ansicht.summen["dauer"] = _(
            "Zu wenige abgeschlossene Verfahren (%(n)s), um Bearbeitungszeiten zu veröffentlichen."
        ) % {"n": zahl(gesamt["n"])}
    else:
        ansicht.summen["dauer"] = _(
            "Vom Eingang bis zum Bescheid vergingen im Median %(median)s Tage; 90 %% der "
            "Verfahren waren nach %(p90)s Tagen beschieden (%(n)s Verfahren)."
        ) % {"median": zahl(gesamt["median"]), "p90": zahl(gesamt["p90"]), "n": zahl(gesamt["n"])}
    fristen = gruppe["bearbeitung"]["fristen"]
    if fristen["quote"] is None:
        ansicht.summen["fristen"] = _(
            "Keine Quote: zu wenige abgeschlossene Verfahren mit gesetzlicher Frist (%(n)s) "
            "oder weniger als 5 eingehaltene oder verfehlte Fristen."
        ) % {"n": zahl(fristen["abgeschlossen_mit_frist"])}
    else:
        ansicht.summen["fristen"] = _(
            "%(quote)s %% der abgeschlossenen Verfahren mit gesetzlicher Frist wurden "
            "fristgerecht beschieden (%(ein)s von %(n)s)."
        ) % {
            "quote": zahl(fristen["quote"]),
            "ein": zahl(fristen["eingehalten"]),
            "n": zahl(fristen["abgeschlossen_mit_frist"]),
        }
    return ansicht


def gruppenname(kopf: dict[str, Any], schluessel: str) -> str:
    """The name of a filter group in the active language."""
    if schluessel == "alle":
        return _("alle Leistungen")
    art, pk = schluessel.split(":")
    liste = kopf["themenfelder"] if art == "tf" else kopf["lebenslagen"]
    englisch = translation.get_language() == "en"
    for eintrag in liste:
        if str(eintrag["id"]) == pk:
            return eintrag["name_en"] if englisch and eintrag["name_en"] else eintrag["name"]
    return schluessel


__all__ = ["KLEIN", "Ansicht", "ansicht_of", "gruppenname", "stufendefinitionen", "zahl"]
