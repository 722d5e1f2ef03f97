"""Uploading process models: who may, what stays active, which version runs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rathaus.core.models import Protokoll
from rathaus.organisation.models import Rolle
from rathaus.verfahren import services
from rathaus.verfahren.models import Fristregel, Prozessmodell, Verfahren

from . import factories as f
from .bpmn_helfer import einfach, modell, zwei_mitzeichnungen

pytestmark = pytest.mark.django_db


def test_fachadministration_uploads_a_new_active_version():
    admin = f.fachadmin()
    leistung = f.leistung()
    erstes = services.prozessmodell_upload(
        leistung=leistung, bpmn_xml=modell(einfach()), actor=admin
    )
    zweites = services.prozessmodell_upload(
        leistung=leistung, bpmn_xml=f.standard_xml(), actor=admin
    )
    erstes.refresh_from_db()
    assert (erstes.version, erstes.aktiv) == (1, False)
    assert (zweites.version, zweites.aktiv, zweites.hochgeladen_von) == (2, True, admin)
    assert len(zweites.sha256) == 64
    assert services.prozessmodell_fuer(leistung=leistung) == zweites
    assert Protokoll.objects.filter(aktion="verfahren.prozessmodell.upload").count() == 2


def test_invalid_upload_keeps_the_active_model():
    admin = f.fachadmin()
    leistung = f.leistung()
    aktiv = services.prozessmodell_upload(
        leistung=leistung, bpmn_xml=modell(einfach()), actor=admin
    )
    boese = modell(
        einfach('<bpmn:sequenceFlow id="F2" sourceRef="Pruefen" targetRef="S"/>'
                '<bpmn:scriptTask id="S"><bpmn:script>1</bpmn:script></bpmn:scriptTask>'
                '<bpmn:sequenceFlow id="F3" sourceRef="S" targetRef="Ende"/>')
    )  # fmt: skip
    with pytest.raises(ValidationError, match="„S“"):
        services.prozessmodell_upload(leistung=leistung, bpmn_xml=boese, actor=admin)
    with pytest.raises(ValidationError, match="UTF-8"):
        services.prozessmodell_upload(
            leistung=leistung, bpmn_xml="ä".encode("latin-1"), actor=admin
        )
    assert list(Prozessmodell.objects.filter(leistung=leistung)) == [aktiv]
    aktiv.refresh_from_db()
    assert aktiv.aktiv


@pytest.mark.parametrize(
    "rolle", [Rolle.SACHBEARBEITUNG, Rolle.LEITUNG, Rolle.ADMINISTRATION, None]
)
def test_only_fachadministration_may_upload(rolle):
    leistung = f.leistung()
    actor = f.user(None, *([(f.organisationseinheit(), rolle)] if rolle else []))
    with pytest.raises(PermissionDenied):
        services.prozessmodell_upload(leistung=leistung, bpmn_xml=f.standard_xml(), actor=actor)
    with pytest.raises(PermissionDenied):
        services.prozessmodell_upload(leistung=None, bpmn_xml=f.standard_xml(), actor="system")
    with pytest.raises(PermissionDenied):
        services.fristregel_set(leistung=leistung, gesetzliche_frist_monate=3, actor=actor)
    assert not Prozessmodell.objects.exists()
    assert not Fristregel.objects.exists()


def test_running_verfahren_keeps_its_model_version():
    team = f.Team()
    admin = f.fachadmin()
    leistung = f.leistung()
    v1 = services.prozessmodell_upload(leistung=leistung, bpmn_xml=f.standard_xml(), actor=admin)
    alt = f.verfahren(team.oe, leistung)
    v2 = services.prozessmodell_upload(leistung=leistung, bpmn_xml=modell(einfach()), actor=admin)
    neu = f.verfahren(team.oe, leistung)
    assert (alt.prozessmodell, neu.prozessmodell) == (v1, v2)
    # The old one runs on through the standard process, the new one through the short one.
    services.aufgabe_complete(
        aufgabe=f.offen(alt), actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    assert f.offen(alt).element_id == "Entscheidung"
    services.aufgabe_complete(
        aufgabe=f.offen(neu), actor=team.sb1, ergebnis={"vermerk": "erledigt"}
    )
    assert Verfahren.objects.get(pk=neu.pk).status == Verfahren.Status.ABGESCHLOSSEN
    assert Verfahren.objects.get(pk=alt.pk).prozessmodell == v1
    with pytest.raises(Exception, match="protected"):
        v1.delete()


def test_the_same_person_may_not_sign_one_decision_twice():
    team = f.Team()
    leistung = f.leistung()
    services.prozessmodell_upload(
        leistung=leistung, bpmn_xml=zwei_mitzeichnungen(), actor=f.fachadmin()
    )
    v = f.verfahren(team.oe, leistung)
    services.aufgabe_complete(
        aufgabe=f.offen(v),
        actor=team.sb1,
        ergebnis={"entscheidung": "bewilligen", "begruendung": "ok"},
    )
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=team.leitung1, ergebnis={"mitzeichnung": "zeichnen"}
    )
    zweite = f.offen(v)
    assert zweite.element_id == "Zeichnung2"
    with pytest.raises(PermissionDenied, match="bereits mitgezeichnet"):
        services.aufgabe_complete(
            aufgabe=zweite, actor=team.leitung1, ergebnis={"mitzeichnung": "zeichnen"}
        )
    services.aufgabe_complete(
        aufgabe=zweite, actor=team.leitung2, ergebnis={"mitzeichnung": "zeichnen"}
    )
    assert Verfahren.objects.get(pk=v.pk).status == Verfahren.Status.ABGESCHLOSSEN


def test_fristregel_sets_the_statutory_deadline_and_warns_before():
    from datetime import date, timedelta

    from django.utils import timezone

    team = f.Team()
    leistung = f.leistung()
    services.fristregel_set(
        leistung=leistung, gesetzliche_frist_monate=3, warnung_tage=10, actor=f.fachadmin()
    )
    eingang = timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0))
    v = f.verfahren(team.oe, leistung, eingegangen_am=eingang)
    assert v.gesetzliche_frist_am == date(2027, 2, 28)  # 30 Feb does not exist
    assert f.offen(v).faellig_am <= v.gesetzliche_frist_am
    assert services.fristen_check(heute=date(2027, 2, 17))["warnungen"] == 0
    assert services.fristen_check(heute=date(2027, 2, 18))["warnungen"] == 1
    assert services.fristen_check(heute=date(2027, 2, 19))["warnungen"] == 0  # once
    assert (
        Protokoll.objects.filter(aktion="verfahren.frist.warnung", objekt_id=str(v.pk)).count() == 1
    )
    services.wiedervorlage_set(
        verfahren=v, datum=timezone.localdate() + timedelta(days=3), grund="Rückruf", actor=team.sb1
    )
    ergebnis = services.fristen_check(heute=timezone.localdate() + timedelta(days=3))
    assert ergebnis["wiedervorlagen"] == 1
    with pytest.raises(ValidationError):
        services.fristregel_set(leistung=leistung, gesetzliche_frist_monate=0, actor=f.fachadmin())


def test_statutory_period_restarts_when_missing_documents_arrive():
    from datetime import timedelta

    from django.utils import timezone

    from rathaus.verfahren.models import Frist

    team = f.Team()
    leistung = f.leistung()
    services.fristregel_set(leistung=leistung, gesetzliche_frist_monate=3, actor=f.fachadmin())
    eingang = timezone.now() - timedelta(days=40)
    v = f.verfahren(team.oe, leistung, eingegangen_am=eingang)
    erste = v.gesetzliche_frist_am
    services.aufgabe_complete(
        aufgabe=f.offen(v),
        actor=team.sb1,
        ergebnis={"vollstaendigkeit": "unvollstaendig", "nachforderung": "Plan"},
    )
    services.nachforderung_mark_answered(verfahren=v, actor="system")
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    v = Verfahren.objects.get(pk=v.pk)
    assert v.gesetzliche_frist_am > erste
    assert Frist.objects.get(verfahren=v, art=Frist.Art.GESETZLICH).datum == v.gesetzliche_frist_am


def test_fristenlauf_is_scheduled_once():
    from rathaus.verfahren import tasks

    assert tasks.fristenlauf_einplanen() is True
    assert tasks.fristenlauf_einplanen() is False  # one pending run is enough
    assert tasks.naechster_lauf().hour == 6
