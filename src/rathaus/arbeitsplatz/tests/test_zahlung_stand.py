"""Staff see the payment state of an Antrag's fee on the Verfahren page (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from rathaus.organisation.models import Rolle
from rathaus.verfahren.tests import factories as vf
from rathaus.zahlungen.models import Gebuehrenregel
from rathaus.zahlungen.services import zahlung_create

from .conftest import angemeldet, mitarbeiter


@pytest.fixture
def verfahren(db: Any) -> Any:
    oe = vf.organisationseinheit("Bürgerbüro")
    leistung = vf.leistung("Bescheinigung")
    return vf.verfahren(oe, leistung)


def _seite(verfahren: Any) -> str:
    sb = mitarbeiter("sbzahlung", verfahren.organisationseinheit, rolle=Rolle.SACHBEARBEITUNG)
    antwort = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[verfahren.pk]))
    assert antwort.status_code == 200
    return antwort.content.decode()


def test_the_verfahren_page_shows_the_payment_state(verfahren: Any) -> None:
    Gebuehrenregel.objects.create(
        leistung=verfahren.leistung,
        bezeichnung="Bescheinigung",
        betrag_cent=1500,
        rechtsgrundlage="Tarifstelle 1.1",
    )
    zahlung = zahlung_create(
        leistung=verfahren.leistung,
        subjekt=f"antrag:{verfahren.antrag_id}",
        antworten={},
        actor="test",
    )
    assert zahlung is not None
    html = _seite(verfahren)
    assert 'id="zahlung-stand-antrag-status">offen<' in html
    assert zahlung.kassenzeichen in html and "15,00 €" in html


def test_without_a_payment_the_page_has_no_payment_section(verfahren: Any) -> None:
    html = _seite(verfahren)
    assert 'id="zahlung-stand-antrag"' not in html and 'id="zahlung-stand-verfahren"' not in html


def test_the_fee_of_the_bescheid_is_shown_beside(verfahren: Any) -> None:
    Gebuehrenregel.objects.create(
        leistung=verfahren.leistung,
        bezeichnung="Erlaubnis",
        faelligkeit="bescheid",
        betrag_cent=4000,
        rechtsgrundlage="Tarifstelle 2",
    )
    zahlung = zahlung_create(
        leistung=verfahren.leistung,
        subjekt=f"verfahren:{verfahren.pk}",
        antworten={},
        actor="test",
        faelligkeit="bescheid",
    )
    assert zahlung is not None
    html = _seite(verfahren)
    assert 'id="zahlung-stand-verfahren-status">offen<' in html and "Gebühr des Bescheids" in html
    assert 'id="zahlung-stand-antrag"' not in html
