"""Aussonderung end to end: 0501 → 0502 → 0503 → 0506, deletion with proof, destruction."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command

from rathaus.akten import aussonderung as a
from rathaus.akten.integrity import integrity_verify
from rathaus.akten.models import (
    Akte,
    Aussonderungsposten,
    Aussonderungsvorgang,
    Blob,
    Dokument,
    Loeschnachweis,
    Suchindex,
    Version,
    Volltext,
    Vorgang,
)
from rathaus.core.chain import verify
from rathaus.core.models import Protokoll
from rathaus.standards import xdomea

from .aussonderung_helfer import (
    ACTOR,
    XSD,
    Uhr,
    bewertung_0502,
    geschlossene_akte,
    import_0506,
    quittung,
)

pytestmark = pytest.mark.django_db
P = Aussonderungsposten.Status


@pytest.fixture
def uhr(monkeypatch) -> Uhr:
    return Uhr(monkeypatch)


def _bestand(uhr: Uhr) -> dict[str, Akte]:
    akten = {
        "archiv": geschlossene_akte(art="B", betreff="Gewerbe Alpha"),
        "archiv_a": geschlossene_akte(art="A", betreff="Denkmal Beta", anlage=False),
        "vernichten": geschlossene_akte(art="V", betreff="Hund Gamma"),
        "lang": geschlossene_akte(art="B", jahre=30, betreff="Bau Delta", anlage=False),
        "ewig": geschlossene_akte(art="A", jahre=None, betreff="Satzung Epsilon", anlage=False),
    }
    uhr.jahre(3)
    return akten


def _ids(vorgang: Aussonderungsvorgang) -> dict[str, object]:
    return {p.akte.betreff: p.xdomea_id for p in vorgang.posten.select_related("akte")}


@XSD
def test_anbieten_lists_only_due_a_and_b_akten_and_writes_a_valid_0501(uhr):
    akten = _bestand(uhr)
    vorgang, xml = a.aussonderung_anbieten(actor=ACTOR)
    angebot = xdomea.read_anbieteverzeichnis_0501(xml)  # XSD-valid, reads back
    assert angebot.kopf.prozess_id == vorgang.prozess_id
    kennzeichen = {obj.kennzeichen for obj in angebot.schriftgutobjekte}
    assert kennzeichen == {akten["archiv"].aktenzeichen, akten["archiv_a"].aktenzeichen}
    akte = next(
        o for o in angebot.schriftgutobjekte if o.kennzeichen == akten["archiv"].aktenzeichen
    )
    assert isinstance(akte, xdomea.Akte)
    assert akte.aufbewahrungsende == akten["archiv"].aufbewahrung_bis
    assert akte.vorgaenge[0].dokumente and not xdomea.iter_primaerdokumente((akte,))
    assert vorgang.status == Aussonderungsvorgang.Status.ANGEBOTEN
    assert Protokoll.objects.filter(aktion="akten.aussonderung.anbieten").count() == 1
    # Offered Akten are not offered twice.
    with pytest.raises(ValidationError, match="Keine Akte"):
        a.aussonderung_anbieten(actor=ACTOR)


def test_nothing_is_offered_before_retention_ends():
    geschlossene_akte(art="B")
    with pytest.raises(ValidationError, match="Keine Akte"):
        a.aussonderung_anbieten(actor=ACTOR)
    assert not Aussonderungsvorgang.objects.exists()


@XSD
def test_full_cycle_deletes_only_what_the_archive_confirmed(uhr):
    akten = _bestand(uhr)
    vorgang, _xml = a.aussonderung_anbieten(actor=ACTOR)
    ids = _ids(vorgang)
    a.aussonderung_bewerten(
        inhalt=bewertung_0502(vorgang, {ids["Gewerbe Alpha"]: "A", ids["Denkmal Beta"]: "V"}),
        dateiname="0502.xml",
        actor=ACTOR,
    )
    status = dict(vorgang.posten.values_list("akte__betreff", "status"))
    assert status == {"Gewerbe Alpha": P.ARCHIVIEREN, "Denkmal Beta": P.VERNICHTEN}

    vorgang, name, container = a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    assert name == xdomea.container_filename(vorgang.prozess_id)
    paket = xdomea.read_aussonderung_zip(container)  # XSD-valid, all files present
    (akte_x,) = paket.nachricht.schriftgutobjekte
    assert akte_x.kennzeichen == akten["archiv"].aktenzeichen
    versionen = list(Version.objects.filter(dokument__vorgang__akte=akten["archiv"])) + list(
        Version.objects.filter(anlage__dokument__vorgang__akte=akten["archiv"])
    )
    assert len(paket.dateien) == len(versionen) == 3
    assert {hashlib.sha256(d.inhalt).hexdigest() for d in paket.dateien} == {
        v.blob_id for v in versionen
    }
    # Handed over, nothing deleted yet.
    assert Dokument.objects.filter(vorgang__akte=akten["archiv"]).count() == 2

    shas = {v.blob_id for v in versionen}
    with_commit = a.aussonderung_bestaetigen(
        inhalt=import_0506(vorgang.prozess_id, {akte_x.id: "StadtA HST Rep. 32 Nr. 7"}),
        dateiname="0506.xml",
        actor=ACTOR,
    )
    vorgang, (nachweis,) = with_commit
    assert vorgang.status == Aussonderungsvorgang.Status.BESTAETIGT
    akte = Akte.objects.get(pk=akten["archiv"].pk)
    assert akte.ausgesondert_am is not None
    assert not Vorgang.objects.filter(akte=akte).exists()
    assert not Version.objects.filter(blob_id__in=shas).exists()
    assert not Blob.objects.filter(pk__in=shas).exists()
    assert nachweis.archivkennung == "StadtA HST Rep. 32 Nr. 7"
    assert nachweis.grund == Loeschnachweis.Grund.ARCHIVIERT
    assert nachweis.aktenzeichen == akte.aktenzeichen and nachweis.betreff == akte.betreff
    dokumente = nachweis.inhalt[0]["dokumente"]
    assert {v["sha256"] for d in dokumente for v in d["versionen"]} | {
        v["sha256"] for d in dokumente for an in d["anlagen"] for v in an["versionen"]
    } == shas
    assert nachweis.geloescht_von == ACTOR
    assert Protokoll.objects.filter(
        aktion="akten.loeschnachweis.create", objekt_id=str(nachweis.pk)
    ).exists()
    assert list(verify()) == []
    assert integrity_verify().befunde == []
    # The other Akten are untouched.
    for key in ("archiv_a", "vernichten", "lang", "ewig"):
        assert Dokument.objects.filter(vorgang__akte=akten[key]).count() == 2


@XSD
def test_files_leave_storage_after_commit(uhr, django_capture_on_commit_callbacks):
    akte = geschlossene_akte(art="B", anlage=False)
    uhr.jahre(3)
    vorgang, _ = a.aussonderung_anbieten(actor=ACTOR)
    (i,) = _ids(vorgang).values()
    a.aussonderung_bewerten(inhalt=bewertung_0502(vorgang, {i: "A"}), dateiname="b", actor=ACTOR)
    a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    namen = list(
        Blob.objects.filter(versionen__dokument__vorgang__akte=akte).values_list(
            "speichername", flat=True
        )
    )
    assert namen and all(default_storage.exists(n) for n in namen)
    with django_capture_on_commit_callbacks(execute=True):
        a.aussonderung_bestaetigen(
            inhalt=import_0506(vorgang.prozess_id, {i: "Nr. 1"}), dateiname="c", actor=ACTOR
        )
    assert not any(default_storage.exists(n) for n in namen)


@XSD
def test_refused_and_unanswered_akten_stay_and_replay_changes_nothing(uhr):
    geschlossene_akte(art="B", betreff="Eins", kennzeichen="32.5")
    geschlossene_akte(art="B", betreff="Zwei", kennzeichen="32.5")
    geschlossene_akte(art="B", betreff="Drei", kennzeichen="32.5")
    uhr.jahre(3)
    vorgang, _ = a.aussonderung_anbieten(actor=ACTOR)
    ids = _ids(vorgang)
    a.aussonderung_bewerten(
        inhalt=bewertung_0502(vorgang, dict.fromkeys(ids.values(), "A")), dateiname="b", actor=ACTOR
    )
    a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    antwort = import_0506(vorgang.prozess_id, {ids["Eins"]: "Nr. 1", ids["Zwei"]: None})
    vorgang, nachweise = a.aussonderung_bestaetigen(inhalt=antwort, dateiname="c", actor=ACTOR)
    assert [n.betreff for n in nachweise] == ["Eins"]
    status = dict(vorgang.posten.values_list("akte__betreff", "status"))
    assert status == {"Eins": P.UEBERNOMMEN, "Zwei": P.ABGELEHNT, "Drei": P.ABGEGEBEN}
    assert vorgang.status == Aussonderungsvorgang.Status.ABGEGEBEN
    assert "Datei nicht lesbar" in vorgang.posten.get(akte__betreff="Zwei").meldung
    for betreff in ("Zwei", "Drei"):
        assert Dokument.objects.filter(vorgang__akte__betreff=betreff).count() == 2

    protokoll = Protokoll.objects.count()
    nachweise_vorher = Loeschnachweis.objects.count()
    vorgang, nachweise = a.aussonderung_bestaetigen(inhalt=antwort, dateiname="c", actor=ACTOR)
    assert nachweise == []
    assert Protokoll.objects.count() == protokoll
    assert Loeschnachweis.objects.count() == nachweise_vorher

    # The refused Akte may be offered again later.
    assert [x.betreff for x in a.anzubietende_akten()] == ["Zwei"]


@XSD
def test_receipts_0504_and_0507_are_recorded_once(uhr):
    geschlossene_akte(art="B", anlage=False)
    uhr.jahre(3)
    vorgang, _ = a.aussonderung_anbieten(actor=ACTOR)
    q = quittung(vorgang.prozess_id, xdomea.Nachrichtentyp.ANBIETUNG_EMPFANG_BESTAETIGEN)
    a.aussonderung_bestaetigen(inhalt=q, dateiname="0504.xml", actor=ACTOR)
    a.aussonderung_bestaetigen(inhalt=q, dateiname="0504.xml", actor=ACTOR)
    vorgang.refresh_from_db()
    assert [e["typ"] for e in vorgang.eingaenge] == ["0504"]
    q7 = quittung(vorgang.prozess_id, xdomea.Nachrichtentyp.AUSSONDERUNG_EMPFANG_BESTAETIGEN)
    with pytest.raises(ValidationError, match="0507"):
        a.aussonderung_bestaetigen(inhalt=q7, dateiname="0507.xml", actor=ACTOR)
    (i,) = _ids(vorgang).values()
    a.aussonderung_bewerten(inhalt=bewertung_0502(vorgang, {i: "A"}), dateiname="b", actor=ACTOR)
    a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    a.aussonderung_bestaetigen(inhalt=q7, dateiname="0507.xml", actor=ACTOR)
    vorgang.refresh_from_db()
    assert [e["typ"] for e in vorgang.eingaenge] == ["0504", "0502", "0507"]
    assert vorgang.status == Aussonderungsvorgang.Status.ABGEGEBEN  # a receipt deletes nothing
    assert Dokument.objects.count() == 2


@XSD
def test_vernichten_destroys_v_akten_after_retention_with_proof(uhr):
    akten = _bestand(uhr)
    # The archive decides V for one offered Akte: destroyed too.
    vorgang, _ = a.aussonderung_anbieten(actor=ACTOR)
    ids = _ids(vorgang)
    a.aussonderung_bewerten(
        inhalt=bewertung_0502(vorgang, {ids["Gewerbe Alpha"]: "A", ids["Denkmal Beta"]: "V"}),
        dateiname="b",
        actor=ACTOR,
    )
    geplant = {x.betreff for x in a.zu_vernichtende_akten()}
    assert geplant == {"Hund Gamma", "Denkmal Beta"}
    nachweise = a.akten_vernichten(actor=ACTOR)
    assert {n.betreff for n in nachweise} == geplant
    assert all(n.grund == Loeschnachweis.Grund.VERNICHTET for n in nachweise)
    assert not Dokument.objects.filter(vorgang__akte__betreff__in=geplant).exists()
    assert vorgang.posten.get(akte__betreff="Denkmal Beta").status == P.VERNICHTET
    assert Dokument.objects.filter(vorgang__akte=akten["archiv"]).count() == 2
    assert a.akten_vernichten(actor=ACTOR) == []
    assert integrity_verify().befunde == []


def test_nothing_is_destroyed_before_retention_ends(uhr):
    akte = geschlossene_akte(art="V", jahre=10)
    uhr.jahre(3)
    assert list(a.zu_vernichtende_akten()) == []
    protokoll = Protokoll.objects.count()
    with pytest.raises(ValidationError, match="nicht abgelaufen"):
        a.akten_vernichten(actor=ACTOR, akten=[akte])
    from django.db import transaction

    with pytest.raises(ValidationError, match="nicht abgelaufen"), transaction.atomic():
        a.akte_inhalt_loeschen(akte=akte, grund="vernichtet", actor=ACTOR)
    assert Dokument.objects.filter(vorgang__akte=akte).count() == 2
    assert Protokoll.objects.count() == protokoll
    assert not Loeschnachweis.objects.exists()


def test_shared_content_stays_for_the_other_akte(uhr):
    weg = geschlossene_akte(art="V", betreff="Gleich", anlage=False)
    bleibt = geschlossene_akte(art="V", jahre=30, betreff="Gleich", anlage=False)
    uhr.jahre(3)
    shas = set(
        Version.objects.filter(dokument__vorgang__akte=bleibt).values_list("blob", flat=True)
    )
    (nachweis,) = a.akten_vernichten(actor=ACTOR)
    assert nachweis.akte_id == weg.pk and nachweis.blobs_entfernt == []
    assert Blob.objects.filter(pk__in=shas).count() == len(shas)
    assert integrity_verify().befunde == []


def test_deleted_documents_leave_the_search_index(uhr):
    akte = geschlossene_akte(art="V", anlage=False)
    uhr.jahre(3)
    dokument_ids = list(Dokument.objects.filter(vorgang__akte=akte).values_list("pk", flat=True))
    a.akten_vernichten(actor=ACTOR)
    assert not Suchindex.objects.filter(pk__in=dokument_ids).exists()
    assert not Volltext.objects.filter(version__dokument_id__in=dokument_ids).exists()
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM akten_suchindex_fts")
            assert cursor.fetchone()[0] == 0


@XSD
def test_command_cycle_writes_files_that_read_back(uhr, tmp_path):
    _bestand(uhr)
    out = io.StringIO()
    call_command(
        "aussonderung", "--akteur", "archivar", "anbieten", "--out", str(tmp_path), stdout=out
    )
    (datei_0501,) = tmp_path.glob("*_Aussonderung.Anbieteverzeichnis.0501.xml")
    angebot = xdomea.read_anbieteverzeichnis_0501(datei_0501.read_bytes())
    vorgang = Aussonderungsvorgang.objects.get()
    assert angebot.kopf.prozess_id == vorgang.prozess_id
    ids = _ids(vorgang)
    datei_0502 = tmp_path / "0502.xml"
    datei_0502.write_bytes(
        bewertung_0502(vorgang, {ids["Gewerbe Alpha"]: "A", ids["Denkmal Beta"]: "A"})
    )
    call_command("aussonderung", "bewertung", str(datei_0502), stdout=out)
    call_command("aussonderung", "abgeben", "--out", str(tmp_path), stdout=out)
    (container,) = tmp_path.glob("*.0503.zip")
    paket = xdomea.read_aussonderung_zip(container.read_bytes())
    assert len(paket.nachricht.schriftgutobjekte) == 2
    datei_0506 = tmp_path / "0506.xml"
    datei_0506.write_bytes(
        import_0506(vorgang.prozess_id, {o.id: "Nr. 9" for o in paket.nachricht.schriftgutobjekte})
    )
    call_command(
        "aussonderung", "--akteur", "archivar", "bestaetigung", str(datei_0506), stdout=out
    )
    call_command("aussonderung", "vernichten", "--dry-run", stdout=out)
    assert "1 Akte(n) würden vernichtet" in out.getvalue()
    call_command("aussonderung", "--akteur", "archivar", "vernichten", stdout=out)
    assert Loeschnachweis.objects.count() == 3
    assert Loeschnachweis.objects.filter(geloescht_von="archivar").count() == 3
    call_command("verify_integrity", stdout=out)
    assert not list(tmp_path.glob(".tmp-*"))


def test_the_archive_is_named_by_the_settings(settings):
    from rathaus.akten.aussonderung.abbildung import archiv

    settings.RATHAUS_KOMMUNE = "Hansestadt Wismar"
    assert archiv().institution == "Stadtarchiv Hansestadt Wismar"
    settings.RATHAUS_ARCHIV_NAME = "Landesarchiv Greifswald"
    assert archiv().institution == "Landesarchiv Greifswald"
