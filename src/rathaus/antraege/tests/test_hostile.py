"""Hostile input on every path of the web submission: each gets an error naming the field,
and nothing is stored beyond the draft as it was. (Files are chosen on the form's steps:
their hostile cases are in test_entwurf_dateien.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.antraege.models import Anlage, Antrag, EntwurfAnlage, Quittung, StatusEintrag
from rathaus.core.models import Outbox
from rathaus.formulare.models import Entwurf

from . import helfer
from .web import absenden, client_mit


@pytest.fixture
def unveraendert(gespeichert):
    """Asserts afterwards that no Antrag data and no file exists and the draft is as it was."""
    entwuerfe: list[tuple[int, dict, object]] = []

    def merken(entwurf: Entwurf) -> Entwurf:
        entwuerfe.append((entwurf.pk, entwurf.daten, entwurf.geaendert_am))
        return entwurf

    yield merken
    for model in (Antrag, Anlage, EntwurfAnlage, Outbox, Quittung, StatusEintrag):
        assert not model.objects.exists(), model
    assert gespeichert() == []
    for pk, daten, geaendert in entwuerfe:
        e = Entwurf.objects.get(pk=pk)
        assert (e.daten, e.geaendert_am) == (daten, geaendert)


def _fehler(antwort, *texte):
    html = antwort.content.decode()
    assert antwort.status_code in (400, 409), antwort.status_code
    for text in texte:
        assert text in html, text
    assert 'role="alert"' in html
    return html


def test_tampered_idempotency_key(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    antwort = absenden(client_mit(entwurf), entwurf, idempotenzschluessel="x" * 40)
    _fehler(antwort, "Das Formular ist veraltet oder verändert")


def test_key_of_another_draft(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    anderer = unveraendert(helfer.entwurf(welt.formular))
    from rathaus.antraege.selectors import idempotenzschluessel

    antwort = absenden(
        client_mit(entwurf), entwurf, idempotenzschluessel=idempotenzschluessel(entwurf=anderer)
    )
    _fehler(antwort, "veraltet oder verändert")


@pytest.mark.parametrize(
    ("aenderung", "text"),
    [
        (
            {"F99000000009": "999"},
            "„Staatsangehörigkeit“: Bitte wählen Sie einen Eintrag aus der Liste.",
        ),
        ({"F99000000001": "M" * 21}, "„Familienname“: Bitte geben Sie höchstens 20 Zeichen ein."),
        ({"F99000000001": "M" * 100_000}, "„Familienname“"),
        ({"F99000000011": "ja"}, "„Verheiratet“: Die Eingabe hat den falschen Typ."),
        ({"F99000000004": 99}, "„Anzahl Kinder“"),
        ({"F12345678901": "x"}, "„F12345678901“ ist kein Feld dieses Formulars."),
    ],
)
def test_tampered_draft_data_is_refused_naming_the_field(welt, unveraendert, aenderung, text):
    entwurf = unveraendert(helfer.entwurf(welt.formular, **aenderung))
    _fehler(absenden(client_mit(entwurf), entwurf), text)


def test_hidden_group_values_are_refused(welt, unveraendert):
    entwurf = helfer.entwurf(welt.formular)
    entwurf.daten["G99000000002"]["G99000000003"] = {"F99000000021": "Rostock"}
    entwurf.save()
    unveraendert(entwurf)
    _fehler(
        absenden(client_mit(entwurf), entwurf),
        "„Abweichende Anschrift“ ist bei Ihren Angaben nicht vorgesehen.",
    )


def test_invalid_email_is_refused(welt, unveraendert):
    entwurf = unveraendert(helfer.entwurf(welt.formular))
    _fehler(
        absenden(client_mit(entwurf), entwurf, email="kein<at>beispiel"), "gültige E-Mail-Adresse"
    )


def test_draft_of_someone_else_is_not_found(welt, unveraendert):
    b = helfer.buerger()
    entwurf = unveraendert(helfer.entwurf(welt.formular, buerger=b))
    antwort = absenden(Client(), entwurf)
    assert antwort.status_code == 404
    andere = Client()
    andere.force_login(helfer.buerger("mallory").user)
    assert absenden(client_mit(entwurf, andere), entwurf).status_code == 404


def test_replayed_submission_after_success_creates_nothing_new(welt):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    helfer.ablegen(entwurf, helfer.upload())
    erste = absenden(client, entwurf)
    vorher = (Antrag.objects.count(), Anlage.objects.count(), Outbox.objects.count())
    # replayed from another browser (no session): nothing is revealed or created
    assert absenden(Client(), entwurf).status_code == 404
    assert absenden(client, entwurf)["Location"] == erste["Location"]
    assert (Antrag.objects.count(), Anlage.objects.count(), Outbox.objects.count()) == vorher
    assert reverse("antraege:quittung", args=[Antrag.objects.get().pk]) == erste["Location"]
