"""Who gets the next task at once when a task is completed (no second claim), recorded in
the Protokoll; never a co-signature to the person who decided."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from rathaus.core.models import Protokoll
from rathaus.organisation.models import Mitgliedschaft, Rolle
from rathaus.verfahren import services
from rathaus.verfahren.models import Aufgabe, Verfahren

from . import factories as f
from .bpmn_helfer import fluss, modell, zwei_mitzeichnungen

pytestmark = pytest.mark.django_db

VOLLSTAENDIG = {"vollstaendigkeit": "vollstaendig"}
BEWILLIGEN = {"entscheidung": "bewilligen", "begruendung": "Alles erfüllt."}


def erledigen(v: Verfahren, user: Any, ergebnis: dict[str, Any]) -> Aufgabe:
    aufgabe = f.offen(v)
    services.aufgabe_complete(aufgabe=aufgabe, actor=user, ergebnis=ergebnis)
    return aufgabe


def zuweisungen(v: Verfahren) -> list[dict[str, Any]]:
    return [
        p.details
        for p in Protokoll.objects.filter(
            objekt_typ="verfahren.verfahren",
            objekt_id=str(v.pk),
            aktion="verfahren.aufgabe.assign",
        ).order_by("id")
    ]


# Who completes which step (on the standard model) → who holds the next task.
# "sb1" / "leitung1" are the people of f.Team; None: nobody, the unit's inbox.


def _bis_entscheidung(team: f.Team, v: Verfahren, wer: Any) -> None:
    erledigen(v, wer, VOLLSTAENDIG)


def _bis_mitzeichnung(team: f.Team, v: Verfahren, wer: Any) -> None:
    erledigen(v, wer, VOLLSTAENDIG)
    erledigen(v, wer, BEWILLIGEN)


def _zurueck(team: f.Team, v: Verfahren, wer: Any) -> None:
    _bis_mitzeichnung(team, v, team.sb1)
    erledigen(v, wer, {"mitzeichnung": "zurueck", "begruendung": "Bitte Auflage ergänzen."})


# fmt: off
FAELLE = [
    # step,              who completes it,   next task,            holder,     why
    (_bis_entscheidung,  "sb1",              "Entscheidung",       "sb1",      "folgeaufgabe"),
    (_bis_entscheidung,  "leitung1",         "Entscheidung",       "leitung1", "folgeaufgabe"),
    (_bis_mitzeichnung,  "sb1",              "Mitzeichnung",       None,       None),
    (_bis_mitzeichnung,  "leitung1",         "Mitzeichnung",       None,       None),
    (_zurueck,           "leitung1",         "Entscheidung",       "sb1",      "zuvor_bearbeitet"),
]
# fmt: on


@pytest.mark.parametrize(("schritt", "wer", "element", "inhaber", "grund"), FAELLE)
def test_next_task_goes_to_whom(schritt, wer, element, inhaber, grund):
    team = f.Team()
    v = f.verfahren(team.oe)
    schritt(team, v, getattr(team, wer))
    naechste = f.offen(v)
    assert naechste.element_id == element
    erwartet = getattr(team, inhaber) if inhaber else None
    assert naechste.bearbeiter == erwartet
    assert (naechste.zugewiesen_am is not None) == (erwartet is not None)
    letzte = [d for d in zuweisungen(v) if d["aufgabe"] == naechste.pk]
    if erwartet is None:
        assert letzte == []
        return
    assert letzte == [
        {
            "aufgabe": naechste.pk,
            "element": element,
            "vorher": None,
            "bearbeiter": erwartet.pk,
            "automatisch": grund,
        }
    ]
    # Recorded after the completion that caused it, by the person who completed.
    eintraege = list(
        Protokoll.objects.filter(objekt_typ="verfahren.verfahren", objekt_id=str(v.pk)).order_by(
            "id"
        )
    )
    assert [e.aktion for e in eintraege[-2:]] == [
        "verfahren.aufgabe.complete",
        "verfahren.aufgabe.assign",
    ]
    assert eintraege[-1].akteur == getattr(team, wer)


def test_the_clerk_completes_the_decision_without_claiming():
    team = f.Team()
    v = f.verfahren(team.oe)
    erledigen(v, team.sb1, VOLLSTAENDIG)
    # Another clerk cannot take it any more: it is the first clerk's.
    with pytest.raises(PermissionDenied, match="zugewiesen"):
        services.aufgabe_complete(aufgabe=f.offen(v), actor=team.sb2, ergebnis=BEWILLIGEN)
    erledigen(v, team.sb1, BEWILLIGEN)
    assert Verfahren.objects.get(pk=v.pk).entscheidung == "bewilligen"


def _leitung_entscheidet() -> bytes:
    """A model where the decision lies in the Leitung's lane, right before the co-signature:
    same lane, but the four-eyes principle keeps the decider away from it."""
    inhalt = (
        '<bpmn:startEvent id="Anfang"/>'
        + fluss("F1", "Anfang", "Entscheidung")
        + '<bpmn:userTask id="Entscheidung" name="Entscheiden" implementation="entscheidung"/>'
        + fluss("F2", "Entscheidung", "Zeichnung")
        + '<bpmn:userTask id="Zeichnung" name="Mitzeichnen" implementation="mitzeichnung"/>'
        + fluss("F3", "Zeichnung", "Ende")
        + '<bpmn:endEvent id="Ende"/>'
    )
    return modell(
        inhalt,
        lanes={"Leitung": ["Anfang", "Entscheidung", "Zeichnung", "Ende"]},
    )


@pytest.mark.parametrize("bpmn", [_leitung_entscheidet, zwei_mitzeichnungen])
def test_co_signature_never_goes_to_the_decider_or_a_signer(bpmn):
    team = f.Team()
    leistung = f.leistung()
    services.prozessmodell_upload(leistung=leistung, bpmn_xml=bpmn(), actor=f.fachadmin())
    v = f.verfahren(team.oe, leistung)
    erste = f.offen(v)
    entscheider = team.leitung1 if erste.rolle == Aufgabe.Rolle.LEITUNG else team.sb1
    erledigen(v, entscheider, BEWILLIGEN)
    zeichnung = f.offen(v)
    assert zeichnung.art == "mitzeichnung" and zeichnung.bearbeiter is None
    if zeichnung.element_id == "Zeichnung1":  # two co-signatures: the first signer ...
        erledigen(v, team.leitung1, {"mitzeichnung": "zeichnen"})
        zweite = f.offen(v)
        assert zweite.element_id == "Zeichnung2"
        assert zweite.bearbeiter is None  # ... does not get the second one
    assert zuweisungen(v) == []


def test_after_a_nachforderung_the_check_goes_back_to_its_clerk_with_a_protokoll_entry():
    team = f.Team()
    v = f.verfahren(team.oe)
    erledigen(v, team.sb2, {"vollstaendigkeit": "unvollstaendig", "nachforderung": "Lageplan"})
    services.nachforderung_mark_answered(verfahren=v, actor="antraege-outbox")
    pruefung = f.offen(v)
    assert pruefung.bearbeiter == team.sb2
    (eintrag,) = Protokoll.objects.filter(objekt_id=str(v.pk), aktion="verfahren.aufgabe.assign")
    assert eintrag.details["automatisch"] == "zuvor_bearbeitet"
    assert eintrag.akteur_name == "antraege-outbox"
    erledigen(v, team.sb2, VOLLSTAENDIG)
    assert f.offen(v).bearbeiter == team.sb2


@pytest.mark.parametrize("weg", ["ausgetreten", "deaktiviert"])
def test_a_clerk_who_left_gets_nothing(weg):
    team = f.Team()
    v = f.verfahren(team.oe)
    erledigen(v, team.sb2, {"vollstaendigkeit": "unvollstaendig", "nachforderung": "Lageplan"})
    if weg == "ausgetreten":
        Mitgliedschaft.objects.filter(user=team.sb2).delete()
    else:
        team.sb2.is_active = False
        team.sb2.save(update_fields=["is_active"])
    services.nachforderung_mark_answered(verfahren=v, actor="system")
    assert f.offen(v).bearbeiter is None
    assert zuweisungen(v) == []


def stand() -> tuple:
    return (
        list(Verfahren.objects.order_by("pk").values_list("pk", "zustand", "status", "schritte")),
        list(Aufgabe.objects.order_by("pk").values_list("pk", "status", "bearbeiter_id")),
        Protokoll.objects.count(),
    )


# Who tries to complete the clerk's check (held by sb1) → what they get.
VERWEIGERT: dict[str, tuple[Callable[[f.Team], Any], type[Exception]]] = {
    "sb2 (hat sie nicht)": (lambda t: t.sb2, PermissionDenied),
    "Fachadministration": (
        lambda t: f.user(None, (t.oe, Rolle.FACHADMINISTRATION)),
        PermissionDenied,
    ),
    "Administration": (lambda t: f.user(None, (t.oe, Rolle.ADMINISTRATION)), PermissionDenied),
    "andere Einheit": (
        lambda t: f.user(None, (f.organisationseinheit(), Rolle.SACHBEARBEITUNG)),
        Verfahren.DoesNotExist,
    ),
}


@pytest.mark.parametrize("wer", VERWEIGERT)
def test_a_refused_completion_assigns_nothing(wer):
    team = f.Team()
    v = f.verfahren(team.oe)
    services.aufgabe_claim(aufgabe=f.offen(v), actor=team.sb1)
    wer_, ausnahme = VERWEIGERT[wer]
    person = wer_(team)
    vorher = stand()
    with pytest.raises(ausnahme):
        services.aufgabe_complete(aufgabe=f.offen(v), actor=person, ergebnis=VOLLSTAENDIG)
    assert stand() == vorher
    assert Aufgabe.objects.filter(verfahren=v).count() == 1
