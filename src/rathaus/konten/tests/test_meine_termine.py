"""Mein Konto lists the citizen's appointments (termine), and only theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from rathaus.konten.tests.factories import buerger_anlegen, einloggen
from rathaus.termine import selectors, services
from rathaus.termine.tests.helfer import welt

pytestmark = pytest.mark.django_db


def _buchen(w, beginn, *, buerger_id, email):
    buchung, _t = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 2},
        beginn=beginn,
        name="Anna",
        email=email,
        actor="test",
        buerger_id=buerger_id,
    )
    return buchung


def test_konto_shows_own_appointments_only(client):
    w = welt()
    anna = buerger_anlegen()
    einloggen(client, anna)
    leer = client.get(reverse("konten:konto")).content.decode()
    assert "Meine Termine" in leer and "Sie haben keine Termine." in leer
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 2})
    tag = selectors.freie_tage(wunsch=wunsch)[0]
    slots = selectors.freie_slots(wunsch=wunsch, datum=tag)
    eigen = _buchen(w, slots[0].beginn, buerger_id=anna.pk, email="anna@example.org")
    fremd = _buchen(w, slots[1].beginn, buerger_id=None, email="bert@example.org")
    html = client.get(reverse("konten:konto")).content.decode()
    assert eigen.nummer in html and fremd.nummer not in html
    assert "Personalausweis beantragen (2 Personen)" in html
    assert timezone.localtime(eigen.beginn).strftime("%H:%M") in html
    assert f'href="{reverse("termine:start")}"' in html
