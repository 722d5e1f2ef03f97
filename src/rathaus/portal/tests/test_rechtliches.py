"""The legal pages say what is true: Barrierefreiheit, Datenschutz and Leichte Sprache.

The texts are parsed as HTML (lxml) and checked against the official wording, the
responsible bodies of Mecklenburg-Vorpommern, and the figures the code itself uses.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from rathaus.akten.loeschfristen import registry as loeschfristen
from rathaus.formulare.models import ENTWURF_GUELTIGKEIT
from rathaus.konten.niveau import GRENZEN, Vertrauensniveau

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frischer_cache() -> None:
    cache.clear()  # the feedback form's rate limit lives in the cache


AMTLICHE_STAENDE = ("vollständig vereinbar", "teilweise vereinbar", "nicht vereinbar")


def _inhalt(client: Client, pfad: str) -> Any:
    response = client.get(pfad)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).get_element_by_id("inhalt")


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _abschnitt(main: Any, titel: str) -> str:
    """The text from the h2 named `titel` up to the next h2."""
    h2 = [h for h in main.iter("h2") if _text(h) == titel]
    assert h2, f"keine Überschrift {titel!r}"
    teile = []
    for el in h2[0].itersiblings():
        if el.tag == "h2":
            break
        teile.append(_text(el))
    return " ".join(teile)


def _saetze(main: Any) -> list[str]:
    bloecke = main.xpath(".//p | .//li | .//h1 | .//h2 | .//h3")
    saetze: list[str] = []
    for block in bloecke:
        saetze.extend(s for s in re.split(r"(?<=[.!?:])\s+", _text(block)) if s)
    return saetze


def _woerter(satz: str) -> list[str]:
    return re.findall(r"[\wÄÖÜäöüß·-]+", satz)


# --- Barrierefreiheit ---------------------------------------------------------------------


def test_barrierefreiheit_nennt_einen_amtlichen_stand(client: Client) -> None:
    main = _inhalt(client, "/barrierefreiheit/")
    text = _text(main)
    assert {s for s in AMTLICHE_STAENDE if s in text} == {"teilweise vereinbar"}
    stand = _abschnitt(main, "Stand der Vereinbarkeit mit den Anforderungen")
    assert "LBGG M-V und der BITVO M-V teilweise vereinbar" in stand
    assert "weitgehend" not in text


def test_barrierefreiheit_nennt_durchsetzungsstelle_von_mv_mit_anschrift(client: Client) -> None:
    main = _inhalt(client, "/barrierefreiheit/")
    abschnitt = _abschnitt(main, "Durchsetzungsverfahren")
    assert "Überwachungsstelle des Landes Mecklenburg-Vorpommern" in abschnitt
    assert "§ 2 Absatz 1 BITVO M-V" in abschnitt
    anschriften = [_text(a) for a in main.iter("address")]
    assert any(
        "Überwachungsstelle" in a and "Werderstraße 124" in a and "19055 Schwerin" in a
        for a in anschriften
    ), anschriften
    assert any(
        "Bürgerbeauftragter" in a and "Schloßstraße 8" in a and "19053 Schwerin" in a
        for a in anschriften
    ), anschriften
    # M-V has no Landesbeauftragte(r) for disabled people; that office is the Bürgerbeauftragte.
    assert "Landesbeauftragte für die Belange" not in _text(main)


def test_barrierefreiheit_behauptet_keine_gebaerdensprache(client: Client) -> None:
    main = _inhalt(client, "/barrierefreiheit/")
    erwaehnt = [s for s in _saetze(main) if re.search(r"Gebärdensprache|\bDGS\b", s)]
    assert erwaehnt, "die fehlenden DGS-Videos gehören in die Liste der Barrieren"
    for satz in erwaehnt:
        assert re.search(r"\b(fehlen|keine)\b", satz), satz
    assert not main.xpath(".//video | .//iframe")
    assert not [
        href for href in main.xpath(".//a/@href") if re.search(r"gebaerd|gebärd|dgs", href, re.I)
    ]


def test_barrierefreiheit_nennt_die_bekannten_barrieren(client: Client) -> None:
    main = _inhalt(client, "/barrierefreiheit/")
    liste = _abschnitt(main, "Nicht barrierefreie Inhalte")
    for merkmal in (
        "Gebärdensprache",
        "Leichte Sprache",
        "PDF",
        "Tags",
        "(FIM)",
        "Vertrauensniveau „hoch“",
        "30 Minuten",
        "Codeliste",
        "Auf Englisch",
        "Arbeitsplatz der Beschäftigten",
    ):
        assert merkmal in liste, merkmal


def test_barrierefreiheit_nennt_datum_und_pruefung(client: Client) -> None:
    erstellung = _abschnitt(_inhalt(client, "/barrierefreiheit/"), "Erstellung dieser Erklärung")
    monate = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    datum = rf"\d{{1,2}}\. ({monate}) \d{{4}}"
    assert re.search(rf"am {datum} erstellt", erstellung), erstellung
    assert re.search(rf"zuletzt am {datum} überprüft", erstellung), erstellung
    assert "Selbstbewertung" in erstellung and "axe-core" in erstellung


def test_barrierefreiheit_behaelt_rueckmeldung(client: Client) -> None:
    main = _inhalt(client, "/barrierefreiheit/")
    assert main.xpath('.//form[@action="/barrierefreiheit/#rueckmeldung"]//textarea')
    assert main.xpath('.//a[@href="mailto:barrierefreiheit@stralsund.de"]')
    assert "Beispieltext" in _text(main)


# --- Datenschutz --------------------------------------------------------------------------

DATENSCHUTZ_UEBERSCHRIFTEN = [
    "1. Verantwortliche Stelle",
    "2. Datenschutzbeauftragte",
    "3. Aufruf der Seiten und Server-Protokolle",
    "4. Cookies",
    "5. Suche",
    "6. Anmeldung mit dem Nutzerkonto",
    "7. Online-Anträge",
    "8. Entwürfe und Link zum Fortsetzen",
    "9. Hochgeladene Dateien",
    "10. Postfach",
    "11. E-Akte, Aufbewahrung und Stadtarchiv",
    "12. Rückmeldungen zur Barrierefreiheit",
    "13. Ihre Rechte",
    "14. Beschwerde bei der Aufsichtsbehörde",
]


def test_datenschutz_hat_alle_themen_als_ueberschriften(client: Client) -> None:
    main = _inhalt(client, "/datenschutz/")
    assert [_text(h) for h in main.iter("h1")] == ["Datenschutzerklärung"]
    assert [_text(h) for h in main.iter("h2")] == DATENSCHUTZ_UEBERSCHRIFTEN


def test_datenschutz_verantwortliche_und_aufsichtsbehoerde(client: Client) -> None:
    main = _inhalt(client, "/datenschutz/")
    anschriften = [_text(a) for a in main.iter("address")]
    assert "Hansestadt Stralsund Der Oberbürgermeister Rathaus, Alter Markt 18439 Stralsund" in (
        anschriften
    )
    aufsicht = _abschnitt(main, "14. Beschwerde bei der Aufsichtsbehörde")
    for teil in (
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern",
        "Lennéstraße 1",
        "19053 Schwerin",
        "Werderstraße 74a, 19055 Schwerin",
        "info@datenschutz-mv.de",
    ):
        assert teil in aufsicht, teil
    rechte = _abschnitt(main, "13. Ihre Rechte")
    for artikel in range(15, 22):
        assert f"Art. {artikel} DSGVO" in rechte, artikel
    assert "Beispieltext" in _text(main)


def _dokumentierte_cookies(client: Client) -> set[str]:
    cookies = _inhalt(client, "/datenschutz/").xpath(
        './/h2[normalize-space()="4. Cookies"]/following-sibling::ul[1]//code/text()'
    )
    return set(cookies)


def test_datenschutz_nennt_jedes_cookie_das_gesetzt_wird(client: Client) -> None:
    dokumentiert = _dokumentierte_cookies(client)
    assert {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    } <= dokumentiert
    # Walk the paths that set cookies: a page, the language switch, the feedback form.
    gesehen: set[str] = set(client.get("/datenschutz/").cookies)
    gesehen |= set(client.post("/i18n/setlang/", {"language": "en", "next": "/"}).cookies)
    gesehen |= set(client.post("/barrierefreiheit/", {"nachricht": "Kontrast zu gering"}).cookies)
    assert gesehen, "kein Cookie gesetzt: der Test prüft nichts"
    assert gesehen <= dokumentiert, gesehen - dokumentiert


def test_datenschutz_fristen_wie_im_code(client: Client) -> None:
    main = _inhalt(client, "/datenschutz/")
    entwuerfe = _abschnitt(main, "8. Entwürfe und Link zum Fortsetzen")
    assert f"{ENTWURF_GUELTIGKEIT.days} Tage nach dem letzten Speichern" in entwuerfe
    postfach = _abschnitt(main, "10. Postfach")
    assert f"{loeschfristen['postfach_gelesen'].tage} Tage nach dem Lesen" in postfach
    anmeldung = _abschnitt(main, "6. Anmeldung mit dem Nutzerkonto")
    hoch = GRENZEN[Vertrauensniveau.HOCH]
    assert f"„hoch“ nach {hoch.leerlauf // 60} und {hoch.absolut // 60} Minuten" in anmeldung
    for angabe in ("Pseudonym", "Geburtsdatum", "Anschrift", "E-Mail-Adresse", "Vertrauensniveau"):
        assert angabe in anmeldung, angabe
    akte = _abschnitt(main, "11. E-Akte, Aufbewahrung und Stadtarchiv")
    assert "Stadtarchiv" in akte and "Landesarchivgesetz" in akte


# --- Leichte Sprache ----------------------------------------------------------------------

NEGATION = re.compile(r"^(kein\w*|nicht|nichts|nie|niemand|nirgends)$", re.I)


def test_leichte_sprache_kurze_saetze_und_wenig_verneinung(client: Client) -> None:
    main = _inhalt(client, "/leichte-sprache/")
    saetze = _saetze(main)
    assert len(saetze) > 40
    zu_lang = [s for s in saetze if len(_woerter(s)) > 15]
    assert not zu_lang, zu_lang
    verneint = [s for s in saetze if any(NEGATION.match(w) for w in _woerter(s))]
    assert len(verneint) <= 1, verneint


def test_leichte_sprache_regeln(client: Client) -> None:
    main = _inhalt(client, "/leichte-sprache/")
    text = _text(main)
    # "tippen oder klicken" for phones and computers alike, never only one of them
    assert "Tippen oder klicken Sie" in text
    assert not re.search(r"\b(Klicken|Drücken|Tippen) Sie\b", text)
    # hard words are explained: the account, the login and its two ways
    ueberschriften = [_text(h) for h in main.iter("h2")]
    assert "Was ist Mein Konto?" in ueberschriften
    assert "Wie melden Sie sich an?" in ueberschriften
    for wort in ("Online-Ausweis", "Benutzer-Name", "Pass-Wort", "Post-Fach", "Personal-Ausweis"):
        assert wort in text, wort
    erklaert = [_text(s) for s in main.xpath(".//p/strong")]
    assert {"Leistung", "Amt", "Konto", "Anmelden", "Bescheid", "Tippen", "Klicken"} <= set(
        erklaert
    )
    # long compounds are split with a hyphen
    lang = [w for w in _woerter(text) if len(w) > 14 and "-" not in w and "·" not in w]
    assert not lang, lang
    # the reader is addressed as "Sie"
    assert not re.search(r"\b(du|dich|dir|dein\w*)\b", text, re.I)
