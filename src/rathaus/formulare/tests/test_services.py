"""The Python API for the antraege app and the drafts with their resume link."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from rathaus.formulare import selectors, services
from rathaus.formulare.models import Entwurf
from rathaus.katalog.models import Leistung

from .conftest import importieren
from .daten import schema_xml
from .test_views import GUELTIG_1, entwurf_of, post

VOLL = {
    "G99000000001": {
        "F99000000001": "Musterfrau",
        "F99000000003": "1980-02-29",
        "F99000000009": "000",
        "F99000000011": False,
        "F99000000014": "privat",
    },
    "G99000000002": {"F99000000020": False},
}


def q(daten: dict) -> QueryDict:
    out = QueryDict(mutable=True)
    for k, v in daten.items():
        out[k] = v
    return out


@pytest.mark.django_db
def test_formular_for_leistung_is_the_latest_published(tmp_path):
    leistung = Leistung.objects.create(
        quelle="t:1", name="T", slug="t", leika_schluessel="99123456789012"
    )
    assert selectors.formular_for_leistung(leistung=leistung) is None
    for v in ("1.0.0", "1.1.0"):
        p = tmp_path / f"{v}.xml"
        p.write_bytes(schema_xml(v))
        importieren(p)
    assert selectors.formular_for_leistung(leistung=leistung).fim_version == "1.1.0"


@pytest.mark.django_db
def test_daten_validate_accepts_complete_data_and_names_fields(formular):
    services.daten_validate(formular=formular, daten=VOLL)
    kaputt = {**VOLL, "G99000000001": {**VOLL["G99000000001"], "F99000000009": "999"}}
    del kaputt["G99000000001"]["F99000000001"]
    with pytest.raises(ValidationError) as exc:
        services.daten_validate(formular=formular, daten=kaputt)
    fehler = exc.value.message_dict
    assert fehler["F99000000001"] == ["„Familienname“ ist eine Pflichtangabe."]
    assert "„Staatsangehörigkeit“" in fehler["F99000000009"][0]


@pytest.mark.django_db
def test_daten_validate_ignores_hidden_parts_and_refuses_unknown_members(formular):
    versteckt = {
        **VOLL,
        "G99000000002": {"F99000000020": False, "G99000000003": {"F99000000021": "x"}},
    }
    services.daten_validate(formular=formular, daten=versteckt)
    with pytest.raises(ValidationError):
        services.daten_validate(formular=formular, daten={**VOLL, "G99000000001": "kein Objekt"})


@pytest.mark.django_db
def test_daten_clean_drops_what_the_rules_hide(formular):
    versteckt = {
        **VOLL,
        "G99000000002": {"F99000000020": False, "G99000000003": {"F99000000021": "x"}},
    }
    bereinigt = services.daten_clean(formular=formular, daten=versteckt)
    assert "G99000000003" not in bereinigt.get("G99000000002", {})
    assert bereinigt["G99000000001"] == VOLL["G99000000001"]
    assert services.daten_clean(formular=formular, daten=bereinigt) == bereinigt


@pytest.mark.django_db
def test_schritt_parse_and_daten_merge(formular):
    teil, fehler = services.schritt_parse(formular=formular, schritt=1, post=q(GUELTIG_1))
    assert fehler == {}
    assert teil["G99000000001"]["F99000000011"] is False
    daten = services.daten_merge(formular=formular, daten={}, schritt=1, teil=teil)
    teil2, fehler2 = services.schritt_parse(
        formular=formular, schritt=2, post=q({"G99000000002.F99000000020": "nein"}), bisher=daten
    )
    assert fehler2 == {}
    daten = services.daten_merge(formular=formular, daten=daten, schritt=2, teil=teil2)
    services.daten_validate(formular=formular, daten=daten)
    _, fehler = services.schritt_parse(
        formular=formular, schritt=1, post=q({"G99000000001.F99000000004": "abc"})
    )
    assert "„Anzahl Kinder“" in fehler["G99000000001.F99000000004"][0]
    with pytest.raises(services.SchrittUnbekannt):
        services.schritt_parse(formular=formular, schritt=9, post=q({}))


@pytest.mark.django_db
def test_resume_link_by_email_restores_the_draft(
    client, formular, settings, django_capture_on_commit_callbacks
):
    # the email goes through the outbox; the immediate task backend delivers it at commit
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    post(client, formular, 1, GUELTIG_1, aktion="speichern")
    entwurf = entwurf_of(client)
    r = client.post(reverse("formulare:speichern", args=[formular.pk]), {"email": "keine-adresse"})
    assert r.status_code == 400 and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("formulare:speichern", args=[formular.pk]), {"email": "b@example.org"}
        )
    assert r.status_code == 200 and len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["b@example.org"]
    link = next(line for line in nachricht.body.splitlines() if "/antrag/fortsetzen/" in line)
    pfad = link[link.index("/antrag/") :]
    # after 30 days (and a moment) the link is dead
    spaeter = timezone.now() + timedelta(days=30, minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=spaeter),
        mock.patch("django.core.signing.time.time", return_value=spaeter.timestamp()),
    ):
        r = client_class_new(client).get(pfad)
    assert r.status_code == 404
    # a forged link is refused
    assert client_class_new(client).get(pfad[:-3] + "xx/").status_code == 404
    # opening the link asks first (a mail scanner uses nothing up), the button continues
    anderer = client_class_new(client)
    r = anderer.get(pfad)
    assert r.status_code == 200 and entwurf_of(anderer) is None
    token = pfad.removeprefix("/antrag/fortsetzen/").removesuffix("/")
    assert f'name="token" value="{token}"' in r.content.decode()
    r = anderer.post(reverse("formulare:fortsetzen_basis"), {"token": token})
    assert r.status_code == 302 and r["Location"] == reverse(
        "formulare:schritt", args=[formular.pk, 1]
    )
    assert entwurf_of(anderer).pk == entwurf.pk


def client_class_new(client):
    return type(client)()


@pytest.mark.django_db
def test_expired_draft_is_not_resumed_from_the_session(client, formular):
    post(client, formular, 1, GUELTIG_1)
    Entwurf.objects.update(laeuft_ab_am=timezone.now() - timedelta(seconds=1))
    assert (
        'value="Musterfrau"'
        not in client.get(reverse("formulare:schritt", args=[formular.pk, 1])).content.decode()
    )


@pytest.mark.django_db
def test_file_fields_are_listed_for_antraege(formular):
    felder = selectors.dateifelder(formular=formular)
    assert [f.fim_id for f in felder] == ["F99000000016"]
