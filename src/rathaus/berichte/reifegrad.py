"""The OZG maturity level (Reifegrad) of a Leistung, derived from what the system offers.

One function decides it (`stufe_bestimmen`); the service page, the API, the report and the
open data all read it through `berichte.selectors`. The model follows the OZG
Reifegradmodell 1.1 (levels 0–4); its version is part of every answer, so a report says
which rules produced its figures, and each answer lists the criteria it checked.

Levels of model ``rathaus-reifegrad-2`` (each needs the one below it, except that a form
implies at least 2 even without a description):
  0 nothing online;
  1 information online: the catalogue describes the service (Kurztext or Volltext);
  2 a form to fill in: a published Formular of this portal;
  3 online application with online evidence: the form takes the evidence as uploads (a
    file field), or the catalogue lists no documents to provide; the form asks for the
    login at the trust level it needs by itself (formulare/konten);
  4 fully digital transaction: the Bescheid reaches the Postfach (the form needs a login,
    so every applicant has a Postfach) and, where a fee is due, it can be paid online.
    Whether a fee is due: the fee rules of ``zahlungen`` where that app answers, else the
    fees of the catalogue. Whether it can be paid online: only ``zahlungen`` can say; while
    it cannot, a service with a fee does not reach 4 ("online payment unknown").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

MODELL_VERSION = "rathaus-reifegrad-2"


class Stufe(models.IntegerChoices):
    """OZG Reifegradmodell 1.1; the labels are the ones the service page has always shown."""

    OFFLINE = 0, _("0 – nicht online")
    INFORMATION = 1, _("1 – Information online")
    FORMULAR = 2, _("2 – Formular online")
    ONLINE = 3, _("3 – Antrag und Nachweise online")
    TRANSAKTION = 4, _("4 – vollständig digital")


# Criterion codes (stored in the snapshots) and what they mean, met / not met.
KRITERIEN: dict[str, tuple[int, object, object]] = {
    "beschrieben": (
        1,
        _("Die Leistung ist im Katalog beschrieben."),
        _("Die Leistung ist im Katalog nicht beschrieben."),
    ),
    "formular": (
        2,
        _("Ein Online-Formular ist veröffentlicht."),
        _("Es gibt kein veröffentlichtes Online-Formular."),
    ),
    "nachweise": (
        3,
        _("Nachweise können online hochgeladen werden (oder es sind keine nötig)."),
        _("Das Formular nimmt die nötigen Nachweise nicht online entgegen."),
    ),
    "postfach": (
        4,
        _("Der Bescheid wird in das Postfach des Nutzerkontos zugestellt."),
        _("Ohne Nutzerkonto geht der Bescheid per Post."),
    ),
    "zahlung": (
        4,
        _("Keine Gebühr oder die Gebühr kann online bezahlt werden."),
        _("Eine Gebühr ist zu zahlen und eine Online-Bezahlung ist nicht bekannt."),
    ),
}


@dataclass(frozen=True)
class Merkmale:
    """What the system knows about one Leistung's online offer."""

    beschrieben: bool
    formular: bool = False
    dateifeld: bool = False  # the form has a file field (evidence as upload)
    unterlagen: bool = False  # the catalogue lists documents to provide
    postfach: bool = False  # the form needs a login: the Bescheid goes to the Postfach
    gebuehr: bool = False  # a fee is due
    online_zahlung: bool | None = None  # None: no app can tell


@dataclass(frozen=True)
class Kriterium:
    code: str
    stufe: int
    erfuellt: bool

    @property
    def text(self) -> str:
        _stufe, ja, nein = KRITERIEN[self.code]
        return str(ja if self.erfuellt else nein)


@dataclass(frozen=True)
class Reifegrad:
    """A level with the model version and every criterion checked for it."""

    stufe: Stufe
    kriterien: tuple[Kriterium, ...]
    version: str = MODELL_VERSION

    @property
    def label(self) -> str:
        return str(self.stufe.label)

    def __int__(self) -> int:
        return int(self.stufe)

    def als_daten(self) -> dict[str, object]:
        """JSON form for snapshots and open data (codes, not texts)."""
        return {
            "stufe": int(self.stufe),
            "version": self.version,
            "kriterien": {k.code: k.erfuellt for k in self.kriterien},
        }


def stufe_bestimmen(m: Merkmale) -> Reifegrad:
    """The level of one Leistung from its Merkmale (the single rule of the whole system)."""
    nachweise = m.formular and (m.dateifeld or not m.unterlagen)
    zahlung = not m.gebuehr or m.online_zahlung is True
    kriterien = (
        Kriterium("beschrieben", 1, m.beschrieben),
        Kriterium("formular", 2, m.formular),
        Kriterium("nachweise", 3, nachweise),
        Kriterium("postfach", 4, m.formular and m.postfach),
        Kriterium("zahlung", 4, zahlung),
    )
    if not m.formular:
        stufe = Stufe.INFORMATION if m.beschrieben else Stufe.OFFLINE
    elif not nachweise:
        stufe = Stufe.FORMULAR
    elif m.postfach and zahlung:
        stufe = Stufe.TRANSAKTION
    else:
        stufe = Stufe.ONLINE
    return Reifegrad(stufe=stufe, kriterien=kriterien)


def kriterium_text(code: str, erfuellt: bool) -> str:
    return Kriterium(code, KRITERIEN[code][0], erfuellt).text
