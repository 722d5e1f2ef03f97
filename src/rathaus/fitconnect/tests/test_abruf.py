"""Polling (the fallback beside the callbacks) through the plugin registry and the
periodic job: a submission is noted once however often it is listed."""

from __future__ import annotations

from rathaus.core.models import Zeitplan
from rathaus.fitconnect.models import Einreichung
from rathaus.fitconnect.plugins import eingangskanaele
from rathaus.fitconnect.tasks import ABRUF, abruf

from .conftest import LEIKA


def test_plugin_switched_by_the_destination_setting(settings, db):
    kanal = eingangskanaele["fitconnect"]()
    settings.RATHAUS_FITCONNECT_DESTINATION_ID = ""
    assert not kanal.aktiv() and kanal.abholen() == 0


def test_periodic_poll_notes_each_submission_once_and_plans_the_next_run(
    server, zustellpunkt, welt, absender
):
    absender.senden(
        destination_id=zustellpunkt.destination_id,
        daten=welt.daten(),
        schema_uri=welt.schema_uri,
        leika=LEIKA,
    )
    assert eingangskanaele["fitconnect"]().aktiv()
    assert abruf.call() == 1
    assert abruf.call() == 0
    assert Einreichung.objects.count() == 1
    assert Zeitplan.objects.get(name=ABRUF).geplant_fuer is not None


def test_poll_with_the_service_down_fails_softly(settings, zustellpunkt, db):
    settings.RATHAUS_FITCONNECT_SUBMISSION_URL = "http://127.0.0.1:9"
    settings.RATHAUS_FITCONNECT_TOKEN_URL = "http://127.0.0.1:9/token"
    assert abruf.call() == 0
    assert not Einreichung.objects.exists()
