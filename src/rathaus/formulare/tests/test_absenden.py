"""The submit form under the review page comes from the antraege app (formulare.absenden):
installed at start, locked while the review finds errors; without it the page says that
submitting is being set up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rathaus.formulare.absenden import absenden_setzen

from .test_views import GUELTIG_1, post

pytestmark = pytest.mark.django_db


def _pruefen(client, formular) -> str:
    return client.get(reverse("formulare:pruefen", args=[formular.pk])).content.decode()


def test_die_pruefseite_zeigt_das_absenden_der_antraege_app(client, formular) -> None:
    post(client, formular, 1, GUELTIG_1)
    seite = _pruefen(client, formular)
    assert 'id="antrag-absenden"' in seite
    assert 'name="idempotenzschluessel"' in seite
    assert "wird gerade eingerichtet" not in seite


def test_ohne_antraege_app_sagt_die_pruefseite_dass_absenden_noch_fehlt(client, formular) -> None:
    post(client, formular, 1, GUELTIG_1)
    alt = absenden_setzen(lambda request, entwurf, gesperrt: "")
    try:
        seite = _pruefen(client, formular)
    finally:
        absenden_setzen(alt)
    assert 'id="antrag-absenden"' not in seite
    assert "Das Absenden von Anträgen wird gerade eingerichtet." in seite
