"""Claiming, assigning and releasing Aufgaben; the claim race."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from rathaus.organisation.models import Rolle
from rathaus.verfahren import services
from rathaus.verfahren.models import Aufgabe

from . import factories as f


@pytest.mark.django_db
def test_claim_sequentially_exactly_one_wins():
    team = f.Team()
    aufgabe = f.offen(f.verfahren(team.oe))
    services.aufgabe_claim(aufgabe=aufgabe, actor=team.sb1)
    with pytest.raises(ValidationError, match="bereits von sb1"):
        services.aufgabe_claim(aufgabe=aufgabe, actor=team.sb2)
    assert services.aufgabe_claim(aufgabe=aufgabe, actor=team.sb1).bearbeiter == team.sb1  # no-op
    assert Aufgabe.objects.get(pk=aufgabe.pk).bearbeiter == team.sb1
    with pytest.raises(PermissionDenied, match="zugewiesen"):
        services.aufgabe_complete(
            aufgabe=aufgabe, actor=team.sb2, ergebnis={"vollstaendigkeit": "vollstaendig"}
        )


@pytest.mark.django_db(transaction=True)
def test_claim_race_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with one database lock; row locks need PostgreSQL")
    team = f.Team()
    aufgabe = f.offen(f.verfahren(team.oe))
    leute = [f.user(None, (team.oe, Rolle.SACHBEARBEITUNG)) for _ in range(8)]
    barrier = threading.Barrier(len(leute))
    gewonnen: list[str] = []
    verloren: list[BaseException] = []

    def uebernehmen(person) -> None:
        try:
            barrier.wait()
            services.aufgabe_claim(aufgabe=aufgabe, actor=person)
            gewonnen.append(person.username)
        except BaseException as error:
            verloren.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=uebernehmen, args=(p,)) for p in leute]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(gewonnen) == 1
    assert len(verloren) == 7
    assert all(isinstance(e, ValidationError) and e.code == "vergeben" for e in verloren)
    assert Aufgabe.objects.get(pk=aufgabe.pk).bearbeiter.username == gewonnen[0]


@pytest.mark.django_db
def test_leitung_assigns_reassigns_and_unassigns():
    team = f.Team()
    aufgabe = f.offen(f.verfahren(team.oe))
    services.aufgabe_assign(aufgabe=aufgabe, bearbeiter=team.sb1, actor=team.leitung1)
    services.aufgabe_assign(aufgabe=aufgabe, bearbeiter=team.sb2, actor=team.leitung1)
    assert Aufgabe.objects.get(pk=aufgabe.pk).bearbeiter == team.sb2
    fremd = f.user(None, (f.organisationseinheit(), Rolle.SACHBEARBEITUNG))
    with pytest.raises(ValidationError) as fehler:
        services.aufgabe_assign(aufgabe=aufgabe, bearbeiter=fremd, actor=team.leitung1)
    assert "bearbeiter" in fehler.value.message_dict
    services.aufgabe_assign(aufgabe=aufgabe, bearbeiter=None, actor=team.leitung1)
    assert Aufgabe.objects.get(pk=aufgabe.pk).bearbeiter is None


@pytest.mark.django_db
def test_clerk_cannot_be_assigned_a_leitung_task_and_release_only_by_holder():
    team = f.Team()
    v = f.verfahren(team.oe)
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    services.aufgabe_complete(
        aufgabe=f.offen(v),
        actor=team.sb1,
        ergebnis={"entscheidung": "ablehnen", "begruendung": "x"},
    )
    mitzeichnung = f.offen(v)
    with pytest.raises(ValidationError):
        services.aufgabe_assign(aufgabe=mitzeichnung, bearbeiter=team.sb2, actor=team.leitung1)
    services.aufgabe_claim(aufgabe=mitzeichnung, actor=team.leitung1)
    with pytest.raises(PermissionDenied):
        services.aufgabe_release(aufgabe=mitzeichnung, actor=team.leitung2)
    services.aufgabe_release(aufgabe=mitzeichnung, actor=team.leitung1)
    assert Aufgabe.objects.get(pk=mitzeichnung.pk).bearbeiter is None


@pytest.mark.django_db
@pytest.mark.parametrize("tage", [float("inf"), float("nan"), "1e999", 10**30])
def test_complete_with_absurd_numbers_is_a_field_error_and_changes_nothing(tage):
    team = f.Team()
    aufgabe = f.offen(f.verfahren(team.oe))
    with pytest.raises(ValidationError) as fehler:
        services.aufgabe_complete(
            aufgabe=aufgabe,
            actor=team.sb1,
            ergebnis={
                "vollstaendigkeit": "unvollstaendig",
                "nachforderung": "Lageplan",
                "frist_tage": tage,
            },
        )
    assert "frist_tage" in fehler.value.message_dict
    assert Aufgabe.objects.get(pk=aufgabe.pk).status == Aufgabe.Status.OFFEN
