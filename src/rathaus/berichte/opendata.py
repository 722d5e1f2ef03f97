"""Open data of the report: one table per figure as CSV and JSON, the service catalogue,
the OZG dashboard export, and the DCAT-AP.de 3.0 catalogue describing all of them.

Every table comes from the newest snapshot (the same values page and PDF show), for the
whole city; the licence is the Datenlizenz Deutschland – Namensnennung – Version 2.0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .reifegrad import KRITERIEN, Stufe
from .selectors import Stand, stand_leistungen

LIZENZ = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
LIZENZ_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
BUNDESLAND = ("13", "Mecklenburg-Vorpommern")

Tabelle = list[dict[str, Any]]


@dataclass(frozen=True)
class Datei:
    titel: Any  # lazy translations
    beschreibung: Any
    spalten: tuple[str, ...]
    zeilen: Callable[[Stand], Tabelle]


def _alle(stand: Stand) -> dict[str, Any]:
    return stand.gruppen["alle"]


def _ozg_stufen(stand: Stand) -> Tabelle:
    g = _alle(stand)
    return [
        {"stufe": int(s), "bezeichnung": str(s.label).split(" – ", 1)[1],
         "ozg_leistungen": g["reifegrad_ozg"]["stufen"][int(s)],
         "leistungen_der_stadt": g["reifegrad_leistungen"]["stufen"][int(s)],
         "modell": stand.kopf["modell"]}
        for s in Stufe
    ]  # fmt: skip


def _unter_3(stand: Stand) -> Tabelle:
    return [
        {
            "rang": i,
            "leistung": r["name"],
            "nachfrage_pro_jahr": r["nachfrage"],
            "stufe": r["stufe"],
        }
        for i, r in enumerate(_alle(stand)["unter_3"], start=1)
    ]


def _antraege_monat(stand: Stand) -> Tabelle:
    return [{"monat": m, "online_antraege": w} for m, w in _alle(stand)["antraege"]["monate"]]


def _antraege_leistung(stand: Stand) -> Tabelle:
    return [
        {"leika_schluessel": r["leika"], "leistung": r["name"], "monat": m, "online_antraege": w}
        for r in _alle(stand)["antraege"]["je_leistung"]
        for m, w in r["monate"]
    ]


def _dauer(zeilen: list[dict[str, Any]], spalte: str) -> Tabelle:
    return [
        {spalte: r["name"], "verfahren": r["n"], "median_tage": r["median"], "p90_tage": r["p90"]}
        for r in zeilen
    ]


def _offen(stand: Stand) -> Tabelle:
    offen = _alle(stand)["bearbeitung"]["offen"]
    return [{"alter": k, "offene_verfahren": offen[k]} for k in ("bis_30", "bis_90", "ueber_90")]


def _fristen(stand: Stand) -> Tabelle:
    f = _alle(stand)["bearbeitung"]["fristen"]
    g = _alle(stand)["bearbeitung"]["gesamt"]
    return [
        {"kennzahl": "abgeschlossen_mit_gesetzlicher_frist", "wert": f["abgeschlossen_mit_frist"]},
        {"kennzahl": "fristgerecht", "wert": f["eingehalten"]},
        {"kennzahl": "quote_fristgerecht_prozent", "wert": f["quote"]},
        {"kennzahl": "offen_frist_ueberschritten", "wert": f["offen_ueberschritten"]},
        {"kennzahl": "bescheide_12_monate", "wert": g["n"]},
        {"kennzahl": "median_tage_eingang_bis_bescheid", "wert": g["median"]},
        {"kennzahl": "p90_tage_eingang_bis_bescheid", "wert": g["p90"]},
    ]


def _termine(stand: Stand) -> Tabelle:
    t = _alle(stand)["termine"]
    if t is None:
        return []
    return [{"kennzahl": k, "wert": v} for k, v in t.items()]


def _zahlungen(stand: Stand) -> Tabelle:
    z = _alle(stand)["zahlungen"]
    if z is None:
        return []
    return [{"kennzahl": k, "wert": v} for k, v in z.items()]


def _katalog(stand: Stand) -> Tabelle:
    return [
        {"leika_schluessel": r["leika"], "leistung": r["name"], "ozg_id": r["ozg_id"],
         "ozg_leistung": r["ozg_name"], "kommunal": r["kommunal"],
         "zustaendig": "; ".join(r["zustaendig"]), "online_antrag": r["kriterien"]["formular"],
         "reifegrad": r["stufe"], "modell": r["version"],
         **{f"kriterium_{k}": v for k, v in r["kriterien"].items()}}
        for r in stand_leistungen(pk=stand.pk)
    ]  # fmt: skip


def ars() -> str:
    """12-digit Amtlicher Regionalschlüssel from the 8-digit AGS of a municipality that
    belongs to no Amt (Gemeindeverband = "0" + its Gemeinde number), as Stralsund:
    13073088 → 130730088088."""
    ags = settings.RATHAUS_AGS
    return f"{ags[:5]}0{ags[5:]}{ags[5:]}"


def _ozg_dashboard(stand: Stand, basis: str = "") -> Tabelle:
    """Rows of DvDataDto (OZG-Leistung × ARS × Onlinedienst) for each Leistung with an
    online form here; the URL is its service page, which links the form."""
    out = []
    for r in stand_leistungen(pk=stand.pk):
        if not r["kriterien"]["formular"] or not r["leika"]:
            continue
        out.append(
            {"leika_key": r["leika"], "leika_name": r["name"], "ars": ars(),
             "ars_name": settings.RATHAUS_KOMMUNE, "ars_federal_state": BUNDESLAND[0],
             "bundesland": BUNDESLAND[1], "leika_bezeichnung": r["name"],
             "ozgid": int(r["ozg_id"]) if r["ozg_id"] else None,
             "ozg_bezeichnung": r["ozg_name"] or None,
             "url": f"{basis.rstrip('/')}/leistungen/{r['slug']}/", "online_status": "ok",
             "aktiv": "ja", "art_flaechendeckung": "in mind. einer Kommune verfügbar"}
        )  # fmt: skip
    return out


DATEIEN: dict[str, Datei] = {
    "reifegrad": Datei(
        _("OZG-Reifegrad nach Stufe"),
        _(
            "Anzahl der kommunal relevanten OZG-Leistungen und der Leistungen der "
            "Stadt je Reifegradstufe."
        ),
        ("stufe", "bezeichnung", "ozg_leistungen", "leistungen_der_stadt", "modell"),
        _ozg_stufen,
    ),
    "unter-stufe-3": Datei(
        _("Gefragte Leistungen unter Stufe 3"),
        _(
            "Die meistgefragten Leistungen, die noch nicht online mit Nachweisen "
            "beantragt werden können."
        ),
        ("rang", "leistung", "nachfrage_pro_jahr", "stufe"),
        _unter_3,
    ),
    "antraege-monat": Datei(
        _("Online-Anträge je Monat"),
        _("Eingereichte Online-Anträge je Monat der letzten zwölf Monate; 1 bis 4 als „< 5“."),
        ("monat", "online_antraege"),
        _antraege_monat,
    ),
    "antraege-leistung-monat": Datei(
        _("Online-Anträge je Leistung und Monat"),
        _("Eingereichte Online-Anträge je Leistung und Monat; 1 bis 4 als „< 5“."),
        ("leika_schluessel", "leistung", "monat", "online_antraege"),
        _antraege_leistung,
    ),
    "bearbeitungszeit-leistung": Datei(
        _("Bearbeitungszeit je Leistung"),
        _(
            "Tage vom Eingang bis zum Bescheid (Median, 90. Perzentil) der letzten "
            "zwölf Monate; erst ab 5 Verfahren."
        ),
        ("leistung", "verfahren", "median_tage", "p90_tage"),
        lambda s: _dauer(_alle(s)["bearbeitung"]["je_leistung"], "leistung"),
    ),
    "bearbeitungszeit-organisationseinheit": Datei(
        _("Bearbeitungszeit je Organisationseinheit"),
        _(
            "Tage vom Eingang bis zum Bescheid (Median, 90. Perzentil) der letzten "
            "zwölf Monate; erst ab 5 Verfahren."
        ),
        ("organisationseinheit", "verfahren", "median_tage", "p90_tage"),
        lambda s: _dauer(
            _alle(s)["bearbeitung"]["je_organisationseinheit"], "organisationseinheit"
        ),
    ),
    "offene-verfahren": Datei(
        _("Offene Verfahren nach Alter"),
        _("Offene Verfahren nach Tagen seit Eingang."),
        ("alter", "offene_verfahren"),
        _offen,
    ),
    "fristen": Datei(
        _("Bearbeitung und gesetzliche Fristen"),
        _(
            "Bescheide, Bearbeitungszeit und eingehaltene gesetzliche Fristen der "
            "letzten zwölf Monate."
        ),
        ("kennzahl", "wert"),
        _fristen,
    ),
    "termine": Datei(
        _("Termine"),
        _(
            "Gebuchte, online gebuchte, versäumte und stornierte Termine der letzten zwölf "
            "Monate und der Vorlauf; leer, solange die Terminvergabe keine Daten hat."
        ),
        ("kennzahl", "wert"),
        _termine,
    ),
    "zahlungen": Datei(
        _("Zahlungen"),
        _(
            "Gebühren, die in den letzten zwölf Monaten bezahlt wurden, online oder per "
            "Überweisung; leer, solange nichts bezahlt wurde."
        ),
        ("kennzahl", "wert"),
        _zahlungen,
    ),
    "leistungskatalog": Datei(
        _("Leistungskatalog"),
        _(
            "Alle Leistungen mit LeiKa-Schlüssel, OZG-Leistung, Zuständigkeit, "
            "Online-Antrag und Reifegrad."
        ),
        (
            "leika_schluessel",
            "leistung",
            "ozg_id",
            "ozg_leistung",
            "kommunal",
            "zustaendig",
            "online_antrag",
            "reifegrad",
            "modell",
            *(f"kriterium_{k}" for k in KRITERIEN),
        ),
        _katalog,
    ),
    "ozg-dashboard": Datei(
        _("OZG-Dashboard-Export"),
        _(
            "Online-Dienste der Stadt je OZG-Leistung und Regionalschlüssel in der "
            "Form der Daten-API des OZG-Dashboards (DvDataDto)."
        ),
        (
            "leika_key",
            "leika_name",
            "ars",
            "ars_name",
            "ars_federal_state",
            "bundesland",
            "leika_bezeichnung",
            "ozgid",
            "ozg_bezeichnung",
            "url",
            "online_status",
            "aktiv",
            "art_flaechendeckung",
        ),
        _ozg_dashboard,
    ),
}


def tabelle(stand: Stand, name: str, *, basis: str = "") -> Tabelle:
    if name == "ozg-dashboard":
        return _ozg_dashboard(stand, basis)
    return DATEIEN[name].zeilen(stand)


def als_csv(zeilen: Tabelle, spalten: tuple[str, ...] | None = None) -> str:
    puffer = io.StringIO()
    felder = list(spalten or (zeilen[0].keys() if zeilen else ()))
    schreiber = csv.DictWriter(puffer, fieldnames=felder, lineterminator="\r\n")
    schreiber.writeheader()
    for zeile in zeilen:
        schreiber.writerow({k: ("" if v is None else v) for k, v in zeile.items()})
    return puffer.getvalue()


def als_json(stand: Stand, name: str, zeilen: Tabelle) -> dict[str, Any]:
    if name == "ozg-dashboard":  # PageDvDataDto, one page holding everything
        n = len(zeilen)
        sort = {"unsorted": False, "sorted": True, "empty": False}
        return {
            "totalPages": 1, "totalElements": n, "numberOfElements": n, "size": n,
            "number": 0, "first": True, "last": True, "empty": n == 0, "sort": sort,
            "pageable": {"paged": False, "unpaged": True, "pageNumber": 0, "pageSize": n,
                         "offset": 0, "sort": sort},
            "content": zeilen,
        }  # fmt: skip
    datei = DATEIEN[name]
    return {
        "titel": str(datei.titel),
        "beschreibung": str(datei.beschreibung),
        "stand": stand.kopf["berechnet_am"],
        "modell": stand.kopf["modell"],
        "lizenz": str(LIZENZ),
        "daten": zeilen,
    }


def dcat_katalog(stand: Stand, *, basis: str) -> Graph:
    """The DCAT-AP.de 3.0 catalogue of every file (Turtle / JSON-LD by the caller)."""
    basis = basis.rstrip("/") + "/"
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("dcatde", DCATDE),
                       ("dcatap", DCATAP), ("vcard", VCARD), ("adms", ADMS)):  # fmt: skip
        g.bind(prefix, ns)
    katalog = URIRef(basis + "opendata/katalog")
    herausgeber = URIRef(basis + "opendata/herausgeber")
    g.add((herausgeber, RDF.type, FOAF.Agent))
    g.add((herausgeber, FOAF.name, Literal(settings.RATHAUS_KOMMUNE)))
    g.add((herausgeber, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/LocalAuthority")))
    g.add((katalog, RDF.type, DCAT.Catalog))
    g.add(
        (
            katalog,
            DCTERMS.title,
            Literal(f"Offene Daten zur Digitalisierung – {settings.RATHAUS_KOMMUNE}", lang="de"),
        )
    )
    g.add(
        (
            katalog,
            DCTERMS.description,
            Literal(
                "Kennzahlen zur Digitalisierung der Verwaltungsleistungen, aus den Daten "
                "des digitalen Rathauses berechnet, und der Leistungskatalog.",
                lang="de",
            ),
        )
    )
    g.add((katalog, DCTERMS.publisher, herausgeber))
    g.add((katalog, FOAF.homepage, URIRef(basis + "opendata/")))
    geaendert = Literal(stand.kopf["berechnet_am"], datatype=XSD.dateTime)
    g.add((katalog, DCTERMS.modified, geaendert))
    # The municipality's key from the DCAT-AP.de vocabulary (dcatde:politicalGeocodingURI
    # is deprecated in 3.0: dct:spatial carries it), a place.
    ort = URIRef(f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{settings.RATHAUS_AGS}")
    g.add((ort, RDF.type, DCTERMS.Location))
    for name, datei in DATEIEN.items():
        ds = URIRef(f"{basis}opendata/{name}")
        g.add((katalog, DCAT.dataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        for sprache in ("de", "en"):
            with translation.override(sprache):
                g.add((ds, DCTERMS.title, Literal(str(datei.titel), lang=sprache)))
                g.add((ds, DCTERMS.description, Literal(str(datei.beschreibung), lang=sprache)))
        g.add((ds, DCTERMS.identifier, Literal(name)))
        g.add((ds, DCTERMS.publisher, herausgeber))
        g.add((ds, DCTERMS.modified, geaendert))
        g.add((ds, DCTERMS.license, LIZENZ))
        g.add((ds, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
        g.add((ds, DCAT.theme, URIRef(EU + "data-theme/GOVE")))
        g.add((ds, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/DAILY")))
        g.add(
            (
                ds,
                DCATDE.politicalGeocodingLevelURI,
                URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality"),
            )
        )
        g.add((ds, DCTERMS.spatial, ort))
        g.add((ds, DCAT.keyword, Literal("Digitalisierung", lang="de")))
        g.add((ds, DCAT.keyword, Literal("OZG", lang="de")))
        kontakt = BNode()
        g.add((ds, DCAT.contactPoint, kontakt))
        g.add((kontakt, RDF.type, VCARD.Kind))
        g.add((kontakt, VCARD.fn, Literal(settings.RATHAUS_KOMMUNE)))
        g.add((kontakt, VCARD.hasURL, URIRef(basis + "opendata/")))
        for fmt, typ, media in (("csv", "CSV", "text/csv"), ("json", "JSON", "application/json")):
            url = URIRef(f"{basis}opendata/{name}.{fmt}")
            dist = URIRef(f"{basis}opendata/{name}#{fmt}")
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCAT.accessURL, url))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCTERMS.title, Literal(f"{name}.{fmt}")))
            g.add((dist, DCTERMS.format, URIRef(EU + f"file-type/{typ}")))
            g.add(
                (
                    dist,
                    DCAT.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{media}"),
                )
            )
            g.add((dist, DCTERMS.license, LIZENZ))
            g.add((dist, DCATDE.licenseAttributionByText, Literal(settings.RATHAUS_KOMMUNE)))
            g.add((dist, DCTERMS.modified, geaendert))
            g.add((dist, ADMS.status, URIRef(EU + "distribution-status/COMPLETED")))
    return g
