"""Mein Konto shows the citizen's Anträge as the antraege app renders them
(konten.meine_antraege); without that app the section stays empty."""

from __future__ import annotations

import pytest
from django.test import Client

from rathaus.konten.meine_antraege import liste_setzen
from rathaus.konten.niveau import Vertrauensniveau

from .factories import buerger_anlegen, einloggen

pytestmark = pytest.mark.django_db


def _konto() -> str:
    client = Client()
    einloggen(client, buerger_anlegen("Anke", "Brandt"), Vertrauensniveau.SUBSTANTIELL)
    return client.get("/konto/").content.decode()


def test_das_konto_zeigt_die_antraege_wie_die_antraege_app_sie_zeigt() -> None:
    seite = _konto()
    assert 'id="antraege-titel"' in seite
    assert "Noch keine Anträge." in seite


def test_ohne_antraege_app_bleibt_der_abschnitt_leer() -> None:
    alt = liste_setzen(lambda buerger, niveau: "")
    try:
        seite = _konto()
    finally:
        liste_setzen(alt)
    assert 'id="antraege-titel"' in seite
    assert "Noch keine Anträge." not in seite
