"""The sentences of a Bescheid that the code builds rather than the Vorlage: what was
applied for, on which norms the decision rests, and the fee decision (reads only).

What was applied for must fit into "Ihr Antrag … vom 12.03.2026 wird bewilligt." The
LeiKa name is a catalogue key in noun style ("Erlaubnis zur gewerbsmäßigen Schaustellung
von Personen Verlängerung") and breaks such a sentence; most FIM forms are titled as the
noun phrase itself ("Antrag auf Verlängerung der Frist für das Erlöschen der Erlaubnis
…"). So the form's title is used where it reads "Antrag auf/für/zur/zum/über …", else the
Leistung is named in quotes ("Ihr Antrag zur Leistung „…“").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.translation import gettext as _

from rathaus.formulare.selectors import rechtsnormen

if TYPE_CHECKING:
    from rathaus.katalog.models import Gebuehr, Leistung

_ANTRAG_PRAEP = re.compile(r"^Antrag\s+((?:auf|für|zur|zum|über)\s+\S.*)$", re.IGNORECASE)
# A link the catalogue appends to a norm: "§ 33a GewO [http://…]".
_LINK = re.compile(r"\s*\[(?:https?://|www\.)[^\]]*\]")
# Norms about fees and costs (Gebührenordnung, Kostenverordnung, VwKostG, Tarifstelle …).
_GEBUEHRENRECHT = re.compile(r"gebühr|kosten|tarif|GebO|GebV|GebG|KostG|KostO|KostV", re.IGNORECASE)


def gegenstand(*, formular_titel: Iterable[str], leistung_name: str) -> str:
    """What follows "Ihr Antrag" (and "über Ihren Antrag"): "auf Verlängerung der Frist
    …" from a form title "Antrag auf …", else "zur Leistung „<Leistung>“"."""
    for titel in formular_titel:
        treffer = _ANTRAG_PRAEP.match(" ".join((titel or "").split()))
        if treffer:
            rest = treffer.group(1)
            return rest[0].lower() + rest[1:]
    return _("zur Leistung „%(l)s“") % {"l": " ".join(leistung_name.split())}


def _zeilen(*texte: str) -> list[str]:
    return [_LINK.sub("", zeile).strip() for text in texte for zeile in text.splitlines()]


def rechtsgrundlagen_von(leistung: Leistung) -> list[str]:
    """The Leistung's legal references that are real norms (not data-model references or
    laws of another Land), each once, in the catalogue's order."""
    return rechtsnormen(texte=[z for z in _zeilen(leistung.rechtsgrundlagen) if z])


def _betrag(wert: Decimal) -> str:
    return formats.number_format(wert, 2, use_l10n=True, force_grouping=True) + " EUR"


def _spanne(g: Gebuehr) -> str:
    if g.betrag is not None and g.betrag_bis is not None and g.betrag_bis != g.betrag:
        return _("%(von)s bis %(bis)s") % {"von": _betrag(g.betrag), "bis": _betrag(g.betrag_bis)}
    return _betrag(g.betrag) if g.betrag is not None else ""


@dataclass(frozen=True)
class Gebuehrenentscheidung:
    """The fee part of a Bescheid: ``saetze`` are printed as paragraphs (empty: no fee)."""

    saetze: tuple[str, ...] = ()
    betrag: Decimal | None = None  # the amount set by this Bescheid (None: none set here)
    rechtsgrundlagen: tuple[str, ...] = ()


def gebuehrenentscheidung(
    *, leistung: Leistung, gebuehren: Sequence[Gebuehr], aktenzeichen: str
) -> Gebuehrenentscheidung:
    """The fee decision of a granted application from the catalogue's fees.

    One fee with a fixed amount is set by this Bescheid (amount, legal basis where the
    catalogue names a fee norm, due with the Bekanntgabe, payable within a month). Several
    fees or a range ("30 bis 250 EUR je nach Aufwand") need a clerk's calculation: the
    Bescheid then says that a separate fee notice follows and which rates apply. Fees of
    0 EUR only: free of charge. No fee in the catalogue: nothing is said."""
    if not gebuehren:
        return Gebuehrenentscheidung()
    normen = [
        n
        for n in rechtsnormen(
            texte=[z for z in _zeilen(leistung.rechtsgrundlagen, leistung.gesetze) if z]
            + [g.hinweis for g in gebuehren if g.hinweis]
        )
        if _GEBUEHRENRECHT.search(n)
    ]
    if all(g.betrag == 0 and g.betrag_bis in (None, 0) for g in gebuehren):
        return Gebuehrenentscheidung((_("Diese Entscheidung ist gebührenfrei."),))
    grundlage = _("Rechtsgrundlage der Gebühr: %(n)s.") % {"n": "; ".join(normen)} if normen else ""
    fest = [g for g in gebuehren if g.betrag is not None and g.betrag_bis in (None, g.betrag)]
    if len(gebuehren) == 1 and fest:
        (g,) = fest
        assert g.betrag is not None
        saetze = [
            _("Für diese Entscheidung wird eine Gebühr von %(b)s festgesetzt (%(art)s).")
            % {"b": _betrag(g.betrag), "art": g.bezeichnung},
            grundlage,
            _(
                "Die Gebühr wird mit der Bekanntgabe dieses Bescheids fällig. Bitte zahlen Sie "
                "den Betrag innerhalb eines Monats nach der Bekanntgabe und geben Sie dabei "
                "das Aktenzeichen %(az)s an."
            )
            % {"az": aktenzeichen},
        ]
        return Gebuehrenentscheidung(tuple(s for s in saetze if s), g.betrag, tuple(normen))
    saetze_liste = "; ".join(
        ", ".join(t for t in (g.bezeichnung, _spanne(g), g.hinweis) if t) for g in gebuehren
    )
    saetze = [
        _(
            "Über die Gebühr für diese Entscheidung ergeht ein gesonderter Gebührenbescheid. "
            "Laut Gebührenverzeichnis gilt: %(liste)s."
        )
        % {"liste": saetze_liste},
        grundlage,
    ]
    return Gebuehrenentscheidung(tuple(s for s in saetze if s), None, tuple(normen))
