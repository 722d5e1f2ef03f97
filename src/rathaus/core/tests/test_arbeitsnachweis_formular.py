"""The form helpers of core.arbeitsnachweis that antraege.schutz and the Terminvergabe's
booking and waiting-list pages share: what a protected form carries, and the check of
what it sent (the solved challenge decides if there is one, else the Wartemarke)."""

from __future__ import annotations

import altcha
import pytest
from django.http import QueryDict

from rathaus.core import arbeitsnachweis
from rathaus.core.arbeitsnachweis import Ergebnis


def _post(**felder: str) -> QueryDict:
    daten = QueryDict(mutable=True)
    for name, wert in felder.items():
        daten[name] = wert
    return daten


@pytest.fixture(autouse=True)
def _leicht(settings):
    settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE = 20
    settings.RATHAUS_ARBEITSNACHWEIS_ITERATIONEN = 10
    settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = 0


def _geloest(felder: dict) -> str:
    aufgabe = altcha.Challenge.from_dict(felder["aufgabe"])
    loesung = altcha.solve_challenge(aufgabe)
    assert loesung is not None
    return altcha.Payload(aufgabe, loesung).to_base64()


def test_the_form_fields_keep_a_good_wartemarke_and_replace_a_foreign_one():
    felder = arbeitsnachweis.formularfelder(zweck="z", bindung="1")
    assert set(felder) == {"aufgabe", "wartemarke", "wartezeit"}
    assert felder["wartezeit"] == 0
    gut = felder["wartemarke"]
    assert (
        arbeitsnachweis.formularfelder(zweck="z", bindung="1", wartemarke=gut)["wartemarke"] == gut
    )
    fremd = arbeitsnachweis.formularfelder(zweck="z", bindung="2", wartemarke=gut)
    assert fremd["wartemarke"] != gut
    assert (
        arbeitsnachweis.formularfelder(zweck="z", bindung="1", wartemarke="x" * 5000)["wartemarke"]
        != "x" * 5000
    )


def test_the_check_reads_the_solution_first_and_counts_it_once():
    felder = arbeitsnachweis.formularfelder(zweck="z", bindung="1")
    loesung = _geloest(felder)
    daten = _post(arbeitsnachweis=f"  {loesung} ", wartemarke="egal")
    assert arbeitsnachweis.formular_pruefen(daten, zweck="z", bindung="1").ok
    assert (
        arbeitsnachweis.formular_pruefen(daten, zweck="z", bindung="1").ergebnis
        is Ergebnis.VERBRAUCHT
    )
    # a solution for another object is refused even with a good Wartemarke beside it
    anderes = _geloest(arbeitsnachweis.formularfelder(zweck="z", bindung="2"))
    daten = _post(arbeitsnachweis=anderes, wartemarke=felder["wartemarke"])
    assert not arbeitsnachweis.formular_pruefen(daten, zweck="z", bindung="1").ok


def test_without_a_solution_the_wartemarke_decides():
    marke = arbeitsnachweis.formularfelder(zweck="z", bindung="1")["wartemarke"]
    assert arbeitsnachweis.formular_pruefen(_post(wartemarke=marke), zweck="z", bindung="1").ok
    assert (
        arbeitsnachweis.formular_pruefen(_post(), zweck="z", bindung="1").ergebnis is Ergebnis.FEHLT
    )
    assert (
        arbeitsnachweis.formular_pruefen(
            _post(wartemarke="kaputt"), zweck="z", bindung="1"
        ).ergebnis
        is Ergebnis.UNGUELTIG
    )
