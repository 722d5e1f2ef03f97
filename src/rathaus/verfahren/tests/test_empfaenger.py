"""A submitted Antrag, delivered through the outbox, becomes exactly one Verfahren."""

from __future__ import annotations

import pytest

from rathaus.antraege import services as antraege_services
from rathaus.antraege.models import Outbox
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.verfahren.models import Aufgabe, Verfahren


@pytest.fixture
def welt(db, tmp_path):
    return helfer.welt(tmp_path)


def _submit(welt):
    entwurf = helfer.entwurf(welt.formular)
    return antraege_services.antrag_submit(
        entwurf=entwurf, actor="test", idempotency_key=idempotenzschluessel(entwurf=entwurf)
    ).antrag


def test_delivered_antrag_starts_one_verfahren_with_the_first_task(welt):
    antrag = _submit(welt)
    row = Outbox.objects.get(empfaenger="verfahren")
    assert antraege_services.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    verfahren = Verfahren.objects.get(antrag_id=antrag.pk)
    assert verfahren.aktenzeichen == antrag.aktenzeichen
    assert verfahren.organisationseinheit.slug == "ordnungsamt"
    aufgabe = Aufgabe.objects.get(verfahren=verfahren, status="offen")
    assert aufgabe.organisationseinheit == verfahren.organisationseinheit
    # a retry (or a second delivery) changes nothing
    assert antraege_services.outbox_deliver(outbox_id=row.pk) == "erledigt_oder_gesperrt"
    row.delivered_at = None
    row.save(update_fields=["delivered_at"])
    assert antraege_services.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert Verfahren.objects.filter(antrag_id=antrag.pk).count() == 1
    assert Aufgabe.objects.filter(verfahren=verfahren).count() == 1


def test_without_responsible_office_the_delivery_is_retried_and_nothing_started(welt):
    welt.leistung.zustaendigkeiten.all().delete()
    _submit(welt)
    row = Outbox.objects.get(empfaenger="verfahren")
    assert antraege_services.outbox_deliver(outbox_id=row.pk) == "fehler"
    row.refresh_from_db()
    assert "zuständig" in row.last_error and row.delivered_at is None
    assert not Verfahren.objects.exists()
