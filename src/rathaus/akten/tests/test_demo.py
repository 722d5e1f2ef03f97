"""The E-Akte sample content: loads once, maps demo Leistungen, offers an Aussonderung."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rathaus.akten import aussonderung as a
from rathaus.akten.demo import demo_akten_geladen
from rathaus.akten.integrity import integrity_verify
from rathaus.akten.models import Akte, Aktenplaneinheit, AktenplanZuordnung, Dokument
from rathaus.core.models import Protokoll

from .aussonderung_helfer import XSD

pytestmark = pytest.mark.django_db


@XSD
def test_load_demo_akten_is_idempotent_and_ready_for_an_aussonderung(tmp_path):
    call_command("load_demo", "--ohne-admin", stdout=io.StringIO())
    assert not demo_akten_geladen()
    out = io.StringIO()
    call_command("load_demo_akten", stdout=out)
    assert demo_akten_geladen()
    assert Aktenplaneinheit.objects.get(kennzeichen="3.4.3").aufbewahrungsdauer_jahre == 30
    assert Aktenplaneinheit.objects.get(kennzeichen="5.1").aussonderungsart == "V"
    wohngeld = AktenplanZuordnung.objects.get(leistung__leika_schluessel="99107023017000")
    assert wohngeld.aktenplaneinheit.kennzeichen == "5.1"
    assert Akte.objects.filter(zda_am__isnull=True).count() == 2
    assert Dokument.objects.count() == 12
    pdf = Dokument.objects.first().versionen.get()
    assert pdf.mediatyp == "application/pdf"
    assert Protokoll.objects.filter(aktion="akten.demo.zda_zurueckdatiert").count() == 5

    zaehler = (Protokoll.objects.count(), Akte.objects.count(), Dokument.objects.count())
    call_command("load_demo_akten", stdout=out)
    assert (Protokoll.objects.count(), Akte.objects.count(), Dokument.objects.count()) == zaehler
    assert "bereits da" in out.getvalue()

    anzubieten = {x.aktenplaneinheit.kennzeichen for x in a.anzubietende_akten()}
    assert anzubieten == {"3.2.1", "3.2.2"}
    assert {x.aktenplaneinheit.kennzeichen for x in a.zu_vernichtende_akten()} == {"2.2.1", "5.1"}
    call_command("aussonderung", "anbieten", "--out", str(tmp_path), stdout=out)
    assert list(tmp_path.glob("*0501.xml"))
    call_command("aussonderung", "vernichten", stdout=out)
    assert integrity_verify().befunde == []


def test_bootstrap_loads_the_akten_demo_once_and_schedules_the_deletion_run(settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from rathaus.portal.management.commands import bootstrap

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Only the E-Akte part is under test here: the catalogue counts as imported and the
    # FIM forms (formulare) are left out.
    monkeypatch.setattr(bootstrap, "katalog_geladen", lambda: True)
    monkeypatch.setattr(bootstrap, "DEMO_FORMULARE", (), raising=False)
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    assert demo_akten_geladen()
    geplant = DBTaskResult.objects.filter(task_path__endswith="loeschfristen_anwenden")
    assert geplant.count() == 1
    call_command("bootstrap", stdout=out)
    assert "E-Akte-Demodaten bereits geladen" in out.getvalue()
    assert geplant.count() == 1
