"""The demo appointment offices: real services of the demo catalogue, bookable at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from rathaus.katalog.demo.laden import demo_load
from rathaus.termine import selectors
from rathaus.termine.demo import ORTE
from rathaus.termine.models import Terminleistung, Terminort

pytestmark = pytest.mark.django_db


def test_the_demo_offices_offer_their_services_with_free_days():
    demo_load(actor="test", admin=False)
    call_command("load_demo_termine")
    call_command("load_demo_termine")  # a second run changes nothing
    assert Terminort.objects.count() == 3
    namen = {o.organisationseinheit.slug for o in Terminort.objects.all()}
    assert namen == {"buergerbuero", "kfz-zulassungsstelle", "standesamt"}
    assert Terminleistung.objects.count() == sum(len(o.leistungen) for o in ORTE)
    buergerbuero = Terminort.objects.get(organisationseinheit__slug="buergerbuero")
    assert (
        buergerbuero.standort
        == Terminort.objects.get(organisationseinheit__slug="kfz-zulassungsstelle").standort
    )
    ausweis = Terminleistung.objects.get(
        terminort=buergerbuero, leistung__leika_schluessel="99008001012000"
    )
    wunsch = selectors.wunsch_build(terminort=buergerbuero, leistungen={ausweis.leistung_id: 3})
    assert wunsch.einheiten == 4
    tage = selectors.freie_tage(wunsch=wunsch)
    assert len(tage) > 20
    assert all(t.weekday() < 6 for t in tage)  # Saturday hours exist, Sunday none
    von, bis = selectors.fenster(terminort=buergerbuero)
    weihnachten = date(von.year, 12, 25)
    if von <= weihnachten <= bis:  # a holiday of the demo Schließtage
        assert weihnachten not in tage
    standesamt = Terminort.objects.get(organisationseinheit__slug="standesamt")
    ehe = Terminleistung.objects.get(terminort=standesamt)
    assert ehe.leistung.leika_schluessel == "99059001104000" and ehe.einheiten == 4
