"""A service page claims only what the system offers (issue 9, "Truthful pages").

The pages are parsed (lxml) and read the way a citizen reads them: the buttons of "Auf
einen Blick", the maturity text, the name in title, heading, breadcrumb and result lists,
and what an undescribed catalogue entry says about itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.core.cache import cache
from django.test import Client

from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml
from rathaus.katalog.models import Leistung, Zustaendigkeit
from rathaus.katalog.search import suchindex_update
from rathaus.katalog.search.vocabulary import reset as vocabulary_reset
from rathaus.organisation.models import Organisationseinheit

from .daten import PortalDaten, daten_anlegen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frischer_cache() -> None:
    cache.clear()
    vocabulary_reset()


@pytest.fixture
def daten() -> PortalDaten:
    return daten_anlegen()


def _seite(client: Client, pfad: str) -> Any:
    response = client.get(pfad)
    assert response.status_code == 200, pfad
    return lxml.html.fromstring(response.content.decode())


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _blick(seite: Any) -> Any:
    (aside,) = seite.xpath('//aside[@aria-labelledby="auf-einen-blick"]')
    return aside


def _knoepfe(seite: Any) -> dict[str, str]:
    """Button links in "Auf einen Blick": label → address."""
    return {
        _text(a): a.get("href") for a in _blick(seite).xpath('.//a[contains(@class, "kern-btn")]')
    }


def _reifegrad(seite: Any) -> str:
    (box,) = _blick(seite).xpath('.//div[@class="reifegrad"]')
    return _text(box)


def _hinweisbox(seite: Any) -> Any:
    boxen = seite.xpath('//div[contains(@class, "kern-alert")][.//h2[.="Noch keine Beschreibung"]]')
    return boxen[0] if boxen else None


def _brotkrume(seite: Any) -> list[str]:
    return [_text(li) for li in seite.xpath('//nav[@class="brotkrumen"]//li')]


# --- the online offer -------------------------------------------------------------------


def test_termin_link_is_an_appointment_not_an_online_application(
    client: Client, daten: PortalDaten
) -> None:
    seite = _seite(client, "/leistungen/personalausweis-beantragen/")
    assert _knoepfe(seite) == {
        "Termin vereinbaren": "https://www.stralsund.de/termin/personalausweis"
    }
    reifegrad = _reifegrad(seite)
    assert "1 – Information online" in reifegrad
    assert "Einen Online-Antrag bietet die Hansestadt Stralsund für diese Leistung nicht an" in (
        reifegrad
    )
    # The old text told everyone they could apply by post; the Personalausweis cannot.
    assert "per Post" not in reifegrad
    assert "Online beantragen" not in _text(seite)


def test_service_with_an_online_form_offers_it_and_says_where_the_bescheid_goes(
    client: Client, daten: PortalDaten
) -> None:
    seite = _seite(client, "/leistungen/schaustellungserlaubnis-verlaengern/")
    assert _knoepfe(seite) == {"Online beantragen": f"/antrag/{daten.formular.pk}/"}
    reifegrad = _reifegrad(seite)
    assert "3 – Antrag und Nachweise online" in reifegrad
    assert "Mit Ihrem Nutzerkonto erhalten Sie den Bescheid in Ihr Postfach" in reifegrad
    assert "ohne Nutzerkonto per Post" in reifegrad  # the form needs no login
    assert "üblichen Weg" not in _text(seite)
    assert len(seite.xpath('//ol[@class="reifegrad__stufen"]/li[@class="an"]')) == 4


def test_form_that_needs_a_login_sends_the_bescheid_to_the_postfach_only(
    client: Client, daten: PortalDaten, tmp_path: Path
) -> None:
    leistung = Leistung.objects.create(
        quelle="t:hoch", name="Waffenbesitzkarte Ausstellung", slug="waffenbesitzkarte",
        leika_schluessel="99000000000077", kurztext="Für Sportschützen.",
    )  # fmt: skip
    datei = tmp_path / "hoch.xdf.xml"
    datei.write_bytes(schema_xml(sid="S99000000077"))
    formular_import(
        dateien=[datei],
        actor="test",
        leistung_schluessel=leistung.leika_schluessel,
        vertrauensniveau="substantiell",
    )
    reifegrad = _reifegrad(_seite(client, "/leistungen/waffenbesitzkarte/"))
    assert "Dafür melden Sie sich mit Ihrem Nutzerkonto an" in reifegrad
    assert "in Ihr Postfach" in reifegrad and "per Post" not in reifegrad


def test_online_badge_in_results_only_where_a_form_exists(
    client: Client, daten: PortalDaten
) -> None:
    for pfad in ("/suche/?q=verlaengern", "/a-z/S/", "/organisation/gewerbeamt/"):
        seite = _seite(client, pfad)
        treffer = {
            _text(li.xpath('.//h3[@class="treffer__titel"]')[0]): _text(li)
            for li in seite.xpath('//li[@class="treffer__eintrag"]')
        }
        assert "Online-Antrag möglich" in treffer["Schaustellungserlaubnis verlängern"], pfad
    for pfad in ("/suche/?q=Personalausweis", "/a-z/P/", "/lebenslagen/ausweise-dokumente/"):
        seite = _seite(client, pfad)
        assert "Personalausweis beantragen" in _text(seite), pfad
        assert "Online-Antrag möglich" not in _text(seite), pfad


# --- names -------------------------------------------------------------------------------


def test_citizen_name_in_title_heading_and_breadcrumb_leika_name_beside_it(
    client: Client, daten: PortalDaten
) -> None:
    seite = _seite(client, "/leistungen/personalausweis-beantragen/")
    assert seite.findtext(".//title") == "Personalausweis beantragen – Hansestadt Stralsund"
    assert [_text(h) for h in seite.xpath("//h1")] == ["Personalausweis beantragen"]
    assert _brotkrume(seite)[-1] == "Personalausweis beantragen"
    (katalogname,) = seite.xpath('//p[contains(@class, "leistung__katalogname")]')
    assert _text(katalogname) == "Bezeichnung im Leistungskatalog: Personalausweis Ausstellung"


def test_without_a_citizen_name_the_leika_name_shows_once(
    client: Client, daten: PortalDaten
) -> None:
    seite = _seite(client, "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/")
    assert [_text(h) for h in seite.xpath("//h1")] == ["Abdrucke aus dem Schuldnerverzeichnis"]
    assert not seite.xpath('//p[contains(@class, "leistung__katalogname")]')


def test_az_index_files_a_service_under_its_citizen_name(
    client: Client, daten: PortalDaten
) -> None:
    assert "Schaustellungserlaubnis verlängern" in _text(_seite(client, "/a-z/S/"))
    # Not under E, where its catalogue name ("Erlaubnis zur …") would file it.
    assert "Schaustellung" not in _text(_seite(client, "/a-z/E/"))


def test_english_title_of_an_untranslated_service_has_no_markup(
    client: Client, daten: PortalDaten
) -> None:
    html = client.get("/en/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/").content.decode()
    titel = html[html.index("<title>") : html.index("</title>")]
    assert "<span" not in titel and "Abdrucke aus dem Schuldnerverzeichnis" in titel
    seite = lxml.html.fromstring(html)
    (h1,) = seite.xpath("//h1")
    assert h1.xpath("./span/@lang") == ["de"]


def test_hostile_citizen_name_is_text_everywhere(client: Client, daten: PortalDaten) -> None:
    boese = '<script>alert("x")</script> & Co'
    Leistung.objects.filter(pk=daten.personalausweis.pk).update(name_buerger=boese)
    suchindex_update(leistung_ids=[daten.personalausweis.pk])
    html = client.get("/leistungen/personalausweis-beantragen/").content.decode()
    assert "<script>alert" not in html
    seite = lxml.html.fromstring(html)
    assert seite.findtext(".//title") == f"{boese} – Hansestadt Stralsund"
    assert _text(seite.xpath("//h1")[0]) == " ".join(boese.split())
    assert _brotkrume(seite)[-1] == " ".join(boese.split())
    assert "<script>alert" not in client.get("/a-z/").content.decode()


# --- undescribed catalogue entries -------------------------------------------------------


def test_undescribed_service_says_what_is_known_and_where_to_ask(
    client: Client, daten: PortalDaten
) -> None:
    seite = _seite(client, "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/")
    box = _hinweisbox(seite)
    assert box is not None
    text = _text(box)
    assert "Sie gehört zur OZG-Leistung 10352 „Schuldnerverzeichnis“" in text
    assert "Verwaltungsebene laut LeiKa – Regelung: Bund, Ausführung: Land oder Kommune." in text
    assert "Die Rechtsgrundlagen stehen unten." in text
    assert "Eine zuständige Stelle der Hansestadt Stralsund ist für diese Leistung nicht" in text
    # Where to ask: the unit marked as first point of contact, with its real contact data.
    assert box.xpath('.//a[@href="/organisation/buergerbuero/"]/text()') == ["Bürgerbüro"]
    assert box.xpath('.//a[@href="tel:+493831253780"]')
    assert box.xpath('.//a[@href="mailto:buergerbuero@stralsund.de"]')
    assert _knoepfe(seite) == {}
    assert "0 – nicht online" in _reifegrad(seite)
    assert "Zuständige Stelle" not in _text(_blick(seite))


def test_federal_service_is_not_claimed_for_the_city(client: Client, daten: PortalDaten) -> None:
    Leistung.objects.create(
        quelle="t:bund", name="Ausbildungsförderung Bewilligung", slug="bafoeg", typisierung="1"
    )
    text = _text(_hinweisbox(_seite(client, "/leistungen/bafoeg/")))
    assert "Regelung: Bund, Ausführung: Bund" in text
    assert "Ausgeführt wird sie nicht von den Kommunen" in text


def test_unknown_typisierung_is_not_guessed(client: Client, daten: PortalDaten) -> None:
    Leistung.objects.create(quelle="t:6", name="Nutzerkonto", slug="nutzerkonto", typisierung="6")
    seite = _seite(client, "/leistungen/nutzerkonto/")
    assert "Verwaltungsebene" not in _text(seite)


def test_without_a_first_point_of_contact_no_office_is_named(
    client: Client, daten: PortalDaten
) -> None:
    Organisationseinheit.objects.update(erste_anlaufstelle=False)
    box = _hinweisbox(_seite(client, "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/"))
    assert "Bürgerbüro" not in _text(box)
    assert not box.xpath(".//a[starts-with(@href, '/organisation/')]")


def test_undescribed_service_with_a_responsible_office_points_to_it(
    client: Client, daten: PortalDaten
) -> None:
    Zustaendigkeit.objects.create(leistung=daten.ohne_text, organisationseinheit=daten.ordnungsamt)
    seite = _seite(client, "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/")
    text = _text(_hinweisbox(seite))
    assert "Fragen beantwortet die zuständige Stelle" in text
    assert "Bürgerbüro" not in text
    assert "Ordnungsamt" in _text(_blick(seite))


def test_service_page_queries_stay_bounded(
    client: Client, daten: PortalDaten, django_assert_max_num_queries: Any
) -> None:
    client.get("/suche/", {"q": "warm"})  # session, vocabulary
    for pfad in (
        "/leistungen/schaustellungserlaubnis-verlaengern/",
        "/leistungen/abdrucke-aus-dem-schuldnerverzeichnis/",
    ):
        # 7 + the form the maturity (berichte.leistung_reifegrad) reads
        with django_assert_max_num_queries(8):
            assert client.get(pfad).status_code == 200
