"""The council's quarterly report as a tagged PDF (WeasyPrint, as the Bescheid: PDF/A-3b
with a structure tree, language and title), from the stored snapshots of the quarter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import selectors
from .ansicht import ansicht_of, stufendefinitionen
from .reifegrad import Stufe

PDF_VARIANTE = "pdf/a-3b"
QUARTAL_RE = re.compile(r"^(\d{4})-Q([1-4])$")


class QuartalUngueltig(ValueError):
    """The quarter is not of the form 2026-Q4, or no snapshot exists for it."""


@dataclass(frozen=True)
class Quartal:
    jahr: int
    nummer: int

    @property
    def beginn(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(date(self.jahr, 3 * self.nummer - 2, 1), time())
        )

    @property
    def ende(self) -> datetime:
        if self.nummer == 4:
            return timezone.make_aware(datetime.combine(date(self.jahr + 1, 1, 1), time()))
        return timezone.make_aware(
            datetime.combine(date(self.jahr, 3 * self.nummer + 1, 1), time())
        )

    def __str__(self) -> str:
        return f"{self.jahr}-Q{self.nummer}"


def quartal_parse(text: str) -> Quartal:
    treffer = QUARTAL_RE.fullmatch(text.strip())
    if treffer is None:
        raise QuartalUngueltig(f"--quartal: erwartet JJJJ-Qn, z. B. 2026-Q4, nicht {text!r}")
    return Quartal(int(treffer.group(1)), int(treffer.group(2)))


@dataclass(frozen=True)
class Wechsel:
    name: str
    leika: str
    vorher: int | None
    nachher: int


def wechsel_im_quartal(quartal: Quartal) -> tuple[list[Wechsel], int | None, int | None]:
    """Leistungen whose level differs between the last snapshot before the quarter (else
    its first one) and its last one; with the two snapshot ids compared."""
    staende = selectors.staende_zwischen(von=quartal.beginn, bis=quartal.ende)
    if not staende:
        return [], None, None
    vorher_pk = selectors.stand_vor(zeitpunkt=quartal.beginn) or staende[0][0]
    nachher_pk = staende[-1][0]
    if vorher_pk == nachher_pk:
        return [], vorher_pk, nachher_pk
    alt = {r["id"]: r["stufe"] for r in selectors.stand_leistungen(pk=vorher_pk)}
    out = [
        Wechsel(r["name"], r["leika"], alt.get(r["id"]), r["stufe"])
        for r in selectors.stand_leistungen(pk=nachher_pk)
        if alt.get(r["id"]) != r["stufe"]
    ]
    out.sort(key=lambda w: (-w.nachher, w.name))
    return out, vorher_pk, nachher_pk


def bericht_kontext(quartal: Quartal) -> dict[str, Any]:
    """What the PDF shows: the quarter's last snapshot and the changes of level."""
    staende = selectors.staende_zwischen(von=quartal.beginn, bis=quartal.ende)
    if not staende:
        raise QuartalUngueltig(
            f"Für {quartal} gibt es keinen Kennzahlenstand (rathaus bericht_berechnen)."
        )
    stand = selectors.stand_by_pk(pk=staende[-1][0])
    wechsel, _vorher, _nachher = wechsel_im_quartal(quartal)
    return {
        "quartal": quartal,
        "stand": stand,
        "a": ansicht_of(kopf=stand.kopf, gruppe=stand.gruppen["alle"]),
        "definitionen": stufendefinitionen(),
        "wechsel": wechsel,
        "stufen": {int(s): str(s.label) for s in Stufe},
        "kommune": settings.RATHAUS_KOMMUNE,
    }


def bericht_pdf(*, quartal: str) -> bytes:
    """Render the council report of `quartal` ("2026-Q4") as tagged PDF/A-3b; raises
    QuartalUngueltig."""
    import weasyprint

    q = quartal_parse(quartal)
    with translation.override(settings.LANGUAGE_CODE):
        kontext = bericht_kontext(q)
        html = render_to_string("berichte/pdf.html", kontext)
        css = render_to_string("berichte/pdf.css", kontext)
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(string=css)], pdf_variant=PDF_VARIANTE, pdf_tags=True
    )
