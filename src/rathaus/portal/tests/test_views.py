"""The public portal's pages, in German and English, with hostile input and the feedback form."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from rathaus.core.models import Protokoll
from rathaus.katalog.models import Leistung
from rathaus.katalog.search.vocabulary import reset as vocabulary_reset
from rathaus.organisation.selectors import LOCAL_TZ
from rathaus.portal import selectors
from rathaus.portal.models import Barrierefreiheitsmeldung
from rathaus.portal.templatetags.portal import eur, oeffnungsstatus_text, textbausteine

from .daten import PortalDaten, daten_anlegen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frischer_cache() -> None:
    cache.clear()
    vocabulary_reset()


@pytest.fixture
def daten() -> PortalDaten:
    return daten_anlegen()


def _html(response: Any) -> str:
    return response.content.decode()


def _titel(response: Any) -> str:
    match = re.search(r"<title>(.*?)</title>", _html(response), re.S)
    assert match, "kein <title>"
    return match.group(1).strip()


# --- every page, German and English -------------------------------------------------------

SEITEN = [
    ("/", "Was können wir für Sie tun?", "What can we do for you?"),
    ("/suche/?q=Personalausweis", "Personalausweis beantragen", "Apply for an identity card"),
    (
        "/leistungen/personalausweis-beantragen/",
        "Erforderliche Unterlagen",
        "Documents required",
    ),
    ("/organisation/", "Ämter und Einrichtungen", "Offices and facilities"),
    ("/organisation/buergerbuero/", "Bürgerbüro", "Citizens&#x27; Office"),
    ("/themen/ein-auswandern/", "Ausweise &amp; Dokumente", "Identity documents"),
    ("/lebenslagen/ausweise-dokumente/", "Personalausweis beantragen", "Identity documents"),
    ("/a-z/", "Leistungen von A bis Z", "Services from A to Z"),
    ("/a-z/P/", "Personalausweis beantragen", "Services from A to Z"),
    ("/impressum/", "Der Oberbürgermeister", "Lord Mayor"),
    ("/datenschutz/", "Datenschutz-Grundverordnung", "Privacy policy"),
    ("/barrierefreiheit/", "Durchsetzungsverfahren", "Accessibility statement"),
    ("/leichte-sprache/", "Leichte Sprache", "Easy Read"),
]


@pytest.mark.parametrize(("pfad", "deutsch", "englisch"), SEITEN)
def test_seite_deutsch_und_englisch(
    client: Client, daten: PortalDaten, pfad: str, deutsch: str, englisch: str
) -> None:
    de = client.get(pfad)
    assert de.status_code == 200
    assert '<html lang="de">' in _html(de)
    assert deutsch in _html(de)
    assert _titel(de).endswith("– Hansestadt Stralsund")

    en = client.get("/en" + pfad)
    assert en.status_code == 200
    assert '<html lang="en">' in _html(en)
    assert englisch in _html(en)
    assert _titel(en) != _titel(de) or pfad in {"/leistungen/personalausweis-beantragen/"}


def test_jede_seite_hat_skiplink_main_fuss_und_sprachwahl(
    client: Client, daten: PortalDaten
) -> None:
    for pfad, _, _ in SEITEN:
        html = _html(client.get(pfad))
        assert 'class="skip-link" href="#inhalt"' in html, pfad
        assert '<main id="inhalt"' in html, pfad
        for ziel in ("/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"):
            assert f'href="{ziel}"' in html, (pfad, ziel)
        assert 'action="/i18n/setlang/"' in html, pfad
        assert 'name="language" value="en"' in html, pfad


def test_seitentitel_sind_eindeutig(client: Client, daten: PortalDaten) -> None:
    titel = [_titel(client.get(pfad)) for pfad, _, _ in SEITEN if "?" not in pfad]
    assert len(titel) == len(set(titel)), titel


def test_startseite_zeigt_themenfelder_lebenslagen_und_beliebtes(
    client: Client, daten: PortalDaten
) -> None:
    html = _html(client.get("/"))
    assert html.count('class="thema"') == 3
    assert 'href="/lebenslagen/ausweise-dokumente/"' in html
    assert "Häufig gesucht" in html
    # Most requested first: Personalausweis (9200) before Reisepass (3100).
    assert html.index("Personalausweis beantragen") < html.index("Reisepass beantragen")
    assert 'action="/suche/"' in html and 'method="get"' in html
    assert 'href="/a-z/"' in html and 'href="/leichte-sprache/"' in html


# --- the service page ---------------------------------------------------------------------


def test_leistung_zeigt_alle_textbausteine(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/leistungen/personalausweis-beantragen/"))
    for titel in (
        "Beschreibung",
        "Voraussetzungen",
        "Erforderliche Unterlagen",
        "Kosten",
        "Verfahrensablauf",
        "Bearbeitungsdauer",
        "Fristen",
        "Formulare",
        "Hinweise",
        "Rechtsgrundlagen",
    ):
        assert f">{titel}</h2>" in html, titel
    assert "<li>bisheriger Personalausweis</li>" in html
    assert "37,00\u00a0€" in html and "22,80\u00a0€" in html
    assert "10,00\u00a0€ bis 1.250,50\u00a0€" in html
    assert 'href="https://www.stralsund.de/termin/personalausweis"' in html
    assert "Termin vereinbaren" in html and "Online beantragen" not in html
    assert "Beispielinhalt" in html
    assert "99008001012000" in html and "10210" in html
    assert "OZG-Reifegrad" in html and "Information online" in html
    assert 'href="https://www.gesetze-im-internet.de/pauswg/"' in html
    assert "Bürgerbüro" in html and "Alter Markt" in html and "18439 Stralsund" in html
    assert 'href="tel:+493831253780"' in html
    assert 'href="mailto:buergerbuero@stralsund.de"' in html
    assert "Noch keine Beschreibung" not in html


def test_leistung_englisch_markiert_deutschen_text(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/en/leistungen/personalausweis-beantragen/"))
    assert "<h1" in html and "Apply for an identity card</h1>" in html
    assert "Apply for an identity card in person" in html
    assert '<div lang="de"><p class="kern-body">Alle Deutschen ab 16 Jahren' in html
    assert "€37.00" in html
    assert "Apply online" not in html and "Sample content" in html


def test_leistung_ohne_beschreibung(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/"))
    assert "Noch keine Beschreibung" in html
    assert "99015005000000" in html
    assert "Zivilprozessordnung" in html
    assert "Online beantragen" not in html
    assert "Beispielinhalt" not in html


def test_leistung_abfragen_begrenzt(
    client: Client, daten: PortalDaten, django_assert_max_num_queries: Any
) -> None:
    client.get("/suche/", {"q": "warm"})  # session, vocabulary
    # 6 + the form the maturity (berichte.leistung_reifegrad) reads + whether an office
    # gives appointments for it (termine)
    with django_assert_max_num_queries(8):
        assert client.get("/leistungen/personalausweis-beantragen/").status_code == 200


def test_leistung_aus_dem_cache_ohne_abfragen_mit_eigenem_token(
    daten: PortalDaten, django_assert_num_queries: Any
) -> None:
    pfad = "/leistungen/personalausweis-beantragen/"
    erster = Client(enforce_csrf_checks=True)
    erster.get(pfad)
    zweiter = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        antwort = zweiter.get(pfad)
    html = _html(antwort)
    assert "Personalausweis beantragen</h1>" in html
    assert "platzhalter" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    # The token of the cached page is this visitor's own: the language switch works.
    umschalten = zweiter.post(
        "/i18n/setlang/",
        {"language": "en", "next": pfad, "csrfmiddlewaretoken": token.group(1)},
    )
    assert umschalten.status_code == 302
    assert umschalten["Location"] == "/en" + pfad


def test_seitencache_trennt_sprachen(client: Client, daten: PortalDaten) -> None:
    assert "Erforderliche Unterlagen" in _html(
        client.get("/leistungen/personalausweis-beantragen/")
    )
    englisch = _html(client.get("/en/leistungen/personalausweis-beantragen/"))
    assert "Documents required" in englisch and "Erforderliche Unterlagen" not in englisch


@pytest.mark.parametrize(
    "pfad",
    [
        "/leistungen/gibt-es-nicht/",
        "/organisation/gibt-es-nicht/",
        "/themen/gibt-es-nicht/",
        "/lebenslagen/gibt-es-nicht/",
        "/a-z/%C3%84/",
        "/a-z/?seite=99",
        "/a-z/?seite=abc",
        "/lebenslagen/ausweise-dokumente/?seite=0",
        "/en/leistungen/gibt-es-nicht/",
        "/irgendwas/",
    ],
)
def test_unbekannt_404(client: Client, daten: PortalDaten, pfad: str) -> None:
    response = client.get(pfad)
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in _html(response) or "This page does not exist" in _html(
        response
    )
    assert "– Hansestadt Stralsund</title>" in _html(response)


# --- search -------------------------------------------------------------------------------


def test_suche_zeigt_anzahl_und_treffer(client: Client, daten: PortalDaten) -> None:
    response = client.get("/suche/", {"q": "Personalausweis"})
    assert response.status_code == 200
    html = _html(response)
    assert re.search(r"\d+ Leistung(en)? gefunden", html)
    assert 'href="/leistungen/personalausweis-beantragen/"' in html


def test_suche_meinten_sie(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/suche/", {"q": "Personalausweiss"}))
    assert "Meinten Sie" in html
    assert "personalausweis" in html.lower()


def test_suche_teiltreffer(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/suche/", {"q": "Reisepass Quokkazucht"}))
    assert "Keine Leistung enthält alle Suchwörter" in html


def test_suche_blaettern(client: Client, daten: PortalDaten) -> None:
    erste = _html(client.get("/suche/", {"q": "Ausweisdokument"}))
    assert "24 Leistungen gefunden" in erste
    assert 'aria-label="Seiten"' in erste
    assert 'rel="next"' in erste and "seite=2" in erste
    zweite = client.get("/suche/", {"q": "Ausweisdokument", "seite": "2"})
    assert zweite.status_code == 200
    assert "Treffer 21 bis 24" in _html(zweite)
    assert client.get("/suche/", {"q": "Ausweisdokument", "seite": "9"}).status_code == 404


def test_suche_nach_themenfeld(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/suche/", {"q": "Fundsache", "themenfeld": "ein-auswandern"}))
    assert "Zu Ihrer Suche haben wir keine Leistung gefunden" in html
    assert '<option value="ein-auswandern" selected>' in html
    alle = _html(client.get("/suche/", {"q": "Fundsache", "themenfeld": ""}))
    assert "Fundsache abgeben" in alle


def test_suche_leer_zeigt_hinweis(client: Client, daten: PortalDaten) -> None:
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/suche/", params)
        assert response.status_code == 200
        assert "Geben Sie einen Suchbegriff ein" in _html(response)
        assert 'name="q"' in _html(response)


@pytest.mark.parametrize(
    ("anfrage", "status"),
    [
        ("x" * 2000, 400),
        ("Pass\x00wort", 400),
        ('"Personalausweis', 200),
        ("'\"", 200),
        ("*", 200),
        ("Ausweis*", 200),
        ("NEAR(", 200),
        ("NEAR(Ausweis Pass, 2)", 200),
        ("'; DROP TABLE katalog_leistung; --", 200),
        ("Ausweis OR 1=1", 200),
        ("{name}: Ausweis", 200),
        ("^Ausweis AND NOT -", 200),
        ("%_\\", 200),
        ("", 200),
        ("  ", 200),
    ],
)
def test_suche_feindliche_eingaben(
    client: Client, daten: PortalDaten, anfrage: str, status: int
) -> None:
    response = client.get("/suche/", {"q": anfrage})
    assert response.status_code == status
    html = _html(response)
    assert 'name="q"' in html
    if status == 400:
        assert "Ihre Suchanfrage konnte nicht verarbeitet werden" in html
        assert "– Hansestadt Stralsund</title>" in html


def test_suche_ungueltiges_themenfeld_400(client: Client, daten: PortalDaten) -> None:
    response = client.get("/suche/", {"q": "Ausweis", "themenfeld": "<script>"})
    assert response.status_code == 400
    assert "<script>" not in _html(response)


def test_suche_400_englisch(client: Client, daten: PortalDaten) -> None:
    response = client.get("/en/suche/", {"q": "x" * 2000})
    assert response.status_code == 400
    assert "Your search could not be processed" in _html(response)


# --- office pages -------------------------------------------------------------------------


def test_organisation_zeigt_zeiten_ausnahmen_leistungen_untereinheiten(
    client: Client, daten: PortalDaten
) -> None:
    html = _html(client.get("/organisation/buergerbuero/"))
    assert "Öffnungszeiten der nächsten sieben Tage" in html
    assert "Betriebsausflug" in html
    assert "Stufenloser Zugang" in html and "Aufzug vorhanden" in html
    assert "Personalausweis beantragen" in html and "Reisepass beantragen" in html
    assert "Beispielinhalt" in html
    amt = _html(client.get("/organisation/ordnungsamt/"))
    assert "Besuch nur mit Termin" in amt
    assert 'href="/organisation/fundbuero/"' in amt


def test_organisationsliste(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/organisation/"))
    assert 'href="/organisation/buergerbuero/"' in html
    assert 'href="/organisation/ordnungsamt/"' in html
    assert 'href="/organisation/fundbuero/"' in html


def test_lebenslage_eigene_leistungen_zuerst_und_blaettern(
    client: Client, daten: PortalDaten
) -> None:
    html = _html(client.get("/lebenslagen/ausweise-dokumente/"))
    assert "26 Leistungen gehören zu dieser Lebenslage" in html
    assert html.index("Personalausweis beantragen") < html.index("Ausweisdokument Sonderfall")
    assert "Angebot der Hansestadt" in html
    zweite = client.get("/lebenslagen/ausweise-dokumente/", {"seite": "2"})
    assert zweite.status_code == 200
    assert "Seite 2" in _titel(zweite)


def test_az_buchstaben(client: Client, daten: PortalDaten) -> None:
    html = _html(client.get("/a-z/"))
    assert 'href="/a-z/P/"' in html
    assert "keine Leistung" in html  # letters without services are not links
    seite = _html(client.get("/a-z/R/"))
    assert "Reisepass beantragen" in seite and "Personalausweis beantragen" not in seite
    assert client.get("/a-z/r/").status_code == 200


# --- opening status texts -----------------------------------------------------------------


def _status_um(oe: Any, *teile: int) -> str:
    now = datetime(*teile, tzinfo=LOCAL_TZ)  # type: ignore[misc]
    status = selectors.organisation.oeffnungsstatus(oe=oe, now=now)
    with translation.override("de"):
        return oeffnungsstatus_text(status, oe.nur_mit_termin)


def test_oeffnungsstatus_texte(daten: PortalDaten) -> None:
    oe = selectors.organisation.organisationseinheit_detail(slug="buergerbuero")
    # 2026-06-29 is a Monday.
    assert _status_um(oe, 2026, 6, 29, 14, 0) == "Heute geöffnet bis 18:00 Uhr"
    assert _status_um(oe, 2026, 6, 29, 12, 30) == "Jetzt geschlossen – öffnet heute um 13:00 Uhr"
    assert (
        _status_um(oe, 2026, 7, 4, 10, 0) == "Heute geschlossen – nächste Öffnung Montag 8:00 Uhr"
    )
    assert (
        _status_um(oe, 2026, 7, 3, 19, 0) == "Jetzt geschlossen – nächste Öffnung Montag 8:00 Uhr"
    )
    amt = selectors.organisation.organisationseinheit_detail(slug="ordnungsamt")
    assert _status_um(amt, 2026, 6, 29, 10, 0) == "Besuch nur mit Termin"


def test_eur_und_textbausteine() -> None:
    with translation.override("de"):
        assert eur(Decimal("37")) == "37,00\u00a0€"
        assert eur(Decimal("1250.5")) == "1.250,50\u00a0€"
    with translation.override("en"):
        assert eur(Decimal("1250.5")) == "€1,250.50"
    html = textbausteine("Erst <b>fett</b>\n- eins\n- zwei\n\nDanach")
    assert "&lt;b&gt;" in html
    assert '<ul class="kern-list kern-list--bullet"><li>eins</li><li>zwei</li></ul>' in html
    assert html.endswith('<p class="kern-body">Danach</p>')


# --- accessibility feedback ---------------------------------------------------------------

GUELTIG = {
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "seite": "/suche/",
    "nachricht": "Der Kontrast der Fußzeile ist zu gering.",
}


def test_rueckmeldung_gueltig(client: Client) -> None:
    response = client.post("/barrierefreiheit/", GUELTIG)
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/danke/"
    meldung = Barrierefreiheitsmeldung.objects.get()
    assert re.fullmatch(r"BF-\d{4}-\d{6}", meldung.eingangsnummer)
    assert meldung.eingangsnummer.endswith(f"{meldung.pk:06d}")
    assert meldung.nachricht == GUELTIG["nachricht"]
    eintrag = Protokoll.objects.get(aktion="barrierefreiheitsmeldung.create")
    assert eintrag.objekt_id == str(meldung.pk)
    assert eintrag.akteur_name == "anonym"
    danke = client.get(response["Location"])
    assert danke.status_code == 200
    assert meldung.eingangsnummer in _html(danke)


def test_rueckmeldung_nur_nachricht_reicht(client: Client) -> None:
    response = client.post("/en/barrierefreiheit/", {"nachricht": "Too small."})
    assert response.status_code == 302
    assert response["Location"] == "/en/barrierefreiheit/danke/"
    assert Barrierefreiheitsmeldung.objects.count() == 1


def test_danke_ohne_meldung_leitet_um(client: Client) -> None:
    response = client.get("/barrierefreiheit/danke/")
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/"


@pytest.mark.parametrize(
    ("daten_post", "feld", "text"),
    [
        ({**GUELTIG, "nachricht": ""}, "nachricht", "„Ihre Nachricht“ ist eine Pflichtangabe."),
        ({**GUELTIG, "email": "kein-at"}, "email", "gültige E-Mail-Adresse"),
        ({**GUELTIG, "nachricht": "x" * 6000}, "nachricht", "höchstens 5000 Zeichen"),
    ],
)
def test_rueckmeldung_ungueltig(
    client: Client, daten_post: dict[str, str], feld: str, text: str
) -> None:
    response = client.post("/barrierefreiheit/", daten_post)
    assert response.status_code == 200
    html = _html(response)
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert f'href="#id_{feld}"' in html  # the error summary links to the field
    assert text in html
    assert 'aria-invalid="true"' in html
    assert f'id="id_{feld}-fehler1"' in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Fehler:" in html
    assert Barrierefreiheitsmeldung.objects.count() == 0
    assert not Protokoll.objects.filter(aktion="barrierefreiheitsmeldung.create").exists()


def test_rueckmeldung_csrf_erzwungen() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/barrierefreiheit/", GUELTIG)
    assert response.status_code == 403
    assert Barrierefreiheitsmeldung.objects.count() == 0
    # With the token from the form it works.
    form = client.get("/barrierefreiheit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _html(form))
    assert token
    ok = client.post("/barrierefreiheit/", {**GUELTIG, "csrfmiddlewaretoken": token.group(1)})
    assert ok.status_code == 302


def test_rueckmeldung_ratenbegrenzung(client: Client) -> None:
    for _ in range(5):
        assert client.post("/barrierefreiheit/", GUELTIG).status_code == 302
    gesperrt = client.post("/barrierefreiheit/", GUELTIG)
    assert gesperrt.status_code == 429
    assert "Zu viele Rückmeldungen" in _html(gesperrt)
    assert gesperrt["Retry-After"] == "3600"
    assert Barrierefreiheitsmeldung.objects.count() == 5
    # Another address is not affected.
    anderer = client.post("/barrierefreiheit/", GUELTIG, REMOTE_ADDR="192.0.2.7")
    assert anderer.status_code == 302


def test_rueckmeldung_hinter_dem_proxy(settings: Any) -> None:
    """Behind nginx each visitor has its own budget, and a forged header buys none."""
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    for n in range(6):
        besucher = Client(HTTP_X_FORWARDED_FOR=f"{n}.6.6.6, 203.0.113.5")
        erwartet = 302 if n < 5 else 429
        assert besucher.post("/barrierefreiheit/", GUELTIG).status_code == erwartet
    anderer = Client(HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert anderer.post("/barrierefreiheit/", GUELTIG).status_code == 302


def test_ungueltige_versuche_zaehlen_nicht(client: Client) -> None:
    for _ in range(6):
        client.post("/barrierefreiheit/", {"nachricht": ""})
    assert client.post("/barrierefreiheit/", GUELTIG).status_code == 302


# --- security headers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "pfad", ["/", "/leistungen/personalausweis-beantragen/", "/barrierefreiheit/"]
)
def test_csp_ohne_unsafe_inline(client: Client, daten: PortalDaten, pfad: str) -> None:
    response = client.get(pfad)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = _html(response)
    assert " style=" not in html
    assert "<script" not in html


def test_sprachwahl_ohne_javascript(client: Client, daten: PortalDaten) -> None:
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/leistungen/personalausweis-beantragen/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/leistungen/personalausweis-beantragen/"
    # The English page offers the German address as `next` (Django cannot translate /en/…).
    html = _html(client.get("/en/suche/?q=Ausweis"))
    assert '<input type="hidden" name="next" value="/suche/?q=Ausweis">' in html
    zurueck = client.post("/i18n/setlang/", {"language": "de", "next": "/suche/?q=Ausweis"})
    assert zurueck["Location"] == "/suche/?q=Ausweis"


@pytest.mark.django_db
def test_online_beantragen_leads_to_the_fim_form_when_one_exists(client, tmp_path):
    from rathaus.formulare.services import formular_import
    from rathaus.formulare.tests.daten import schema_xml

    leistung = Leistung.objects.create(
        quelle="t:form", name="Testleistung", slug="testleistung", leika_schluessel="99000000000042"
    )
    datei = tmp_path / "schema.xdf.xml"
    datei.write_bytes(schema_xml())
    ergebnis = formular_import(
        dateien=[datei], actor="test", leistung_schluessel=leistung.leika_schluessel
    )
    formular = ergebnis[0].formular
    html = client.get("/leistungen/testleistung/").content.decode()
    assert f'href="/antrag/{formular.pk}/"' in html
