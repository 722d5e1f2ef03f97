"""Pages with personal data are never stored: the staff workspace, the online forms, the
Anträge and Mein Konto answer `Cache-Control: private, no-store` (core.privat in the root
URLconf); public pages stay cacheable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rathaus.arbeitsplatz.tests.conftest import angemeldet, mitarbeiter
from rathaus.formulare.models import Formular
from rathaus.formulare.selectors import entwurf_link_token
from rathaus.formulare.services import formular_import
from rathaus.formulare.tests.daten import schema_xml
from rathaus.formulare.tests.test_views import GUELTIG_1, entwurf_of
from rathaus.konten.tests.factories import buerger_anlegen, einloggen
from rathaus.organisation.models import Organisationseinheit

pytestmark = pytest.mark.django_db


def privat(antwort) -> bool:
    teile = {t.strip() for t in antwort.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= teile


@pytest.fixture
def formular(tmp_path: Path) -> Formular:
    datei = tmp_path / "test.xdf.xml"
    datei.write_bytes(schema_xml())
    return formular_import(dateien=[datei], actor="test")[0].formular


def test_the_staff_workspace_is_never_stored() -> None:
    amt = Organisationseinheit.objects.create(name="Ordnungsamt", slug="ordnungsamt", art="amt")
    client = angemeldet(mitarbeiter("sb", amt))
    for name in ("start", "aufgaben", "posteingang", "aktenplan", "suche"):
        antwort = client.get(reverse(f"arbeitsplatz:{name}"))
        assert antwort.status_code == 200, name
        assert privat(antwort), (name, antwort.get("Cache-Control"))
    # the login page too (it may show the user name), and a refused request
    assert privat(Client().get(reverse("arbeitsplatz:anmelden")))
    assert privat(Client().get(reverse("arbeitsplatz:aufgaben")))


def test_the_online_form_is_never_stored(formular: Formular) -> None:
    client = Client()
    schritt = reverse("formulare:schritt", args=[formular.pk, 1])
    assert privat(client.get(schritt))
    antwort = client.post(schritt, {**GUELTIG_1, "_aktion": "weiter"})
    assert antwort.status_code == 302 and privat(antwort)
    for ziel in (
        reverse("formulare:schritt", args=[formular.pk, 2]),
        reverse("formulare:pruefen", args=[formular.pk]),
        reverse("formulare:speichern", args=[formular.pk]),
        "/en" + reverse("formulare:schritt", args=[formular.pk, 1]),
    ):
        with translation.override(None):  # the English page leaves no language behind
            antwort = client.get(ziel)
        assert antwort.status_code == 200, ziel
        assert "Musterfrau" in antwort.content.decode() or ziel.endswith("/speichern/")
        assert privat(antwort), (ziel, antwort.get("Cache-Control"))
    entwurf = entwurf_of(client)
    assert entwurf is not None
    link = reverse("formulare:fortsetzen", args=[entwurf_link_token(entwurf=entwurf)])
    assert privat(Client().get(link))


def test_mein_konto_stays_private_and_public_pages_stay_cacheable() -> None:
    client = Client()
    einloggen(client, buerger_anlegen())
    for ziel in ("konten:konto", "konten:postfach"):
        antwort = client.get(reverse(ziel))
        assert antwort.status_code == 200 and privat(antwort)
    oeffentlich = Client().get(reverse("portal:home"))
    assert oeffentlich.status_code == 200
    assert "no-store" not in oeffentlich.get("Cache-Control", "")
