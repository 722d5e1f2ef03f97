from __future__ import annotations

import io
import threading
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from rathaus.akten import services
from rathaus.akten.inhalt import speichername
from rathaus.akten.models import Akte, Anlage, Blob, Dokument, Version, Volltext, Vorgang
from rathaus.core.chain import verify
from rathaus.core.models import Protokoll

from . import factories as f

pytestmark = pytest.mark.django_db


# --- Aktenzeichen and retention -----------------------------------------------------------


def test_akte_create_numbers_per_position_and_inherits_retention():
    position = f.aktenplaneinheit("32.10.05", jahre=10, art="A")
    andere = f.aktenplaneinheit("32.10.06", jahre=None, art="B")
    erste, zweite = f.akte(position=position), f.akte(position=position)
    dritte = f.akte(position=andere)
    assert [erste.aktenzeichen, zweite.aktenzeichen, dritte.aktenzeichen] == [
        "32.10.05/1",
        "32.10.05/2",
        "32.10.06/1",
    ]
    assert (erste.aufbewahrungsdauer_jahre, erste.aussonderungsart) == (10, "A")
    assert (dritte.aufbewahrungsdauer_jahre, dritte.aussonderungsart) == (None, "B")
    eigene = f.akte(position=position, aufbewahrungsdauer_jahre=30, aussonderungsart="A")
    assert eigene.aufbewahrungsdauer_jahre == 30
    assert Protokoll.objects.filter(aktion="akten.akte.create").count() == 4


@pytest.mark.parametrize(
    ("zda_am", "jahre", "erwartet"),
    [
        (datetime(2025, 3, 10, 9, tzinfo=UTC), 10, date(2035, 12, 31)),
        (datetime(2025, 1, 1, 9, tzinfo=UTC), 6, date(2031, 12, 31)),
        # 31 Dec 2025 23:30 UTC is already 2026 in Stralsund: the local year counts.
        (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), 10, date(2036, 12, 31)),
        (datetime(2025, 6, 1, tzinfo=UTC), 0, date(2025, 12, 31)),
        (datetime(2025, 6, 1, tzinfo=UTC), None, None),
    ],
)
def test_aufbewahrung_bis_runs_from_the_end_of_the_zda_year(zda_am, jahre, erwartet):
    assert services.aufbewahrung_bis(zda_am=zda_am, jahre=jahre) == erwartet


def test_akte_close_computes_retention_and_closes_open_vorgaenge():
    vorgang = f.vorgang()
    zweiter = f.vorgang(vorgang.akte, betreff="Abmeldung")
    akte = services.akte_close(akte=vorgang.akte, actor=f.ACTOR)
    assert akte.zda_am is not None
    assert akte.laufzeit_ende == timezone.localdate(akte.zda_am)
    assert akte.aufbewahrung_bis == date(timezone.localdate(akte.zda_am).year + 10, 12, 31)
    assert Vorgang.objects.filter(pk__in=[vorgang.pk, zweiter.pk], zda_am=akte.zda_am).count() == 2
    assert Protokoll.objects.filter(aktion="akten.vorgang.close").count() == 2
    entry = Protokoll.objects.get(aktion="akten.akte.close")
    assert entry.details["vorgaenge_geschlossen"] == 2
    with pytest.raises(ValidationError):
        services.akte_close(akte=akte, actor=f.ACTOR)
    assert list(verify()) == []


def test_unbefristete_akte_has_no_end_of_retention():
    akte = f.akte(position=f.aktenplaneinheit("10.01", jahre=None, art="A"))
    assert services.akte_close(akte=akte, actor=f.ACTOR).aufbewahrung_bis is None


def test_duplicate_aktenzeichen_is_refused_clearly_and_changes_nothing():
    position = f.aktenplaneinheit()
    f.akte(position=position)
    position.letzte_ordnungsnummer = 0  # a restored backup of the counter, say
    position.save(update_fields=["letzte_ordnungsnummer"])
    vorher = Protokoll.objects.count()
    with pytest.raises(ValidationError, match="bereits vergeben"):
        f.akte(position=position)
    assert Akte.objects.count() == 1
    assert Protokoll.objects.count() == vorher


def test_stillgelegte_position_takes_no_new_akten():
    position = f.aktenplaneinheit("20.01", gueltig_bis=date(2000, 1, 1))
    with pytest.raises(ValidationError, match="keine Akten mehr"):
        f.akte(position=position)
    aktiv = f.aktenplaneinheit("20.02")
    f.akte(position=aktiv)
    services.aktenplaneinheit_retire(einheit=aktiv, actor=f.ACTOR)
    with pytest.raises(ValidationError, match="keine Akten mehr"):
        f.akte(position=aktiv)
    with pytest.raises(ValidationError, match="beginnen"):
        services.aktenplaneinheit_create(
            kennzeichen="30.01", titel="x", uebergeordnet=position, actor=f.ACTOR
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_aktenzeichen_allocation_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with one database lock; row locks need PostgreSQL")
    position = f.aktenplaneinheit()
    einheit = f.organisationseinheit()
    barrier = threading.Barrier(8)
    ergebnisse: list[str] = []
    fehler: list[BaseException] = []

    def anlegen() -> None:
        try:
            barrier.wait()
            akte = services.akte_create(
                aktenplaneinheit=position, betreff="parallel", federfuehrend=einheit, actor="t"
            )
            ergebnisse.append(akte.aktenzeichen)
        except BaseException as error:
            fehler.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=anlegen) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fehler == []
    assert sorted(ergebnisse) == sorted(f"32.10.05/{n}" for n in range(1, 9))


# --- Vorgang for a Verfahren ----------------------------------------------------------------


def _leistung(name: str = "Hundesteuer Anmeldung"):
    from rathaus.katalog.models import Leistung

    return Leistung.objects.create(quelle=f"test:{name}", name=name, slug=name.lower()[:40])


def test_vorgang_open_for_leistung_einzelfall_and_sammelakte():
    position = f.aktenplaneinheit()
    einheit = f.organisationseinheit()
    leistung = _leistung()
    with pytest.raises(ValidationError, match="keine Aktenplaneinheit"):
        services.vorgang_open(
            betreff="x", leistung=leistung, organisationseinheit=einheit, actor=f.ACTOR
        )
    services.aktenplan_zuordnung_set(leistung=leistung, aktenplaneinheit=position, actor=f.ACTOR)
    a = services.vorgang_open(
        betreff="Antrag Meier",
        leistung=leistung,
        organisationseinheit=einheit,
        verfahren_ref="V-1",
        actor=f.ACTOR,
    )
    b = services.vorgang_open(
        betreff="Antrag Schulz", leistung=leistung, organisationseinheit=einheit, actor=f.ACTOR
    )
    assert a.akte != b.akte and a.akte.aktenzeichen == "32.10.05/1" and a.verfahren_ref == "V-1"
    services.aktenplan_zuordnung_set(
        leistung=leistung, aktenplaneinheit=position, aktenbildung="jahressammelakte", actor=f.ACTOR
    )
    c = services.vorgang_open(
        betreff="Antrag Krause", leistung=leistung, organisationseinheit=einheit, actor=f.ACTOR
    )
    d = services.vorgang_open(
        betreff="Antrag Lehmann", leistung=leistung, organisationseinheit=einheit, actor=f.ACTOR
    )
    assert c.akte == d.akte
    assert c.akte.betreff == f"Hundesteuer Anmeldung {timezone.localdate().year}"
    assert (c.nummer, d.nummer) == (1, 2)


def test_vorgang_open_in_closed_akte_is_refused():
    akte = f.akte()
    services.akte_close(akte=akte, actor=f.ACTOR)
    with pytest.raises(ValidationError, match="zdA"):
        services.vorgang_open(akte=akte, betreff="zu spät", actor=f.ACTOR)
    assert not Vorgang.objects.exists()


# --- filing and zdA immutability in the services ------------------------------------------


def test_dokument_file_stores_versions_text_and_protokoll():
    vorgang = f.vorgang()
    dokument = services.dokument_file(
        vorgang=vorgang,
        art="eingang",
        betreff="Anmeldung Hund",
        posteingangsdatum=date(2026, 3, 2),
        absender="Erika Musterfrau",
        personenbezogen=True,
        person_ref="buerger:42",
        versionen=[
            ("antrag.pdf", "application/pdf", f.pdf("Ich melde meinen Hund Bello an.")),
            ("antrag-korrigiert.pdf", "application/pdf; charset=binary", f.pdf("Hund Bello.")),
        ],
        anlagen=[("Foto", [("bello.png", "image/png", f.png("Bello"))])],
        actor=f.ACTOR,
    )
    v1, v2 = dokument.versionen.order_by("nummer")
    assert (v1.nummer, v2.nummer, v1.mediatyp) == (1, 2, "application/pdf")
    assert v1.volltext.status == Volltext.Status.EXTRAHIERT
    assert "Bello" in v1.volltext.text and v1.volltext.methode == "pdfium"
    anlage = dokument.anlagen.get()
    assert anlage.versionen.get().mediatyp == "image/png"
    entry = Protokoll.objects.get(aktion="akten.dokument.file")
    assert [v["sha256"] for v in entry.details["versionen"]] == [v1.blob_id, v2.blob_id]
    version = services.version_add(
        dokument=dokument, dateiname="v3.txt", mediatyp="text/plain", inhalt=b"dritte", actor="t"
    )
    assert version.nummer == 3 and version.volltext.text == "dritte"


def test_identical_content_is_stored_once(_private_media):
    inhalt = f.pdf("Gleicher Inhalt")
    a = f.dokument(text="Gleicher Inhalt", dateiname="a.pdf")
    b = f.dokument(text="Gleicher Inhalt", dateiname="b.pdf")
    va, vb = a.versionen.get(), b.versionen.get()
    assert va.blob_id == vb.blob_id
    assert Blob.objects.count() == 1
    blob = Blob.objects.get()
    assert blob.groesse == len(inhalt) and blob.speichername == speichername(blob.sha256)
    assert blob.speichername.startswith(f"akten/{blob.sha256[:2]}/{blob.sha256[2:4]}/")
    files = [p for p in _private_media.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == inhalt


def test_streamed_file_object_is_hashed_in_chunks():
    import hashlib

    daten = b"Zeile\n" * 400_000  # 2.4 MB, more than one chunk
    dokument = services.dokument_file(
        vorgang=f.vorgang(),
        art="intern",
        betreff="Vermerk",
        versionen=[("vermerk.txt", "text/plain", io.BytesIO(daten))],
        actor=f.ACTOR,
    )
    version = dokument.versionen.get()
    assert version.blob_id == hashlib.sha256(daten).hexdigest()
    assert version.groesse == len(daten)
    with default_storage.open(version.blob.speichername) as datei:
        assert datei.read() == daten


def _nothing_changes(call) -> None:
    zaehler = (Dokument.objects.count(), Version.objects.count(), Anlage.objects.count())
    protokoll = Protokoll.objects.count()
    with pytest.raises(ValidationError, match="zdA"):
        call()
    assert (Dokument.objects.count(), Version.objects.count(), Anlage.objects.count()) == zaehler
    assert Protokoll.objects.count() == protokoll


@pytest.mark.parametrize("schliessen", ["akte", "vorgang"])
def test_closed_content_is_refused_by_the_services(schliessen):
    dokument = f.dokument()
    if schliessen == "akte":
        services.akte_close(akte=dokument.vorgang.akte, actor=f.ACTOR)
    else:
        services.vorgang_close(vorgang=dokument.vorgang, actor=f.ACTOR)
    neu = [("x.txt", "text/plain", b"neu")]
    _nothing_changes(lambda: f.dokument(dokument.vorgang))
    _nothing_changes(
        lambda: services.version_add(
            dokument=dokument, dateiname="x.txt", mediatyp="text/plain", inhalt=b"x", actor="t"
        )
    )
    _nothing_changes(
        lambda: services.anlage_add(dokument=dokument, bezeichnung="x", versionen=neu, actor="t")
    )


# --- reopen: role × action; a refused action changes nothing ----------------------------


@pytest.mark.parametrize(
    ("wer", "grund", "fehler"),
    [
        ("ohne_recht", "Nachtrag", PermissionDenied),
        ("system", "Nachtrag", PermissionDenied),
        ("anonym", "Nachtrag", PermissionDenied),
        ("mit_recht", "   ", ValidationError),
        ("mit_recht", "Widerspruch eingegangen", None),
    ],
)
def test_akte_reopen_permission(wer, grund, fehler):
    from django.contrib.auth.models import AnonymousUser

    akte = services.akte_close(akte=f.vorgang().akte, actor=f.ACTOR)
    actor = {
        "ohne_recht": f.user(),
        "mit_recht": f.user(perms=("akten.reopen_akte",)),
        "system": "system",
        "anonym": AnonymousUser(),
    }[wer]
    vorher = Protokoll.objects.count()
    if fehler is not None:
        with pytest.raises(fehler):
            services.akte_reopen(akte=akte, grund=grund, actor=actor)
        akte.refresh_from_db()
        assert akte.zda_am is not None and akte.aufbewahrung_bis is not None
        assert Protokoll.objects.count() == vorher
        return
    akte = services.akte_reopen(akte=akte, grund=grund, actor=actor)
    assert akte.zda_am is None and akte.aufbewahrung_bis is None
    entry = Protokoll.objects.get(aktion="akten.akte.reopen")
    assert entry.details["grund"] == grund and entry.akteur == actor
    # Vorgänge stay closed until reopened one by one.
    vorgang = akte.vorgaenge.get()
    assert vorgang.zda_am is not None
    services.vorgang_reopen(vorgang=vorgang, grund=grund, actor=actor)
    f.dokument(vorgang)


def test_vorgang_reopen_needs_open_akte_and_permission():
    vorgang = f.vorgang()
    services.akte_close(akte=vorgang.akte, actor=f.ACTOR)
    berechtigt = f.user(perms=("akten.reopen_akte",))
    with pytest.raises(ValidationError, match="Akte"):
        services.vorgang_reopen(vorgang=vorgang, grund="x", actor=berechtigt)
    with pytest.raises(PermissionDenied):
        services.vorgang_reopen(vorgang=vorgang, grund="x", actor=f.user())


# --- hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dateiname", "mediatyp", "inhalt", "meldung"),
    [
        ("bescheid.pdf", "application/pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "kein"),
        ("foto.png", "image/png", b"%PDF-1.7\n" + b"0" * 100, "kein"),
        ("text.txt", "text/plain", b"\x00\x01\x02binary", "kein"),
        ("daten.json", "application/json", b"<html>kein JSON</html>", "kein"),
        ("daten.json", "application/json", b"{\x00\x01binary", "kein"),
        ("leer.pdf", "application/pdf", b"", "leer"),
        ("tool.exe", "application/x-msdownload", b"MZ\x90\x00", "nicht zugelassen"),
    ],
)
def test_hostile_content_is_refused_and_changes_nothing(dateiname, mediatyp, inhalt, meldung):
    vorgang = f.vorgang()
    with pytest.raises(ValidationError, match=meldung):
        services.dokument_file(
            vorgang=vorgang,
            art="eingang",
            betreff="x",
            versionen=[(dateiname, mediatyp, inhalt)],
            actor=f.ACTOR,
        )
    assert not Dokument.objects.exists() and not Blob.objects.exists()


def test_oversized_content_is_refused_while_streaming(settings):
    settings.RATHAUS_AKTEN_MAX_BYTES = 1000
    for quelle in (b"a" * 1001, io.BytesIO(b"a" * 5000)):
        with pytest.raises(ValidationError, match="größer als"):
            services.dokument_file(
                vorgang=f.vorgang(),
                art="eingang",
                betreff="x",
                versionen=[("gross.txt", "text/plain", quelle)],
                actor=f.ACTOR,
            )
    assert not Dokument.objects.exists()


@pytest.mark.parametrize(
    ("eingabe", "gespeichert"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("..", "dokument"),
        ("Antrag für Björn.pdf", "Antrag für Björn.pdf"),
        ("a\x00b\nc<script>.txt", "abc_script_.txt"),
        ("x" * 300 + ".txt", "x" * 187 + ".txt"),
    ],
)
def test_dateiname_is_made_safe(eingabe, gespeichert, _private_media):
    dokument = services.dokument_file(
        vorgang=f.vorgang(),
        art="eingang",
        betreff="x",
        versionen=[(eingabe, "text/plain", b"Inhalt")],
        actor=f.ACTOR,
    )
    version = dokument.versionen.get()
    assert version.dateiname == gespeichert
    stored = [p for p in _private_media.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [version.blob_id]
    assert all(_private_media in p.parents for p in stored)


def test_broken_pdf_is_filed_with_status_fehler():
    dokument = services.dokument_file(
        vorgang=f.vorgang(),
        art="eingang",
        betreff="kaputt",
        versionen=[("kaputt.pdf", "application/pdf", b"%PDF-1.7\n garbage without xref")],
        actor=f.ACTOR,
    )
    volltext = dokument.versionen.get().volltext
    assert volltext.status == Volltext.Status.FEHLER and volltext.meldung
