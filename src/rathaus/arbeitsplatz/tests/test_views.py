"""Pages of the workspace render for staff, in German and in English."""

from __future__ import annotations

import pytest
from django.test import Client

from rathaus.akten.models import Version

from .conftest import Welt, angemeldet

pytestmark = pytest.mark.django_db


def test_seiten_fuer_mitarbeiter(welt: Welt) -> None:
    client = angemeldet(welt.sb)
    version = Version.objects.get(dokument=welt.dokument)
    seiten = [
        "/arbeitsplatz/",
        "/arbeitsplatz/aktenplan/",
        f"/arbeitsplatz/aktenplan/{welt.akte.aktenplaneinheit_id}/",
        f"/arbeitsplatz/akten/{welt.akte.pk}/",
        f"/arbeitsplatz/dokumente/{welt.dokument.pk}/",
        "/arbeitsplatz/posteingang/",
        "/arbeitsplatz/suche/?q=Waldemar",
    ]
    for seite in seiten:
        response = client.get(seite)
        assert response.status_code == 200, seite
        text = response.content.decode()
        assert 'id="inhalt"' in text and "Zum Inhalt springen" in text
        assert " style=" not in text and "<script" not in text
    akte = client.get(f"/arbeitsplatz/akten/{welt.akte.pk}/").content.decode()
    assert welt.akte.aktenzeichen in akte and "Hundesteuerbescheid" in akte
    assert (
        f"/arbeitsplatz/versionen/{version.pk}/herunterladen/"
        in client.get(f"/arbeitsplatz/dokumente/{welt.dokument.pk}/").content.decode()
    )
    kopf = client.get("/arbeitsplatz/").content.decode()
    assert "Ordnungsamt" in kopf and "Sb" in kopf


def test_englisch(welt: Welt) -> None:
    assert "Staff login" in Client().get("/en/arbeitsplatz/anmelden/").content.decode()
    client = angemeldet(welt.sb)
    text = client.get("/en/arbeitsplatz/aktenplan/").content.decode()
    assert "File plan" in text and "1 file" in text


def test_aktenplan_zaehlt_nur_sichtbare_akten(welt: Welt) -> None:
    from rathaus.akten.tests import factories as af

    af.akte(welt.andere_oe, betreff="Fremde Akte")
    eigene = angemeldet(welt.sb).get("/arbeitsplatz/aktenplan/").content.decode()
    assert "1 Akte" in eigene
    fremde = angemeldet(welt.sb_andere).get("/arbeitsplatz/aktenplan/").content.decode()
    assert "1 Akte" in fremde and "Hundesteuer Musterfrau" not in fremde


def test_suche_blaettert(welt: Welt) -> None:
    from rathaus.akten.tests import factories as af

    for i in range(25):
        af.dokument(welt.vorgang, text=f"Hundesteuer Nummer {i}", betreff=f"Bescheid {i}")
    client = angemeldet(welt.sb)
    erste = client.get("/arbeitsplatz/suche/", {"q": "Hundesteuer"}).content.decode()
    assert "Seite 1 von 2" in erste and "seite=2" in erste
    zweite = client.get("/arbeitsplatz/suche/", {"q": "Hundesteuer", "seite": 2}).content.decode()
    assert "Seite 2 von 2" in zweite and zweite.count('class="treffer__eintrag"') == 6
