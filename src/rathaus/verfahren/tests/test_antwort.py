"""The citizen's online answer to a Nachforderung: filed in the E-Akte, the process goes on,
and every refused answer changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rathaus.akten import services as akten_services
from rathaus.akten.models import Blob, Dokument, Version
from rathaus.akten.selectors import version_content_open
from rathaus.antraege.dateien import Datei
from rathaus.antraege.tests import helfer
from rathaus.core.models import Protokoll
from rathaus.konten.models import Postfachnachricht
from rathaus.verfahren import services
from rathaus.verfahren.models import Aufgabe, Frist, Nachricht, Verfahren
from rathaus.verfahren.services import antwort as antwort_modul
from rathaus.verfahren.services.antwort import fehlercodes

from . import buerger_helfer as bh
from . import factories as f


@pytest.fixture
def welt(db, tmp_path):
    return helfer.welt(tmp_path)


@pytest.fixture
def lage(welt):
    buerger = helfer.buerger()
    antrag, verfahren, sb = bh.wartend(welt, buerger)
    return buerger, antrag, verfahren, sb


def datei(name="lageplan.pdf", inhalt: bytes | None = None, typ="application/pdf") -> Datei:
    return Datei("", name, typ, io.BytesIO(helfer.pdf("Lageplan") if inhalt is None else inhalt))


def stand(verfahren: Verfahren) -> tuple:
    """Everything an answer would change."""
    v = Verfahren.objects.get(pk=verfahren.pk)
    return (
        v.status,
        v.zustand,
        v.schritte,
        Dokument.objects.count(),
        Version.objects.count(),
        Nachricht.objects.filter(verfahren=v).count(),
        Aufgabe.objects.filter(verfahren=v).count(),
        Frist.objects.filter(verfahren=v, erledigt=False).count(),
        Postfachnachricht.objects.count(),
        Protokoll.objects.count(),
        bh.verlauf(v.antrag) if v.antrag is not None else [],
    )


def akten_dateien(media: Path) -> list[str]:
    wurzel = Path(media) / "akten"
    return sorted(str(p) for p in wurzel.rglob("*") if p.is_file()) if wurzel.exists() else []


def antworten(lage, **kw):
    buerger, _antrag, verfahren, _sb = lage
    kw.setdefault("text", "")
    kw.setdefault("dateien", [])
    return services.nachforderung_answer(
        verfahren=verfahren, buerger=buerger, actor=buerger.user, **kw
    )


def test_answer_is_filed_and_the_process_goes_on(lage):
    buerger, antrag, _verfahren, sb = lage
    postfach = Postfachnachricht.objects.count()
    pdf, png = helfer.pdf("Lageplan Erika"), helfer.png()
    v = antworten(
        lage,
        text="Guten Tag,\r\nanbei der Lageplan und ein Foto.",
        dateien=[datei("lageplan.pdf", pdf), datei("foto.png", png, "image/png")],
    )
    assert v.status == Verfahren.Status.IN_BEARBEITUNG
    aufgabe = Aufgabe.objects.get(verfahren=v, status=Aufgabe.Status.OFFEN)
    assert aufgabe.element_id == "Vollstaendigkeitspruefung" and aufgabe.bearbeiter == sb
    assert not Frist.objects.filter(verfahren=v, art="nachforderung", erledigt=False).exists()

    dokument = Dokument.objects.get(betreff__startswith="Antwort auf die Nachforderung")
    assert dokument.vorgang.verfahren_ref == antrag.aktenzeichen
    assert (dokument.art, dokument.absender, dokument.person_ref) == (
        "eingang",
        buerger.name,
        str(buerger.pk),
    )
    assert dokument.personenbezogen and dokument.erstellt_von == buerger.user
    haupt = dokument.versionen.get()
    assert (haupt.dateiname, haupt.mediatyp) == ("antwort.txt", "text/plain")
    with version_content_open(version=haupt) as fh:
        inhalt = fh.read().decode()
    assert "anbei der Lageplan und ein Foto." in inhalt and "\r" not in inhalt
    assert antrag.aktenzeichen in inhalt and "lageplan.pdf" in inhalt
    anlagen = {a.bezeichnung: a.versionen.get() for a in dokument.anlagen.all()}
    assert set(anlagen) == {"lageplan.pdf", "foto.png"}
    assert anlagen["foto.png"].mediatyp == "image/png"

    eingang = Nachricht.objects.get(verfahren=v, richtung="eingang")
    assert "anbei der Lageplan" in eingang.text and f"Dokument {dokument.pk}" in eingang.text
    assert Postfachnachricht.objects.count() == postfach  # the Postfach gets nothing extra
    assert bh.verlauf(antrag)[-2:] == ["nachforderung", "in_bearbeitung"]
    assert Protokoll.objects.filter(
        aktion="verfahren.nachforderung.antwort", objekt_id=str(v.pk)
    ).exists()
    # answered: a second answer is refused and changes nothing
    vorher = stand(v)
    with pytest.raises(ValidationError) as fehler:
        antworten(lage, text="Noch etwas")
    assert "wartet_nicht" in fehlercodes(fehler.value)
    assert "keine Nachforderung mehr offen" in str(fehler.value)
    assert stand(v) == vorher


def test_text_alone(welt):
    buerger = helfer.buerger()
    _a, v, _sb = bh.wartend(welt, buerger)
    services.nachforderung_answer(
        verfahren=v,
        buerger=buerger,
        text="Der Plan kommt per Post.",
        dateien=[],
        actor=buerger.user,
    )
    dokument = Dokument.objects.get(betreff__startswith="Antwort")
    assert dokument.anlagen.count() == 0


def test_files_alone(lage):
    v = antworten(lage, dateien=[datei()])
    assert v.status == Verfahren.Status.IN_BEARBEITUNG
    dokument = Dokument.objects.get(betreff__startswith="Antwort")
    assert dokument.anlagen.count() == 1


@pytest.mark.parametrize(
    ("eingabe", "feld", "text"),
    [
        ({"text": "   \r\n "}, "text", "Bitte schreiben Sie eine Antwort"),
        ({"text": "x" * 5001}, "text", "zu lang"),
        ({"dateien": [datei("bild.pdf", helfer.png())]}, "dateien", "kein PDF"),
        (
            {"dateien": [datei("lageplan.exe", b"MZ\x90\x00", "application/x-msdownload")]},
            "dateien",
            "nicht zugelassen",
        ),
        ({"dateien": [datei("../../etc/passwd.pdf")]}, "dateien", "nicht zulässig"),
        ({"dateien": [datei("leer.pdf", b"")]}, "dateien", "leer"),
        ({"dateien": [datei() for _ in range(11)]}, "dateien", "Höchstens 10 Dateien"),
        (
            {"text": "ok", "dateien": [datei(), datei("gut.png", helfer.png(), "text/html")]},
            "dateien",
            "nicht zugelassen",
        ),
    ],
)
def test_refused_input_names_the_field_and_changes_nothing(
    lage, eingabe, feld, text, _private_media
):
    vorher, dateien = stand(lage[2]), akten_dateien(_private_media)
    with pytest.raises(ValidationError) as fehler:
        antworten(lage, **eingabe)
    meldungen = fehler.value.message_dict
    assert list(meldungen) == [feld]
    assert any(text in m for m in meldungen[feld]), meldungen
    assert stand(lage[2]) == vorher
    assert akten_dateien(_private_media) == dateien


def test_oversized_file(lage, settings, _private_media):
    settings.RATHAUS_ANTRAEGE_MAX_DATEI_BYTES = 1024
    vorher, dateien = stand(lage[2]), akten_dateien(_private_media)
    with pytest.raises(ValidationError, match="größer als"):
        antworten(lage, dateien=[datei("gross.pdf", b"%PDF-1.7\n" + b"0" * 2048)])
    assert stand(lage[2]) == vorher
    assert akten_dateien(_private_media) == dateien


def test_only_the_owner_may_answer(lage, welt):
    buerger, _antrag, verfahren, sb = lage
    fremd = helfer.buerger("fremd")
    vorher = stand(verfahren)
    for wer, als in (
        (fremd, fremd.user),
        (buerger, fremd.user),
        (buerger, sb),
        (buerger, "system"),
    ):
        with pytest.raises(PermissionDenied):
            services.nachforderung_answer(
                verfahren=verfahren, buerger=wer, text="Hallo", dateien=[], actor=als
            )
    assert stand(verfahren) == vorher


def test_failure_after_filing_rolls_everything_back(lage, monkeypatch):
    vorher = stand(lage[2])

    def kaputt(**kwargs):
        raise RuntimeError("Prozess nicht erreichbar")

    monkeypatch.setattr(antwort_modul, "nachforderung_mark_answered", kaputt)
    with pytest.raises(RuntimeError):
        antworten(lage, text="Anbei.", dateien=[datei()])
    assert stand(lage[2]) == vorher
    # the stored content has no row; the next identical upload reuses it
    monkeypatch.undo()
    antworten(lage, text="Anbei.", dateien=[datei()])
    assert Blob.objects.filter(
        pk__in=Version.objects.filter(anlage__isnull=False).values("blob_id")
    ).exists()


def test_a_closed_vorgang_refuses_the_answer_and_changes_nothing(db):
    team = f.Team()
    buerger = f.buerger()
    v = bh.nachfordern(f.verfahren(team.oe, buerger=buerger), team.sb1)
    akten_services.vorgang_close(vorgang=v.vorgang, actor=f.ACTOR)
    vorher = stand(v)
    with pytest.raises(ValidationError) as fehler:
        services.nachforderung_answer(
            verfahren=v, buerger=buerger, text="Anbei.", dateien=[], actor=buerger.user
        )
    assert "ablage" in fehlercodes(fehler.value)
    assert stand(v) == vorher
