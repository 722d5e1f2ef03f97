"""A draft that became an Antrag is not offered again when its citizen starts the form in
a new session (the offer itself: formulare.wiederaufnahme)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rathaus.antraege.models import Antrag
from rathaus.konten.tests.factories import einloggen

from . import helfer
from .web import absenden, client_mit


def _neue_sitzung(buerger) -> Client:
    client = Client()
    einloggen(client, buerger)
    return client


def test_a_submitted_draft_is_neither_offered_nor_bindable(welt):
    b = helfer.buerger()
    entwurf = helfer.entwurf(welt.formular, buerger=b)
    schritt_1 = reverse("formulare:schritt", args=[welt.formular.pk, 1])
    angebot = reverse("formulare:gespeichert", args=[welt.formular.pk])
    assert _neue_sitzung(b).get(schritt_1)["Location"] == angebot  # open: offered

    assert absenden(client_mit(entwurf, _neue_sitzung(b)), entwurf).status_code == 303
    assert Antrag.objects.filter(entwurf_ref=entwurf.pk).exists()

    neu = _neue_sitzung(b)
    assert neu.get(schritt_1).status_code == 200  # the blank form, no offer
    r = neu.post(angebot, {"entwurf": entwurf.pk})
    assert r.status_code == 404
    assert "formulare.entwuerfe" not in neu.session or not neu.session["formulare.entwuerfe"]
