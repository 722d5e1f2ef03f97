"""The Bescheid made in the worker: the co-signature only asks for it (outbox
"verfahren.bescheid"), the worker renders, files, delivers and closes; repeated deliveries
change nothing, failures are retried and leave nothing half done, and models without the
"bescheid_erstellt" event keep making the Bescheid inside the step."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from rathaus.akten import services as akten
from rathaus.akten.models import Dokument, Vorgang
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll
from rathaus.core.outbox import consumers_for
from rathaus.konten.models import Postfachnachricht
from rathaus.verfahren import services
from rathaus.verfahren.bescheid.dokument import pdf_rendern
from rathaus.verfahren.bescheid.services import bescheid_draft
from rathaus.verfahren.bpmn import engine
from rathaus.verfahren.models import Bescheid, BescheidVorlage, Verfahren
from rathaus.verfahren.services.bescheid import bescheid_background_run, bescheid_finish

from . import bescheid_helfer as h
from . import factories as f

pytestmark = pytest.mark.django_db

ALTES_MODELL = Path(__file__).with_name("daten") / "standard_ohne_bescheid_ereignis.bpmn"


def _stand(v: Verfahren) -> tuple:
    v = h.frisch(v)
    return (
        v.zustand,
        v.status,
        v.bescheid_status,
        v.schritte,
        Bescheid.objects.count(),
        Dokument.objects.count(),
        Vorgang.objects.filter(zda_am__isnull=False).count(),
        Postfachnachricht.objects.count(),
        Outbox.objects.count(),
        Protokoll.objects.count(),
    )


def _mitgezeichnet(**kwargs) -> tuple[Verfahren, f.Team]:
    team = h.team()
    v = f.verfahren(team.oe, buerger=h.buerger(), **kwargs)
    return h.entscheiden(v, team, mit_worker=False), team


def test_waiting_for_the_bescheid_is_in_bearbeitung_and_nothing_else_moves_it():
    v, _team = _mitgezeichnet()
    assert (v.status, v.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert engine.erwartete_nachrichten(engine.laden(v.zustand)) == {"bescheid_erstellt"}
    assert f.offene(v) == []
    assert consumers_for(topic="verfahren.bescheid", context=v) == ["bescheid"]
    vorher = _stand(v)
    # The citizen cannot answer (nothing was asked), the deadline run has nothing to say.
    with pytest.raises(ValidationError, match="wartet nicht"):
        services.nachforderung_mark_answered(verfahren=v, actor="system", text="noch was")
    assert services.fristen_check()["nachforderungen_abgelaufen"] == 0
    assert _stand(v) == vorher


def test_a_second_delivery_changes_nothing():
    v, _team = _mitgezeichnet()
    (row,) = Outbox.objects.filter(topic="verfahren.bescheid")
    assert h.worker() == ["zugestellt"]
    v = h.frisch(v)
    assert (v.status, v.bescheid_status) == (Verfahren.Status.ABGESCHLOSSEN, "zugestellt")
    nachher = _stand(v)
    # The same row again (e.g. a worker killed after the commit, before it noted it).
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "erledigt_oder_gesperrt"
    Outbox.objects.filter(pk=row.pk).update(delivered_at=None)
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert _stand(v) == nachher
    # And the services themselves, with a Bescheid rendered anyway.
    assert bescheid_background_run(verfahren_id=v.pk) is None
    entwurf = bescheid_draft(verfahren=v)
    pdf = pdf_rendern(entwurf.inhalt)
    assert bescheid_finish(verfahren=v, entwurf=entwurf, pdf=pdf) is None
    assert _stand(v) == nachher
    assert Bescheid.objects.filter(verfahren=v).count() == 1


def test_a_failure_leaves_the_verfahren_waiting_and_is_retried(settings):
    v, _team = _mitgezeichnet()
    vorgang = Vorgang.objects.get(pk=v.vorgang_id)
    # Someone closed the Vorgang meanwhile: the Bescheid cannot be filed.
    akten.vorgang_close(vorgang=vorgang, actor=f.ACTOR)
    vorher = _stand(v)
    assert h.worker() == ["fehler"]
    row = Outbox.objects.get(topic="verfahren.bescheid")
    assert row.delivered_at is None and row.attempts == 1
    assert "zdA" in row.last_error and v.aktenzeichen in row.last_error
    v = h.frisch(v)
    assert (v.status, v.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert _stand(v)[:8] == vorher[:8]  # nothing half done (only the outbox row changed)
    assert not Dokument.objects.filter(art=Dokument.Art.AUSGANG).exists()
    # Not due before its backoff has passed …
    assert h.worker() == ["nicht_faellig"]
    # … and once the Vorgang is open again, the next attempt makes and delivers it.
    chef = User.objects.create_superuser("akten-admin", password=None)
    akten.vorgang_reopen(vorgang=vorgang, grund="Bescheid fehlt noch", actor=chef)
    assert h.worker(now=row.next_attempt_at + timedelta(seconds=1)) == ["zugestellt"]
    v = h.frisch(v)
    assert (v.status, v.bescheid_status) == (Verfahren.Status.ABGESCHLOSSEN, "zugestellt")
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.dokument.vorgang_id == vorgang.pk
    assert Vorgang.objects.get(pk=vorgang.pk).zda_am is None  # zdA after the Widerspruchsfrist
    row.refresh_from_db()
    assert row.delivered_at is not None and row.attempts == 2 and row.last_error == ""


def test_a_vorlage_gone_meanwhile_is_retried_with_its_message():
    v, _team = _mitgezeichnet()
    BescheidVorlage.objects.update(aktiv=False)
    assert h.worker() == ["fehler"]
    row = Outbox.objects.get(topic="verfahren.bescheid")
    assert "keine aktive Bescheidvorlage" in row.last_error
    assert h.frisch(v).bescheid_status == "in_erstellung"
    BescheidVorlage.objects.update(aktiv=True)
    assert h.worker(now=row.next_attempt_at) == ["zugestellt"]
    assert h.frisch(v).status == Verfahren.Status.ABGESCHLOSSEN


def _altes_modell(leistung) -> None:
    services.prozessmodell_upload(
        leistung=leistung, bpmn_xml=ALTES_MODELL.read_bytes(), actor=f.fachadmin()
    )


def test_a_model_without_the_event_makes_the_bescheid_inside_the_step():
    team = h.team()
    leistung = f.leistung()
    _altes_modell(leistung)
    alt = f.verfahren(team.oe, leistung, buerger=h.buerger())
    assert "Bescheid_Erstellt" not in alt.zustand
    # The standard model (with the event) becomes the Leistung's model; the running
    # Verfahren keeps the one it started with.
    services.prozessmodell_upload(leistung=leistung, bpmn_xml=f.standard_xml(), actor=f.fachadmin())
    neu = f.verfahren(team.oe, leistung, buerger=h.buerger())
    assert neu.prozessmodell.version == alt.prozessmodell.version + 1

    alt = h.entscheiden(alt, team, mit_worker=False)
    assert (alt.status, alt.bescheid_status) == (Verfahren.Status.ABGESCHLOSSEN, "zugestellt")
    assert Bescheid.objects.filter(verfahren=alt).count() == 1
    assert not Outbox.objects.filter(topic="verfahren.bescheid").exists()
    assert engine.laden(alt.zustand).last_task.data["bescheid_id"] == alt.bescheide.get().pk

    neu = h.entscheiden(neu, team, mit_worker=False)
    assert (neu.status, neu.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert h.worker() == ["zugestellt"]
    assert h.frisch(neu).status == Verfahren.Status.ABGESCHLOSSEN
