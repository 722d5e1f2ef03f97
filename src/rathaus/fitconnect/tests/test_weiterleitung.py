"""Forwarding an Antrag to the responsible authority through FIT-Connect: Routing API,
sender role, encrypted to the destination's key, valid metadata; the Vorgang records it and
is closed, the citizen is told."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from joserfc.jwk import RSAKey

from rathaus.akten.models import Dokument
from rathaus.antraege import services as antraege_services
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.fitconnect import services
from rathaus.fitconnect.models import Weiterleitung
from rathaus.fitconnect.selectors import herkunft_of
from rathaus.fitconnect.weiterleitung import antrag_forward
from rathaus.standards import fitconnect as fc
from rathaus.verfahren.models import Verfahren

from .conftest import alles_zustellen

ARS_ROSTOCK = "130030000000"


@pytest.fixture
def rostock(server, schluessel):
    key = RSAKey.generate_key(2048, parameters={"kid": "rostock-enc-1", "alg": "RSA-OAEP-256"})
    dest = server.destination_add(
        encryption_keys=[key],
        signing_keys=[schluessel.signatur],
        leika=[helfer.LEIKA],
        name="Hanse- und Universitätsstadt Rostock",
    )
    server.routes[:] = [r for r in server.routes if r["leika"] != helfer.LEIKA]  # per test
    server.route_add(
        leika=helfer.LEIKA,
        ars=ARS_ROSTOCK,
        destination_id=dest,
        name="Hanse- und Universitätsstadt Rostock",
    )
    return dest, key


@pytest.fixture
def verfahren_web(db, tmp_path, zustellpunkt):
    w = helfer.welt(tmp_path)
    buerger = helfer.buerger()
    entwurf = helfer.entwurf(w.formular, buerger=buerger)
    helfer.ablegen(entwurf, helfer.upload())
    antraege_services.antrag_submit(
        entwurf=entwurf,
        actor=buerger.user,
        buerger=buerger,
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
    )
    alles_zustellen()
    return Verfahren.objects.select_related("antrag", "vorgang").get()


def test_forward_sends_a_valid_submission_closes_the_vorgang_and_tells_the_citizen(
    server, rostock, verfahren_web
):
    dest, key = rostock
    v = verfahren_web
    w = antrag_forward(
        antrag_id=v.antrag_id,
        vorgang_id=v.vorgang_id,
        regionalschluessel=ARS_ROSTOCK,
        actor="sachbearbeitung",
    )
    assert str(w.destination_id) == dest and w.ziel_name.startswith("Hanse- und")
    sub = server.submissions[str(w.submission_id)]
    assert sub.status == "submitted" and sub.destination_id == dest
    # what the receiver gets: decryptable with its key, metadata valid, hashes right
    schemas = fc.schemas_laden(services.conf.metadaten_schema_ordner())
    meta = fc.metadaten_parse(
        fc.jwe_decrypt(sub.encrypted_metadata, [key], teil="metadata"), schemas=schemas
    )
    daten = fc.jwe_decrypt(sub.encrypted_data, [key], teil="data")
    fc.daten_hash_pruefen(meta, daten)
    assert json.loads(daten) == v.antrag.daten
    (anlage,) = meta.anlagen
    fc.anlage_hash_pruefen(
        meta,
        anlage.attachment_id,
        fc.jwe_decrypt(sub.attachments[anlage.attachment_id], [key], teil="a"),
    )
    assert meta.leika_schluessel == helfer.LEIKA
    assert meta.roh["additionalReferenceInfo"]["senderReference"] == v.antrag.aktenzeichen
    # the Vorgang records it and is closed; the citizen is told
    v.vorgang.refresh_from_db()
    assert v.vorgang.zda_am is not None
    assert v.vorgang.dokumente.filter(
        art=Dokument.Art.AUSGANG, betreff__contains="Rostock"
    ).exists()
    nachricht = v.antrag.buerger.postfachnachrichten.get(betreff__contains="weitergeleitet")
    assert "Rostock" in nachricht.text
    assert herkunft_of(antrag_id=v.antrag_id).weitergeleitet_an.endswith("Rostock")
    with pytest.raises(ValidationError):  # only once
        antrag_forward(
            antrag_id=v.antrag_id,
            vorgang_id=v.vorgang_id,
            regionalschluessel=ARS_ROSTOCK,
            actor="sachbearbeitung",
        )


def test_no_destination_for_the_area_changes_nothing(server, rostock, verfahren_web):
    v = verfahren_web
    with pytest.raises(ValidationError) as e:
        antrag_forward(
            antrag_id=v.antrag_id,
            vorgang_id=v.vorgang_id,
            regionalschluessel="091620000000",
            actor="sb",
        )
    assert "regionalschluessel" in e.value.message_dict
    with pytest.raises(ValidationError):
        antrag_forward(
            antrag_id=v.antrag_id, vorgang_id=v.vorgang_id, regionalschluessel="abc", actor="sb"
        )
    v.vorgang.refresh_from_db()
    assert v.vorgang.zda_am is None and not Weiterleitung.objects.exists()


def test_clerk_forwards_from_the_verfahren_page_others_are_refused(server, rostock, verfahren_web):
    from django.urls import reverse

    from rathaus.arbeitsplatz.tests.conftest import angemeldet, mitarbeiter
    from rathaus.organisation.models import Organisationseinheit, Rolle

    v = verfahren_web
    url = reverse("arbeitsplatz:verfahren_weiterleiten", args=[v.pk])
    sb = mitarbeiter("sb-wl", v.organisationseinheit, rolle=Rolle.SACHBEARBEITUNG)
    seite = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert b"weiterleiten-titel" in seite.content
    fremd = mitarbeiter(
        "sb-fremd",
        Organisationseinheit.objects.create(name="Bauamt", slug="bauamt", art="amt"),
        rolle=Rolle.SACHBEARBEITUNG,
    )
    admin = mitarbeiter("fa-wl", v.organisationseinheit, rolle=Rolle.FACHADMINISTRATION)
    for user, erwartet in ((fremd, {404}), (admin, {403, 404})):
        antwort = angemeldet(user).post(url, {"wl-regionalschluessel": ARS_ROSTOCK})
        assert antwort.status_code in erwartet, (user, antwort.status_code)
    schlecht = angemeldet(sb).post(url, {"wl-regionalschluessel": "12ab"})
    assert schlecht.status_code == 400
    assert not Weiterleitung.objects.exists()
    v.vorgang.refresh_from_db()
    assert v.vorgang.zda_am is None
    gut = angemeldet(sb).post(url, {"wl-regionalschluessel": ARS_ROSTOCK})
    assert gut.status_code == 302
    w = Weiterleitung.objects.get()
    assert server.submissions[str(w.submission_id)].destination_id == rostock[0]
    seite = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert (
        b"fitconnect-weiterleitung" in seite.content and b"weiterleiten-titel" not in seite.content
    )
