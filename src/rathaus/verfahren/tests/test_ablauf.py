"""The default process end to end; every step reloads the Verfahren from the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rathaus.akten import services as akten
from rathaus.akten.models import Vorgang
from rathaus.akten.tests import factories as akten_f
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll
from rathaus.konten.models import Postfachnachricht
from rathaus.verfahren import services
from rathaus.verfahren.bpmn import engine
from rathaus.verfahren.bpmn.registry import servicetasks
from rathaus.verfahren.models import Aufgabe, Frist, Mitzeichnung, Nachricht, Verfahren
from rathaus.verfahren.services.zda import NACHLAUF_TAGE, widerspruchsfrist_ende

from . import factories as f

pytestmark = pytest.mark.django_db


def frisch(v: Verfahren) -> Verfahren:
    return Verfahren.objects.get(pk=v.pk)


def erledigen(v: Verfahren, user, ergebnis: dict) -> Verfahren:
    aufgabe = f.offen(frisch(v))
    services.aufgabe_complete(aufgabe=aufgabe, actor=user, ergebnis=ergebnis)
    v = frisch(v)
    # The stored state alone must carry the process: it loads and serialises identically.
    assert engine.speichern(engine.laden(v.zustand)) == v.zustand
    return v


def worker() -> None:
    """The background worker: deliver the Bescheid rows the co-signatures asked for."""
    for row in Outbox.objects.filter(topic="verfahren.bescheid", delivered_at__isnull=True):
        ergebnis = core_outbox.outbox_deliver(outbox_id=row.pk)
        row.refresh_from_db()
        assert ergebnis == "zugestellt", row.last_error


def test_create_runs_to_the_first_user_task_and_is_idempotent():
    team = f.Team()
    v = f.verfahren(team.oe, aktenzeichen="STR-2026-004711")
    aufgabe = f.offen(v)
    assert (aufgabe.element_id, aufgabe.art, aufgabe.rolle) == (
        "Vollstaendigkeitspruefung",
        "vollstaendigkeitspruefung",
        "sachbearbeitung",
    )
    assert aufgabe.organisationseinheit_id == team.oe.pk
    assert aufgabe.faellig_am == timezone.localdate() + timedelta(days=5)
    assert v.status == Verfahren.Status.IN_BEARBEITUNG
    assert v.prozessmodell.leistung is None and v.prozessmodell.version == 1
    assert Protokoll.objects.filter(aktion="verfahren.create", objekt_id=str(v.pk)).count() == 1
    again = f.verfahren(
        team.oe, v.leistung, antrag=v.antrag, vorgang=v.vorgang, aktenzeichen="STR-2026-004711"
    )
    assert again.pk == v.pk
    assert Aufgabe.objects.filter(verfahren=v).count() == 1


def test_default_path_to_closing_the_vorgang():
    team = f.Team()
    leistung = f.leistung()
    vorgang = akten_f.vorgang(betreff="Sondernutzung Musterfrau")
    buerger = f.buerger()
    v = f.verfahren(team.oe, leistung, buerger=buerger, vorgang=vorgang)
    v = erledigen(v, team.sb1, {"vollstaendigkeit": "vollstaendig"})
    assert f.offen(v).element_id == "Entscheidung"
    assert f.offen(v).bearbeiter == team.sb1  # the clerk's next step, no second claim
    v = erledigen(v, team.sb1, {"entscheidung": "bewilligen", "begruendung": "Alles erfüllt."})
    assert v.entscheidung == "bewilligen"
    mitzeichnung = f.offen(v)
    assert (mitzeichnung.element_id, mitzeichnung.rolle) == ("Mitzeichnung", "leitung")
    assert mitzeichnung.bearbeiter is None
    v = erledigen(v, team.leitung1, {"mitzeichnung": "zeichnen"})
    # The co-signature only asked for the Bescheid: the worker makes it.
    assert (v.status, v.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert f.offene(v) == [] and v.abgeschlossen_am is None
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is None
    assert not Postfachnachricht.objects.exists()
    (auftrag,) = Outbox.objects.filter(topic="verfahren.bescheid")
    assert (auftrag.key, auftrag.consumer) == (str(v.pk), "bescheid")
    worker()
    v = frisch(v)
    assert v.status == Verfahren.Status.ABGESCHLOSSEN
    assert v.abgeschlossen_am is not None
    assert v.bescheid_status == "zugestellt"
    assert f.offene(v) == []
    # The Vorgang stays open while a Widerspruch is possible; the daily run closes it once
    # the Widerspruchsfrist (a month from the Bekanntgabe) and the Nachlauf have passed.
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is None
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.WIDERSPRUCH)
    bekanntgabe = v.bescheide.get().bekanntgabe_am
    assert frist.datum == widerspruchsfrist_ende(bekanntgabe) > bekanntgabe + timedelta(days=27)
    letzter_tag = frist.datum + timedelta(days=NACHLAUF_TAGE)
    assert services.fristen_check(heute=letzter_tag)["zda"] == 0
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is None
    assert services.fristen_check(heute=letzter_tag + timedelta(days=1))["zda"] == 1
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is not None
    assert Frist.objects.get(pk=frist.pk).erledigt
    assert services.fristen_check(heute=letzter_tag + timedelta(days=2))["zda"] == 0
    assert engine.speichern(engine.laden(v.zustand)) == v.zustand
    assert engine.laden(v.zustand).last_task.data["bescheid_id"] == v.bescheide.get().pk
    nachricht = Postfachnachricht.objects.get(empfaenger=buerger)
    assert "bewilligt" in nachricht.text
    assert Mitzeichnung.objects.get(verfahren=v).zeichner == team.leitung1
    aktionen = list(
        Protokoll.objects.filter(objekt_typ="verfahren.verfahren", objekt_id=str(v.pk))
        .order_by("id")
        .values_list("aktion", flat=True)
    )
    assert aktionen[-6:] == [
        "verfahren.bescheid.beauftragt",
        "verfahren.aufgabe.complete",
        "verfahren.bescheid.erstellt",
        "verfahren.bescheid.zugestellt",
        "verfahren.abschluss",
        "verfahren.zda",
    ]


def test_a_bescheid_by_post_leaves_the_vorgang_for_the_clerks_zda():
    team = f.Team()
    position = akten_f.aktenplaneinheit()
    leistung = f.leistung()
    akten.aktenplan_zuordnung_set(leistung=leistung, aktenplaneinheit=position, actor=f.ACTOR)
    vorgang = akten.vorgang_open(
        betreff="Antrag", leistung=leistung, organisationseinheit=team.oe,
        verfahren_ref="STR-2026-999999", actor=f.ACTOR,
    )  # fmt: skip
    v = f.verfahren(team.oe, leistung, aktenzeichen="STR-2026-999999", vorgang=vorgang)
    v = erledigen(v, team.sb1, {"vollstaendigkeit": "vollstaendig"})
    v = erledigen(v, team.sb1, {"entscheidung": "ablehnen", "begruendung": "Nicht zulässig."})
    v = erledigen(v, team.leitung2, {"mitzeichnung": "zeichnen"})
    assert v.vorgang_id == vorgang.pk
    worker()
    assert frisch(v).vorgang_id == vorgang.pk
    # Sent by post (no citizen account): no known Bekanntgabe, so no Widerspruchsfrist;
    # the Vorgang waits for the clerk's zdA.
    assert frisch(v).bescheid_status == "postversand"
    assert not Frist.objects.filter(verfahren=v, art=Frist.Art.WIDERSPRUCH).exists()
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is None
    services.verfahren_zda(verfahren=v, actor=team.sb1)
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is not None


def test_cosigner_sends_back_and_the_decider_gets_the_task_again():
    team = f.Team()
    v = f.verfahren(team.oe)
    v = erledigen(v, team.sb1, {"vollstaendigkeit": "vollstaendig"})
    v = erledigen(v, team.sb1, {"entscheidung": "bewilligen", "begruendung": "ok"})
    with pytest.raises(ValidationError) as fehler:
        erledigen(v, team.leitung1, {"mitzeichnung": "zurueck"})
    assert "begruendung" in fehler.value.message_dict
    v = erledigen(v, team.leitung1, {"mitzeichnung": "zurueck", "begruendung": "Auflage fehlt"})
    zurueck = f.offen(v)
    assert zurueck.element_id == "Entscheidung"
    assert zurueck.bearbeiter == team.sb1
    v = erledigen(v, team.sb1, {"entscheidung": "bewilligen", "begruendung": "mit Auflage"})
    # A new decision: the same head may sign it.
    v = erledigen(v, team.leitung1, {"mitzeichnung": "zeichnen"})
    worker()
    v = frisch(v)
    assert v.status == Verfahren.Status.ABGESCHLOSSEN
    assert v.bescheide.get().entscheidung == "bewilligen"
    assert Mitzeichnung.objects.filter(verfahren=v).count() == 2


def test_nachforderung_answered():
    team = f.Team()
    buerger = f.buerger()
    v = f.verfahren(team.oe, buerger=buerger)
    with pytest.raises(ValidationError) as fehler:
        erledigen(v, team.sb1, {"vollstaendigkeit": "unvollstaendig"})
    assert "nachforderung" in fehler.value.message_dict
    v = erledigen(
        v,
        team.sb1,
        {
            "vollstaendigkeit": "unvollstaendig",
            "nachforderung": "Lageplan fehlt.",
            "frist_tage": 10,
        },
    )
    assert v.status == Verfahren.Status.WARTET
    assert f.offene(v) == []
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.NACHFORDERUNG)
    assert frist.datum == timezone.localdate() + timedelta(days=10)
    assert v.naechste_frist_am == frist.datum
    nachricht = Postfachnachricht.objects.get(empfaenger=buerger)
    assert "Lageplan fehlt." in nachricht.text
    services.nachforderung_mark_answered(verfahren=v, actor=buerger.user, text="Anbei der Plan.")
    v = frisch(v)
    assert v.status == Verfahren.Status.IN_BEARBEITUNG
    aufgabe = f.offen(v)
    assert aufgabe.element_id == "Vollstaendigkeitspruefung"
    assert aufgabe.bearbeiter == team.sb1  # back to whoever asked
    assert Frist.objects.get(pk=frist.pk).erledigt
    assert list(Nachricht.objects.filter(verfahren=v).values_list("richtung", flat=True)) == [
        "ausgang",
        "eingang",
    ]
    with pytest.raises(ValidationError, match="wartet nicht"):
        services.nachforderung_mark_answered(verfahren=v, actor=buerger.user)
    v = erledigen(v, team.sb1, {"vollstaendigkeit": "vollstaendig"})
    assert f.offen(v).element_id == "Entscheidung"


def test_nachforderung_deadline_passes():
    team = f.Team()
    v = f.verfahren(team.oe)
    v = erledigen(v, team.sb1, {"vollstaendigkeit": "unvollstaendig", "nachforderung": "Foto"})
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.NACHFORDERUNG)
    assert services.fristen_check(heute=frist.datum)["nachforderungen_abgelaufen"] == 0
    ergebnis = services.fristen_check(heute=frist.datum + timedelta(days=1))
    assert ergebnis["nachforderungen_abgelaufen"] == 1
    v = frisch(v)
    assert v.status == Verfahren.Status.IN_BEARBEITUNG
    assert f.offen(v).element_id == "Vollstaendigkeitspruefung"
    assert engine.laden(v.zustand).last_task.data["nachforderung_ausgang"] == "frist_abgelaufen"
    # A second run finds nothing to do.
    assert services.fristen_check(heute=frist.datum + timedelta(days=2)) == {
        "nachforderungen_abgelaufen": 0,
        "warnungen": 0,
        "wiedervorlagen": 0,
        "fehler": 0,
        "zda": 0,
        "zda_pruefen": 0,
    }
    # A late answer is refused: the process no longer waits for it.
    with pytest.raises(ValidationError):
        services.nachforderung_mark_answered(verfahren=v, actor="system")


def test_four_eyes_decider_may_not_cosign():
    team = f.Team()
    v = f.verfahren(team.oe)
    # Leitung may do the clerk's steps too, but then another head must co-sign.
    v = erledigen(v, team.leitung1, {"vollstaendigkeit": "vollstaendig"})
    v = erledigen(v, team.leitung1, {"entscheidung": "ablehnen", "begruendung": "nein"})
    stand = frisch(v).zustand
    aufgabe = f.offen(v)
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.aufgabe_complete(
            aufgabe=aufgabe, actor=team.leitung1, ergebnis={"mitzeichnung": "zeichnen"}
        )
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.aufgabe_claim(aufgabe=aufgabe, actor=team.leitung1)
    with pytest.raises(PermissionDenied, match="Vier-Augen"):
        services.aufgabe_assign(aufgabe=aufgabe, bearbeiter=team.leitung1, actor=team.leitung2)
    assert frisch(v).zustand == stand
    assert f.offen(v).bearbeiter is None
    v = erledigen(v, team.leitung2, {"mitzeichnung": "zeichnen"})
    worker()
    assert frisch(v).status == Verfahren.Status.ABGESCHLOSSEN


def test_failing_service_handler_changes_nothing():
    team = f.Team()
    v = f.verfahren(team.oe)
    v = erledigen(v, team.sb1, {"vollstaendigkeit": "vollstaendig"})
    v = erledigen(v, team.sb1, {"entscheidung": "bewilligen", "begruendung": "ok"})
    vorher = frisch(v)
    protokolle = Protokoll.objects.count()

    def kaputt(kontext):
        raise RuntimeError("PDF-Dienst nicht erreichbar")

    with servicetasks.ersetzt("bescheid.erstellen", kaputt), pytest.raises(RuntimeError):
        erledigen(v, team.leitung1, {"mitzeichnung": "zeichnen"})
    nachher = frisch(v)
    assert (nachher.zustand, nachher.status, nachher.schritte) == (
        vorher.zustand,
        vorher.status,
        vorher.schritte,
    )
    assert f.offen(v).status == Aufgabe.Status.OFFEN
    assert Protokoll.objects.count() == protokolle
    assert not Mitzeichnung.objects.exists()


def test_handlers_replaced_without_akten_data():
    team = f.Team()
    aufrufe: list[str] = []

    def merken(kontext):
        aufrufe.append(kontext.topic)
        return {"bescheid_nr": "B-1"} if kontext.topic == "bescheid.erstellen" else None

    v = f.verfahren(team.oe)
    with (
        servicetasks.ersetzt("bescheid.erstellen", merken),
        servicetasks.ersetzt("bescheid.zustellen", merken),
        servicetasks.ersetzt("verfahren.abschliessen", merken),
    ):
        v = erledigen(v, team.sb1, {"vollstaendigkeit": "vollstaendig"})
        v = erledigen(v, team.sb1, {"entscheidung": "bewilligen", "begruendung": "ok"})
        v = erledigen(v, team.leitung1, {"mitzeichnung": "zeichnen"})
    # A replacing handler that made the Bescheid itself: the step does not wait for the
    # worker's "bescheid_erstellt" but runs on at once.
    assert aufrufe == ["bescheid.erstellen", "bescheid.zustellen", "verfahren.abschliessen"]
    assert v.status == Verfahren.Status.ABGESCHLOSSEN
    assert not Outbox.objects.filter(topic="verfahren.bescheid").exists()
    assert engine.laden(v.zustand).last_task.data["bescheid_nr"] == "B-1"


def test_invalid_result_changes_nothing():
    team = f.Team()
    v = f.verfahren(team.oe)
    vorher = frisch(v)
    aufgabe = f.offen(v)
    for ergebnis, feld in (
        ({"vollstaendigkeit": "vielleicht"}, "vollstaendigkeit"),
        ({}, "vollstaendigkeit"),
        ({"vollstaendigkeit": "vollstaendig", "hack": 1}, "hack"),
        (
            {"vollstaendigkeit": "unvollstaendig", "nachforderung": "x", "frist_tage": 0},
            "frist_tage",
        ),
    ):
        with pytest.raises(ValidationError) as fehler:
            services.aufgabe_complete(aufgabe=aufgabe, actor=team.sb1, ergebnis=ergebnis)
        assert feld in fehler.value.message_dict
    assert frisch(v).zustand == vorher.zustand
    assert f.offen(v).status == Aufgabe.Status.OFFEN


def test_completed_task_cannot_be_completed_twice():
    team = f.Team()
    v = f.verfahren(team.oe)
    aufgabe = f.offen(v)
    services.aufgabe_complete(
        aufgabe=aufgabe, actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    with pytest.raises(ValidationError, match="bereits"):
        services.aufgabe_complete(
            aufgabe=aufgabe, actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
        )
