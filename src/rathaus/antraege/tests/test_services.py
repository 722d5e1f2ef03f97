from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from rathaus.akten.models import Dokument, Vorgang
from rathaus.antraege import services
from rathaus.antraege.models import Anlage, Antrag, StatusEintrag
from rathaus.antraege.selectors import antraege_of, idempotenzschluessel
from rathaus.core import outbox as core_outbox
from rathaus.core import pdfpruefung
from rathaus.core.models import Outbox, Protokoll
from rathaus.core.outbox import backoff

from . import helfer


def _submit(entwurf, *, dateien=(), **kw):
    """Submit ``entwurf`` after storing ``dateien`` with it (as its steps do)."""
    if dateien:
        helfer.ablegen(entwurf, *dateien)
    return services.antrag_submit(
        entwurf=entwurf,
        actor="test",
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
        **kw,
    )


def _pdf_datei(text="Nachweis Erika"):
    inhalt = helfer.pdf(text)
    return helfer.upload(inhalt=inhalt), inhalt


def test_submit_creates_antrag_status_anlage_outbox_and_protokoll(welt, gespeichert):
    entwurf = helfer.entwurf(welt.formular)
    datei, _ = _pdf_datei()
    ergebnis = _submit(entwurf, dateien=[datei], email="erika@example.org")
    antrag = ergebnis.antrag
    assert ergebnis.neu
    assert re.fullmatch(rf"STR-{timezone.localdate().year}-\d{{6}}", antrag.aktenzeichen)
    assert antrag.fim_id == "S99000000001" and antrag.fim_version == "1.0.0"
    assert antrag.leistung == welt.leistung and antrag.entwurf_ref == entwurf.pk
    assert list(antrag.status_eintraege.values_list("status", flat=True)) == ["eingegangen"]
    anlage = antrag.anlagen.get()
    assert anlage.feld == helfer.NACHWEIS and anlage.mediatyp == "application/pdf"
    assert len(anlage.sha256) == 64 and anlage.speichername in gespeichert()
    assert "nachweis" not in anlage.speichername  # storage names never come from the upload
    # one row per consumer of the topic (other apps, e.g. verfahren, register more)
    rows = set(Outbox.objects.values_list("consumer", flat=True))
    assert rows == set(core_outbox.consumers_for(topic="antrag.eingereicht", context=antrag))
    assert rows == {"eingang", "email"}  # the intake pipeline and the confirmation email
    assert Protokoll.objects.filter(aktion="antrag.submit", objekt_id=str(antrag.pk)).exists()


def test_same_key_twice_returns_the_first_antrag_and_stores_nothing(welt, gespeichert):
    entwurf = helfer.entwurf(welt.formular)
    erste = _submit(entwurf, dateien=[_pdf_datei()[0]])
    dateien_vorher = gespeichert()
    with pytest.raises(ValidationError, match="bereits abgesendet"):
        helfer.ablegen(entwurf, _pdf_datei("anders")[0])  # a submitted draft takes no file
    zweite = _submit(entwurf)
    assert not zweite.neu and zweite.antrag.pk == erste.antrag.pk
    assert Antrag.objects.count() == 1 and Anlage.objects.count() == 1
    verbraucher = core_outbox.consumers_for(topic="antrag.eingereicht", context=erste.antrag)
    assert Outbox.objects.count() == len(verbraucher)  # one row per consumer, not two
    assert gespeichert() == dateien_vorher


def test_reference_numbers_are_consecutive_and_unique_per_year(welt):
    nummern = [_submit(helfer.entwurf(welt.formular)).antrag.aktenzeichen for _ in range(3)]
    jahr = timezone.localdate().year
    assert nummern == [f"STR-{jahr}-{n:06d}" for n in (1, 2, 3)]


def test_submitted_antrag_is_immutable_in_the_database(welt):
    antrag = _submit(helfer.entwurf(welt.formular)).antrag
    for qs, aenderung in (
        (Antrag.objects.filter(pk=antrag.pk), {"daten": {}}),
        (Antrag.objects.filter(pk=antrag.pk), {"aktenzeichen": "STR-2000-000001"}),
        (StatusEintrag.objects.filter(antrag=antrag), {"status": "abgeschlossen"}),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            qs.update(**aenderung)
    antrag.refresh_from_db()
    assert antrag.daten == helfer.daten()


def test_status_history_only_moves_forward(welt):
    antrag = _submit(helfer.entwurf(welt.formular)).antrag
    services.antrag_status_set(antrag=antrag, status="in_bearbeitung", actor="test")
    services.antrag_status_set(
        antrag=antrag, status="beschieden", actor="test", bemerkung="Bescheid"
    )
    with pytest.raises(ValidationError) as info:
        services.antrag_status_set(antrag=antrag, status="eingegangen", actor="test")
    assert "status" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.antrag_status_set(antrag=antrag, status="erfunden", actor="test")
    b = helfer.buerger()
    Antrag.objects.filter(pk=antrag.pk)  # unchanged row; history is separate
    assert list(antrag.status_eintraege.values_list("status", flat=True)) == [
        "eingegangen",
        "in_bearbeitung",
        "beschieden",
    ]
    assert not antraege_of(buerger=b).exists()


def test_receipt_pdf_lists_answers_attachments_hashes_and_time(welt):
    datei, inhalt = _pdf_datei()
    antrag = _submit(helfer.entwurf(welt.formular), dateien=[datei]).antrag
    quittung = services.quittung_ensure(antrag=antrag, actor="test")
    assert services.quittung_ensure(antrag=antrag, actor="test").pk == quittung.pk
    from django.core.files.storage import default_storage

    with default_storage.open(quittung.speichername, "rb") as f:
        text = "\n".join(p.extract_text() for p in PdfReader(f).pages)
    import hashlib

    for erwartet in (
        antrag.aktenzeichen,
        "Familienname",
        "Musterfrau",
        "Vorname",
        "Erika",
        "17.05.1980",
        "deutsch",
        "nachweis.pdf",
        hashlib.sha256(inhalt).hexdigest(),
        antrag.daten_sha256,
        timezone.localtime(antrag.eingereicht_am).strftime("%d.%m.%Y %H:%M:%S"),
    ):
        assert erwartet in text, erwartet


def test_confirmation_email_via_outbox(welt):
    antrag = _submit(helfer.entwurf(welt.formular), email="erika@example.org").antrag
    row = Outbox.objects.get(consumer="email")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    (nachricht,) = mail.outbox
    assert nachricht.to == ["erika@example.org"]
    assert antrag.aktenzeichen in nachricht.subject and antrag.aktenzeichen in nachricht.body
    assert "Testleistung" in nachricht.body
    (_name, pdf, typ) = nachricht.attachments[0]
    assert typ == "application/pdf" and pdf.startswith(b"%PDF-")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) != "zugestellt"
    assert len(mail.outbox) == 1


def test_failing_handler_is_retried_with_backoff_then_delivered(welt, settings):
    settings.RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN = 30

    versuche = []

    @core_outbox.consumers.register("test-wackelig")
    class Wackelig(core_outbox.Consumer):
        topics = ("test.thema",)

        def deliver(self, eintrag):
            versuche.append(eintrag.pk)
            if len(versuche) < 3:
                raise ConnectionError(f"Gegenstelle weg ({len(versuche)})")

    try:
        with transaction.atomic():
            (row,) = core_outbox.outbox_write(topic="test.thema", key="1", payload={})
        t0 = timezone.now()
        assert core_outbox.outbox_deliver(outbox_id=row.pk, now=t0) == "fehler"
        row.refresh_from_db()
        assert row.attempts == 1 and "Gegenstelle weg (1)" in row.last_error
        assert row.next_attempt_at == t0 + timedelta(seconds=30)
        # not due yet: nothing happens
        assert (
            core_outbox.outbox_deliver(outbox_id=row.pk, now=t0 + timedelta(seconds=10))
            == "nicht_faellig"
        )
        t1 = row.next_attempt_at
        assert core_outbox.outbox_deliver(outbox_id=row.pk, now=t1) == "fehler"
        row.refresh_from_db()
        assert row.attempts == 2 and row.next_attempt_at == t1 + timedelta(seconds=60)
        assert core_outbox.outbox_sweep(now=row.next_attempt_at) == 1
        row.refresh_from_db()
        assert row.delivered_at is not None and row.attempts == 3 and row.last_error == ""
        assert core_outbox.outbox_deliver(outbox_id=row.pk) == "erledigt_oder_gesperrt"
        assert len(versuche) == 3
    finally:
        core_outbox.consumers._items.pop("test-wackelig")
    assert backoff(1) == timedelta(seconds=30) and backoff(20) == timedelta(hours=6)


def test_eakte_filing_exactly_once_with_readable_pdf_json_receipt_and_anlagen(welt):
    datei, inhalt = _pdf_datei()
    antrag = _submit(helfer.entwurf(welt.formular), dateien=[datei]).antrag
    row = Outbox.objects.get(consumer="eingang")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "erledigt_oder_gesperrt"
    core_outbox.outbox_sweep()  # delivers the other consumers' rows, never this one again
    row.refresh_from_db()
    assert row.attempts == 1
    vorgang = Vorgang.objects.get(verfahren_ref=antrag.aktenzeichen)
    dokument = Dokument.objects.get(vorgang=vorgang)
    assert dokument.art == "eingang" and antrag.aktenzeichen in dokument.betreff
    # The main version is the readable PDF of the answers (tagged PDF/A-3b); the JSON is
    # a machine-readable Anlage with its own media type.
    version = dokument.versionen.get()
    assert (version.dateiname, version.mediatyp) == (
        f"antrag-{antrag.aktenzeichen}.pdf",
        "application/pdf",
    )
    with default_storage.open(version.blob.speichername, "rb") as datei:
        pdf = datei.read()
    text = " ".join(
        " ".join(seite.extract_text() or "" for seite in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert text.startswith(f"{settings.RATHAUS_KOMMUNE} Antrag Aktenzeichen {antrag.aktenzeichen}")
    for erwartet in ("Musterfrau", "Erika", "17.05.1980", "Nachweis", "SHA-256"):
        assert erwartet in text, erwartet
    assert pdfpruefung.pdfa_befunde(pdf) == [] and pdfpruefung.tags_befunde(pdf, sprache="de") == []
    anlagen = {a.bezeichnung: a.versionen.get() for a in dokument.anlagen.all()}
    assert sorted(anlagen) == ["Antragsdaten (maschinenlesbar)", "Eingangsbestätigung", "Nachweis"]
    json_version = anlagen["Antragsdaten (maschinenlesbar)"]
    assert (json_version.dateiname, json_version.mediatyp) == (
        f"{antrag.aktenzeichen}.json",
        "application/json",
    )
    with default_storage.open(json_version.blob.speichername, "rb") as datei:
        assert json.load(datei)["daten"] == antrag.daten
    import hashlib

    hashes = {v.blob_id for a in dokument.anlagen.all() for v in a.versionen.all()}
    assert hashlib.sha256(inhalt).hexdigest() in hashes
    assert Vorgang.objects.filter(verfahren_ref=antrag.aktenzeichen).count() == 1


def test_missing_aktenplan_mapping_is_recorded_and_retried(db, tmp_path):
    w = helfer.welt(tmp_path, zuordnung=False)
    _submit(helfer.entwurf(w.formular))
    row = Outbox.objects.get(consumer="eingang")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "fehler"
    row.refresh_from_db()
    assert "keine Aktenplaneinheit zugeordnet" in row.last_error and row.delivered_at is None
    assert not Vorgang.objects.exists()
    # an administrator maintains the Aktenplan and retries now
    from rathaus.akten import services as akten
    from rathaus.akten.models import AktenplanZuordnung

    einheit = akten.aktenplaneinheit_create(kennzeichen="1.2", titel="T", actor="test")
    AktenplanZuordnung.objects.create(leistung=w.leistung, aktenplaneinheit=einheit)
    assert core_outbox.outbox_retry(rows=[row], actor="admin") == 1
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert Vorgang.objects.count() == 1


def test_the_intake_tells_a_logged_in_citizen_in_the_postfach(welt):
    b = helfer.buerger()
    entwurf = helfer.entwurf(welt.formular, buerger=b)
    antrag = _submit(entwurf, buerger=b).antrag
    assert antrag.email == b.email
    assert set(Outbox.objects.values_list("consumer", flat=True)) == {"eingang", "email"}
    row = Outbox.objects.get(consumer="eingang")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    nachricht = b.postfachnachrichten.get()
    assert (
        antrag.aktenzeichen in nachricht.betreff
        and nachricht.dokument_referenz == antrag.aktenzeichen
    )
    assert [a.pk for a in antraege_of(buerger=b)] == [antrag.pk]
