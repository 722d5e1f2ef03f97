"""What the report reads from the apps below, through their selectors only.

Appointments (termine) and payments (zahlungen) are younger than the report: their figures
are asked for by the selector names below and are "no data yet" (None) while an app does
not offer them. Nothing read here names a person; counts leave this module unmasked and
are masked in `datenschutz` before anything is stored or shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Count

from rathaus.antraege import selectors as antraege
from rathaus.formulare import selectors as formulare
from rathaus.katalog import selectors as katalog
from rathaus.konten.selectors import konto_erforderlich
from rathaus.organisation import selectors as organisation
from rathaus.verfahren import selectors as verfahren

from .reifegrad import Merkmale


def _zahlungen_selector(name: str) -> Callable[..., Any] | None:
    """A selector of zahlungen by name, None while that app does not offer it."""
    try:
        from rathaus.zahlungen import selectors as zahlungen
    except ImportError:  # the app's reads are not there yet
        return None
    return getattr(zahlungen, name, None)


def _termine_selector(name: str) -> Callable[..., Any] | None:
    try:
        from rathaus.termine import selectors as termine
    except ImportError:
        return None
    return getattr(termine, name, None)


@dataclass(frozen=True)
class FormularInfo:
    dateifeld: bool
    postfach: bool


def formulare_of(leistung_ids: Iterable[int] | None = None) -> dict[int, FormularInfo]:
    """The latest published Formular per Leistung: file field? login (Postfach)?"""
    qs = formulare.formulare_veroeffentlicht().filter(leistung__isnull=False)
    if leistung_ids is not None:
        qs = qs.filter(leistung_id__in=list(leistung_ids))
    neueste: dict[int, Any] = {}
    for formular in qs.order_by("veroeffentlicht_am", "pk"):
        if formular.leistung_id is not None:
            neueste[formular.leistung_id] = formular  # ascending: the latest wins
    return {
        leistung_id: FormularInfo(
            dateifeld=bool(formulare.dateifelder(formular=formular)),
            postfach=konto_erforderlich(vertrauensniveau=formular.vertrauensniveau),
        )
        for leistung_id, formular in neueste.items()
    }


def zahlung_of(
    leistung_ids: Iterable[int], katalog_gebuehr: dict[int, bool]
) -> dict[int, tuple[bool, bool | None]]:
    """(fee due, online payment possible or None if unknown) per Leistung.

    A fee: an active fee rule of zahlungen (`gebuehrenregeln_of`) or a fee listed in the
    catalogue. Paid online: zahlungen's `vorab_gebuehr_of` — the fee is due before the
    processing, so the intake's payment step collects it with the online application. A
    fee due only with the Bescheid is "unknown" (None): zahlungen's reads do not say how it
    is paid, and which payment providers are switched on is not among them either."""
    regeln = _zahlungen_selector("gebuehrenregeln_of")
    vorab = _zahlungen_selector("vorab_gebuehr_of")
    out: dict[int, tuple[bool, bool | None]] = {}
    for pk in leistung_ids:
        gebuehr = katalog_gebuehr.get(pk, False)
        if regeln is not None:
            gebuehr = gebuehr or regeln(leistung_id=pk).exists()
        online = True if vorab is not None and vorab(leistung_id=pk) else None
        out[pk] = (gebuehr, online)
    return out


def merkmale_der_leistung(leistung: Any) -> Merkmale:
    """Merkmale of one loaded Leistung (its Gebühren prefetched or read once), with one
    query for its form: the service page's path."""
    form = formulare_of([leistung.pk]).get(leistung.pk)
    gebuehr = bool(list(leistung.gebuehren.all()))
    unterlagen = bool(leistung.unterlagen.strip())
    online: bool | None = None
    if form is not None and form.postfach and (form.dateifeld or not unterlagen):
        gebuehr, online = zahlung_of([leistung.pk], {leistung.pk: gebuehr})[leistung.pk]
    return Merkmale(
        beschrieben=bool(leistung.kurztext or leistung.volltext),
        formular=form is not None,
        dateifeld=form is not None and form.dateifeld,
        unterlagen=unterlagen,
        postfach=form is not None and form.postfach,
        gebuehr=gebuehr,
        online_zahlung=online,
    )


def merkmale_of(leistung_ids: Iterable[int] | None = None) -> dict[int, Merkmale]:
    """Merkmale of every Leistung (or of the given ones) in a fixed number of queries;
    zahlungen is asked only for the Leistungen with a form (level 4 needs one)."""
    qs = katalog.leistungen_list()
    if leistung_ids is not None:
        qs = qs.filter(pk__in=list(leistung_ids))
    zeilen = list(
        qs.annotate(gebuehren_n=Count("gebuehren")).values(
            "pk", "kurztext", "volltext", "unterlagen", "gebuehren_n"
        )
    )
    forms = formulare_of(z["pk"] for z in zeilen) if zeilen else {}
    # The fee decides only between 3 and 4: zahlungen is asked for the Leistungen whose
    # form takes the evidence and sends the Bescheid to the Postfach.
    unterlagen = {z["pk"]: bool(z["unterlagen"].strip()) for z in zeilen}
    kandidaten = [
        pk for pk, f in forms.items() if f.postfach and (f.dateifeld or not unterlagen[pk])
    ]
    zahlung = zahlung_of(kandidaten, {z["pk"]: z["gebuehren_n"] > 0 for z in zeilen})
    out: dict[int, Merkmale] = {}
    for z in zeilen:
        form = forms.get(z["pk"])
        gebuehr, online = zahlung.get(z["pk"], (z["gebuehren_n"] > 0, None))
        out[z["pk"]] = Merkmale(
            beschrieben=bool(z["kurztext"] or z["volltext"]),
            formular=form is not None,
            dateifeld=form is not None and form.dateifeld,
            unterlagen=bool(z["unterlagen"].strip()),
            postfach=form is not None and form.postfach,
            gebuehr=gebuehr,
            online_zahlung=online,
        )
    return out


@dataclass(frozen=True)
class LeistungZeile:
    """Public catalogue facts of one Leistung for the report."""

    pk: int
    name: str
    slug: str
    leika: str
    ozg_id: str
    ozg_name: str
    lebenslage_id: int | None
    themenfeld_id: int | None
    nachfrage: int
    kommunal: bool  # municipalities carry it out (LeiKa Typisierung) or the city is responsible
    hier: bool  # a Zuständigkeit of this city is recorded
    typisierung: str
    stellen: tuple[str, ...]


def leistungen() -> list[LeistungZeile]:
    hier = katalog.leistungen_list().filter(zustaendigkeiten__gebiet_ags=settings.RATHAUS_AGS)
    stellen: dict[int, list[str]] = {}
    for pk, name in hier.values_list("pk", "zustaendigkeiten__organisationseinheit__name"):
        stellen.setdefault(pk, []).append(name)
    out = []
    qs = katalog.leistungen_list().select_related("ozg_leistung__lebenslage")
    for lst in qs.only(
        "pk", "name", "name_buerger", "slug", "leika_schluessel", "typisierung", "nachfrage",
        "ozg_leistung__ozg_id", "ozg_leistung__name", "ozg_leistung__lebenslage__themenfeld_id",
    ):  # fmt: skip
        ozg = lst.ozg_leistung
        ebene = lst.verwaltungsebene
        out.append(
            LeistungZeile(
                pk=lst.pk,
                name=lst.anzeigename,
                slug=lst.slug,
                leika=lst.leika_schluessel or "",
                ozg_id=ozg.ozg_id if ozg else "",
                ozg_name=ozg.name if ozg else "",
                lebenslage_id=ozg.lebenslage_id if ozg else None,
                themenfeld_id=ozg.lebenslage.themenfeld_id if ozg and ozg.lebenslage else None,
                nachfrage=lst.nachfrage,
                kommunal=(ebene is not None and ebene.kommunal) or lst.pk in stellen,
                hier=lst.pk in stellen,
                typisierung=lst.typisierung,
                stellen=tuple(sorted(set(stellen.get(lst.pk, ())))),
            )
        )
    return out


def themenfelder() -> list[tuple[int, str, str, str]]:
    return [(t.pk, t.slug, t.name, t.name_en) for t in katalog.themenfelder_by_name()]


def lebenslagen() -> list[tuple[int, str, str, str, int]]:
    return [
        (ll.pk, ll.slug, ll.name, ll.name_en, ll.themenfeld_id) for ll in katalog.lebenslagen_list()
    ]


def organisationseinheiten() -> dict[int, str]:
    return dict(organisation.organisationseinheiten_list().values_list("pk", "name"))


def antraege_monatlich() -> list[tuple[int | None, datetime, str, int]]:
    return [
        (z["leistung_id"], z["monat"], z["kanal"], z["anzahl"])
        for z in antraege.antraege_je_leistung_und_monat()
    ]


def verfahren_laufzeiten() -> Iterable[tuple[Any, ...]]:
    return verfahren.verfahren_laufzeiten().iterator(chunk_size=5000)


def termine_kennzahlen(*, von: date, bis: date) -> dict[str, Any] | None:
    """Appointments from `von` to `bis` summed over services and places (termine's
    `terminstatistik`; a booking for several services counts once per service): booked,
    booked online, no-shows, cancelled, and the lead time from booking to appointment
    (mean days, weighted by bookings). None while termine offers no figures."""
    fn = _termine_selector("terminstatistik")
    if fn is None:
        return None
    zeilen = fn(von=von, bis=bis, mit_naechstem_termin=False)
    gebucht = sum(z.buchungen for z in zeilen)
    if not gebucht:
        return None
    vorlauf = [(z.vorlauf_mittel_tage, z.buchungen) for z in zeilen if z.vorlauf_mittel_tage]
    gewicht = sum(n for _v, n in vorlauf)
    return {
        "gebucht": gebucht,
        "online": gebucht - sum(z.vor_ort for z in zeilen),
        "nicht_erschienen": sum(z.nicht_erschienen for z in zeilen),
        "storniert": sum(z.storniert for z in zeilen),
        "vorlauf_tage": sum(v * n for v, n in vorlauf) / gewicht if gewicht else None,
    }


def zahlungen_kennzahlen(*, von: date, bis: date) -> dict[str, int] | None:
    """Fees paid from `von` to `bis` by channel (zahlungen's `zahlung_kennzahlen`: online,
    ueberweisung), or None while nothing was paid."""
    fn = _zahlungen_selector("zahlung_kennzahlen")
    if fn is None:
        return None
    zahlen: dict[str, int] = fn(von=von, bis=bis)
    return zahlen if any(zahlen.values()) else None
