"""The timeline in words: every entry about an Aufgabe names it."""

from __future__ import annotations

import pytest
from django.db import transaction

from rathaus.core.services import protokoll_write
from rathaus.verfahren import selectors, services

from . import factories as f

pytestmark = pytest.mark.django_db


def texte(v, user) -> list[str]:
    return [e.text for e in selectors.timeline(user=user, verfahren=v) if e.art == "protokoll"]


def test_entries_name_their_task_result_and_people():
    team = f.Team()
    v = f.verfahren(team.oe)
    sb1, l1 = team.sb1.get_username(), team.leitung1.get_username()
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    services.aufgabe_complete(
        aufgabe=f.offen(v),
        actor=team.sb1,
        ergebnis={"entscheidung": "bewilligen", "begruendung": "ok"},
    )
    zeichnung = f.offen(v)
    services.aufgabe_assign(aufgabe=zeichnung, bearbeiter=team.leitung1, actor=team.leitung2)
    services.aufgabe_release(aufgabe=zeichnung, actor=team.leitung1)
    services.aufgabe_claim(aufgabe=zeichnung, actor=team.leitung1)
    services.aufgabe_assign(aufgabe=zeichnung, bearbeiter=None, actor=team.leitung2)
    services.aufgabe_complete(
        aufgabe=zeichnung,
        actor=team.leitung2,
        ergebnis={"mitzeichnung": "zurueck", "begruendung": "Auflage fehlt"},
    )
    assert texte(v, team.sb2) == [
        "Verfahren eröffnet",
        "Aufgabe „Vollständigkeit prüfen“ erledigt: vollständig",
        f"Aufgabe „Prüfen und entscheiden“ automatisch {sb1} zugewiesen (nächster Schritt)",
        "Aufgabe „Prüfen und entscheiden“ erledigt: bewilligt",
        f"Aufgabe „Mitzeichnen“ {l1} zugewiesen",
        "Aufgabe „Mitzeichnen“ zurückgegeben",
        "Aufgabe „Mitzeichnen“ übernommen",
        "Zuweisung der Aufgabe „Mitzeichnen“ aufgehoben",
        "Aufgabe „Mitzeichnen“ erledigt: zurück zur Prüfung",
        f"Aufgabe „Prüfen und entscheiden“ automatisch {sb1} zugewiesen "
        "(hat den Schritt zuvor bearbeitet)",
    ]


@pytest.mark.parametrize(
    "details",
    [
        {},
        {"aufgabe": "<script>"},
        {"aufgabe": 10**30},
        {"aufgabe": None, "ergebnis": ["vollstaendig"]},
        {"ergebnis": {"vollstaendigkeit": {"x": 1}}},
    ],
)
def test_entries_without_a_known_task_keep_the_generic_text(details):
    team = f.Team()
    v = f.verfahren(team.oe)
    with transaction.atomic():
        protokoll_write(
            actor="test", action="verfahren.aufgabe.complete", target=v, details=details
        )
        protokoll_write(actor="test", action="verfahren.aufgabe.assign", target=v, details=details)
    assert texte(v, team.sb1)[-2:] == ["Aufgabe erledigt", "Aufgabe zugewiesen"]


def test_a_completed_task_with_a_bad_stored_result_is_named_without_it():
    team = f.Team()
    v = f.verfahren(team.oe)
    aufgabe = f.offen(v)
    with transaction.atomic():
        protokoll_write(
            actor="test",
            action="verfahren.aufgabe.complete",
            target=v,
            details={"aufgabe": aufgabe.pk, "ergebnis": {"vollstaendigkeit": "vielleicht"}},
        )
    assert texte(v, team.sb1)[-1] == "Aufgabe „Vollständigkeit prüfen“ erledigt"
