"""Authorization as a table of role × action; a refused action changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from rathaus.core.models import Protokoll
from rathaus.organisation.models import Rolle
from rathaus.verfahren import selectors, services
from rathaus.verfahren.models import Aufgabe, Mitzeichnung, Notiz, Prozessmodell, Verfahren

from . import factories as f

pytestmark = pytest.mark.django_db

JA, NEIN, UNSICHTBAR = "ja", "nein", "404"


class Lage:
    def __init__(self) -> None:
        self.team = f.Team()
        self.leistung = f.leistung()
        self.pruefung = f.verfahren(self.team.oe, self.leistung)
        self.zeichnen = f.verfahren(self.team.oe, self.leistung)
        for ergebnis in (
            {"vollstaendigkeit": "vollstaendig"},
            {"entscheidung": "bewilligen", "begruendung": "ok"},
        ):
            services.aufgabe_complete(
                aufgabe=f.offen(self.zeichnen), actor=self.team.sb1, ergebnis=ergebnis
            )

    def person(self, rolle: str):
        oe = self.team.oe
        if rolle == "andere_oe":
            return f.user(None, (f.organisationseinheit(), Rolle.SACHBEARBEITUNG))
        if rolle == "ohne":
            return f.user(None)
        if rolle == "buerger":
            return f.buerger().user
        return f.user(None, (oe, rolle))


AKTIONEN: dict[str, Callable[[Lage, Any], Any]] = {
    "ansehen": lambda x, u: selectors.verfahren_detail(user=u, pk=x.pruefung.pk),
    "uebernehmen": lambda x, u: services.aufgabe_claim(aufgabe=f.offen(x.pruefung), actor=u),
    "erledigen": lambda x, u: services.aufgabe_complete(
        aufgabe=f.offen(x.pruefung), actor=u, ergebnis={"vollstaendigkeit": "vollstaendig"}
    ),
    "zuweisen": lambda x, u: services.aufgabe_assign(
        aufgabe=f.offen(x.pruefung), bearbeiter=x.team.sb2, actor=u
    ),
    "notiz": lambda x, u: services.notiz_add(verfahren=x.pruefung, text="Rückruf", actor=u),
    "mitzeichnen": lambda x, u: services.aufgabe_complete(
        aufgabe=f.offen(x.zeichnen), actor=u, ergebnis={"mitzeichnung": "zeichnen"}
    ),
    "modell_hochladen": lambda x, u: services.prozessmodell_upload(
        leistung=x.leistung, bpmn_xml=f.standard_xml(), actor=u
    ),
}

X = UNSICHTBAR
# fmt: off
TABELLE = {
    #                          ansehen übernehmen erledigen zuweisen notiz mitzeichnen modell
    Rolle.SACHBEARBEITUNG:    (JA,     JA,        JA,       NEIN,    JA,   NEIN,       NEIN),
    Rolle.LEITUNG:            (JA,     JA,        JA,       JA,      JA,   JA,         NEIN),
    Rolle.FACHADMINISTRATION: (JA,     NEIN,      NEIN,     NEIN,    NEIN, NEIN,       JA),
    Rolle.ADMINISTRATION:     (JA,     NEIN,      NEIN,     NEIN,    NEIN, NEIN,       NEIN),
    "andere_oe":              (X,      X,         X,        X,       X,    X,          NEIN),
    "ohne":                   (X,      X,         X,        X,       X,    X,          NEIN),
    "buerger":                (X,      X,         X,        X,       X,    X,          NEIN),
}
# fmt: on
FAELLE = [
    (rolle, aktion, erwartet)
    for rolle, zeile in TABELLE.items()
    for aktion, erwartet in zip(AKTIONEN, zeile, strict=True)
]


def stand() -> tuple:
    return (
        list(Verfahren.objects.order_by("pk").values_list("pk", "zustand", "status", "schritte")),
        list(
            Aufgabe.objects.order_by("pk").values_list(
                "pk", "status", "bearbeiter_id", "erledigt_am"
            )
        ),
        Notiz.objects.count(),
        Mitzeichnung.objects.count(),
        Prozessmodell.objects.count(),
        Protokoll.objects.count(),
    )


@pytest.mark.parametrize(("rolle", "aktion", "erwartet"), FAELLE)
def test_rolle_mal_aktion(rolle, aktion, erwartet, caplog):
    lage = Lage()
    person = lage.person(rolle)
    vorher = stand()
    if erwartet == JA:
        AKTIONEN[aktion](lage, person)
        if aktion != "ansehen":
            assert stand() != vorher
        return
    erwartete_ausnahme = PermissionDenied if erwartet == NEIN else Verfahren.DoesNotExist
    with (
        caplog.at_level("WARNING", logger="rathaus.verfahren.zugriff"),
        pytest.raises(erwartete_ausnahme),
    ):
        AKTIONEN[aktion](lage, person)
    assert stand() == vorher
    if erwartet == UNSICHTBAR:
        assert any(r.message == "verfahren.zugriff_verweigert" for r in caplog.records)


def test_system_actor_may_create_but_not_act_as_staff():
    team = f.Team()
    v = f.verfahren(team.oe, actor="antraege-outbox")
    vorher = stand()
    with pytest.raises(PermissionDenied):
        services.aufgabe_claim(aufgabe=f.offen(v), actor="system")
    with pytest.raises(PermissionDenied):
        services.notiz_add(verfahren=v, text="x", actor=None)
    assert stand() == vorher
