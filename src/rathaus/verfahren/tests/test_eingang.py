"""The intake of a submitted Antrag (`rathaus.verfahren.eingang`): one unit, one Vorgang,
one Verfahren with real links, one Postfach message — however often it is delivered, and
wherever it stopped."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rathaus.akten.models import AktenplanZuordnung, Dokument, Vorgang
from rathaus.antraege import services as antraege_services
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll
from rathaus.katalog.models import Zustaendigkeit
from rathaus.organisation.models import Organisationseinheit
from rathaus.verfahren import eingang as eingang_modul
from rathaus.verfahren.eingang import EingangSchritt, eingang_continue, eingang_schritte
from rathaus.verfahren.models import Aufgabe, Eingang, Verfahren


@pytest.fixture
def welt(db, tmp_path):
    return helfer.welt(tmp_path)


def _submit(welt, buerger=None):
    entwurf = helfer.entwurf(welt.formular, buerger=buerger)
    return antraege_services.antrag_submit(
        entwurf=entwurf,
        actor=buerger.user if buerger else "test",
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
        buerger=buerger,
    ).antrag


def _erledigt(eingang: Eingang) -> list[str]:
    """The steps that ran, in the order they ran (PostgreSQL's JSONB keeps no key order):
    by their time, a sub-step of an extension point before the point itself."""
    stelle = {name: i for i, (name, _schritt) in enumerate(eingang_modul.SCHRITTE)}

    def rang(name: str) -> tuple[str, float]:
        basis = name.split(":")[0]
        return (eingang.erledigt[name], stelle[basis] - (0.5 if ":" in name else 0))

    return sorted(eingang.erledigt, key=rang)


def _zustellen(antrag) -> str:
    row = Outbox.objects.get(consumer="eingang", key=str(antrag.pk))
    return core_outbox.outbox_deliver(outbox_id=row.pk)


def test_one_delivery_runs_every_step_in_order(welt):
    buerger = helfer.buerger()
    antrag = _submit(welt, buerger)
    assert _zustellen(antrag) == "zugestellt"
    eingang = Eingang.objects.get(antrag=antrag)
    assert _erledigt(eingang) == [
        "zustaendigkeit",
        "ablage",
        "zahlung",
        "termin",
        "verfahren",
        "benachrichtigung",
    ]
    assert eingang.abgeschlossen_am is not None
    verfahren = Verfahren.objects.get(antrag=antrag)
    # real links, and the Akte's lead unit is the Verfahren's unit
    assert verfahren.vorgang == eingang.vorgang
    assert verfahren.organisationseinheit == eingang.organisationseinheit == welt.amt
    assert verfahren.vorgang.akte.federfuehrend == welt.amt
    assert verfahren.vorgang.dokumente.get().art == Dokument.Art.EINGANG
    assert Aufgabe.objects.get(verfahren=verfahren, status="offen").organisationseinheit == welt.amt
    (nachricht,) = buerger.postfachnachrichten.all()
    assert antrag.aktenzeichen in nachricht.betreff
    aktionen = list(
        Protokoll.objects.filter(aktion__startswith="eingang.")
        .order_by("id")
        .values_list("aktion", flat=True)
    )
    assert aktionen == [f"eingang.{name}" for name in _erledigt(eingang)]


def test_a_repeated_delivery_repeats_nothing(welt):
    buerger = helfer.buerger()
    antrag = _submit(welt, buerger)
    assert _zustellen(antrag) == "zugestellt"
    row = Outbox.objects.get(consumer="eingang")
    row.delivered_at = None  # as if the worker died after the pipeline, before the mark
    row.save(update_fields=["delivered_at"])
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at) == "zugestellt"
    assert Vorgang.objects.count() == 1 and Dokument.objects.count() == 1
    assert Verfahren.objects.filter(antrag=antrag).count() == 1
    assert buerger.postfachnachrichten.count() == 1


def test_the_units_agree_when_the_leistung_has_several(welt):
    """Before, the E-Akte took the first Zuständigkeit and the Verfahren the city's: an Akte
    of one office for a Verfahren of another."""
    andere = Organisationseinheit.objects.create(name="Landkreis", slug="landkreis", art="amt")
    Zustaendigkeit.objects.filter(leistung=welt.leistung).delete()
    Zustaendigkeit.objects.create(
        leistung=welt.leistung, organisationseinheit=andere, gebiet_ags="13073000"
    )
    Zustaendigkeit.objects.create(leistung=welt.leistung, organisationseinheit=welt.amt)
    antrag = _submit(welt)
    assert _zustellen(antrag) == "zugestellt"
    verfahren = Verfahren.objects.get(antrag=antrag)
    assert verfahren.organisationseinheit == welt.amt
    assert verfahren.vorgang.akte.federfuehrend == welt.amt


def test_without_responsible_office_nothing_starts_and_the_retry_resumes(welt):
    welt.leistung.zustaendigkeiten.all().delete()
    antrag = _submit(welt)
    assert _zustellen(antrag) == "fehler"
    row = Outbox.objects.get(consumer="eingang")
    assert "zuständig" in row.last_error and row.delivered_at is None
    assert not Verfahren.objects.exists() and not Vorgang.objects.exists()
    Zustaendigkeit.objects.create(leistung=welt.leistung, organisationseinheit=welt.amt)
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at) == "zugestellt"
    assert Verfahren.objects.get(antrag=antrag).organisationseinheit == welt.amt


def test_a_failure_after_filing_resumes_without_filing_twice(welt, monkeypatch):
    """A crash between the steps: the Antrag is filed, the Verfahren could not start. The
    retry starts it in the Vorgang already opened — no second Vorgang, no second filing."""
    antrag = _submit(welt)

    def kaputt(**kwargs):
        raise ValidationError("Prozessmodell fehlt", code="test")

    monkeypatch.setattr(eingang_modul, "verfahren_create", kaputt)
    assert _zustellen(antrag) == "fehler"
    eingang = Eingang.objects.get(antrag=antrag)
    assert _erledigt(eingang) == ["zustaendigkeit", "ablage", "zahlung", "termin"]
    assert Vorgang.objects.count() == 1 and not Verfahren.objects.exists()
    monkeypatch.undo()
    row = Outbox.objects.get(consumer="eingang")
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at) == "zugestellt"
    assert Vorgang.objects.count() == 1 and Dokument.objects.count() == 1
    assert Verfahren.objects.get(antrag=antrag).vorgang == eingang.vorgang


def test_without_aktenplan_position_nothing_is_filed_and_no_verfahren_starts(welt):
    AktenplanZuordnung.objects.filter(leistung=welt.leistung).delete()
    antrag = _submit(welt)
    assert _zustellen(antrag) == "fehler"
    assert _erledigt(Eingang.objects.get(antrag=antrag)) == ["zustaendigkeit"]
    assert not Vorgang.objects.exists() and not Verfahren.objects.exists()


@pytest.fixture
def zahlung():
    """A payment step at the extension point: waits until the test says it is paid."""
    bezahlt: set[int] = set()
    aufrufe: list[int] = []

    @eingang_schritte.register("test-zahlung")
    class Zahlung(EingangSchritt):
        stelle = "zahlung"

        def ausfuehren(self, eingang, antrag):
            aufrufe.append(antrag.pk)
            return antrag.pk in bezahlt

    try:
        yield bezahlt, aufrufe
    finally:
        eingang_schritte._items.pop("test-zahlung")


def test_an_extension_step_can_wait_and_the_intake_goes_on_later(
    welt, zahlung, django_capture_on_commit_callbacks
):
    bezahlt, aufrufe = zahlung
    antrag = _submit(welt)
    assert _zustellen(antrag) == "zugestellt"  # delivered: the pipeline waits, not failed
    eingang = Eingang.objects.get(antrag=antrag)
    assert _erledigt(eingang) == ["zustaendigkeit", "ablage"]
    assert eingang.abgeschlossen_am is None and not Verfahren.objects.exists()
    bezahlt.add(antrag.pk)
    eingang_continue(antrag_id=antrag.pk)
    (weiter,) = Outbox.objects.filter(topic="eingang.weiter")
    assert core_outbox.outbox_deliver(outbox_id=weiter.pk) == "zugestellt"
    eingang.refresh_from_db()
    assert _erledigt(eingang)[2:] == [
        "zahlung:test-zahlung",
        "zahlung",
        "termin",
        "verfahren",
        "benachrichtigung",
    ]
    assert aufrufe == [antrag.pk, antrag.pk]
    assert Verfahren.objects.filter(antrag=antrag).count() == 1
