"""Helpers for the web tests: a client whose session holds the draft, posting the submit form."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.formulare import bindung
from rathaus.formulare.models import Entwurf


def client_mit(entwurf: Entwurf, client: Client | None = None) -> Client:
    client = client or Client()
    session = client.session
    bindung.binden(session, entwurf)
    session.save()
    return client


def absenden(client: Client, entwurf: Entwurf, **felder: Any):
    daten = {"idempotenzschluessel": idempotenzschluessel(entwurf=entwurf)}
    daten.update(felder)
    return client.post(reverse("antraege:einreichen", args=[entwurf.pk]), daten)
