"""Helpers for the web tests: a client whose session holds the draft, posting the submit form."""

from __future__ import annotations

from typing import Any

import altcha
from django.test import Client
from django.urls import reverse

from rathaus.antraege import schutz
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.formulare import bindung
from rathaus.formulare.models import Entwurf


def client_mit(entwurf: Entwurf, client: Client | None = None) -> Client:
    client = client or Client()
    session = client.session
    bindung.binden(session, entwurf)
    session.save()
    return client


def nachweis(entwurf: Entwurf) -> str:
    """A solved challenge for submitting `entwurf`, as the page's script sends it: the
    page's challenge, solved by ALTCHA's own solver (the tests make it cheap: conftest)."""
    aufgabe = altcha.Challenge.from_dict(schutz.formularfelder(entwurf.pk)["aufgabe"])
    loesung = altcha.solve_challenge(aufgabe)
    assert loesung is not None
    return altcha.Payload(aufgabe, loesung).to_base64()


def absenden(client: Client, entwurf: Entwurf, **felder: Any):
    """Post the submit form as a browser with JavaScript does (a solved proof of work
    included; a logged-in citizen's submission ignores it)."""
    daten = {"idempotenzschluessel": idempotenzschluessel(entwurf=entwurf)}
    if schutz.FELD_LOESUNG not in felder:
        daten[schutz.FELD_LOESUNG] = nachweis(entwurf)
    daten.update(felder)
    return client.post(reverse("antraege:einreichen", args=[entwurf.pk]), daten)
