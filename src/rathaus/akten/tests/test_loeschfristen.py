"""Deletion periods outside the Akte: each rule with moved time, what goes and what stays."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from rathaus.akten.loeschfristen import (
    LOESCHLAUF,
    loeschfristen_apply,
    loeschlauf_einplanen,
    naechster_lauf,
)
from rathaus.akten.models import Loeschlauf
from rathaus.akten.tasks import loeschfristen_anwenden
from rathaus.core.models import Protokoll, Zeitplan
from rathaus.konten.models import Postfachnachricht
from rathaus.konten.tests.factories import buerger_anlegen

from .aussonderung_helfer import Uhr

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def uhr(monkeypatch) -> Uhr:
    return Uhr(monkeypatch)


def test_expired_sessions_go_valid_ones_stay(uhr):
    jetzt = timezone.now()
    Session.objects.create(
        session_key="alt", session_data="x", expire_date=jetzt + timedelta(hours=1)
    )
    Session.objects.create(
        session_key="neu", session_data="x", expire_date=jetzt + timedelta(days=3)
    )
    loeschfristen_apply(actor="test")
    assert Session.objects.count() == 2
    uhr.vor(hours=2)
    lauf = loeschfristen_apply(actor="test")
    assert lauf.ergebnisse["sitzungen"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["neu"]


def test_read_postfach_messages_go_180_days_after_reading(uhr):
    person = buerger_anlegen()
    gelesen = Postfachnachricht.objects.create(
        empfaenger=person, betreff="gelesen", gelesen_am=timezone.now()
    )
    Postfachnachricht.objects.create(empfaenger=person, betreff="ungelesen")
    uhr.vor(days=179)
    Postfachnachricht.objects.create(
        empfaenger=person, betreff="spät gelesen", gelesen_am=timezone.now()
    )
    assert loeschfristen_apply(actor="test").ergebnisse["postfach_gelesen"] == 0
    uhr.vor(days=2)
    assert loeschfristen_apply(actor="test").ergebnisse["postfach_gelesen"] == 1
    assert not Postfachnachricht.objects.filter(pk=gelesen.pk).exists()
    assert set(Postfachnachricht.objects.values_list("betreff", flat=True)) == {
        "ungelesen",
        "spät gelesen",
    }


def test_the_period_of_a_rule_comes_from_the_settings(uhr, settings):
    settings.RATHAUS_LOESCHFRISTEN = {"postfach_gelesen": 10}
    person = buerger_anlegen()
    Postfachnachricht.objects.create(empfaenger=person, betreff="alt", gelesen_am=timezone.now())
    uhr.vor(days=9)
    assert loeschfristen_apply(actor="test").ergebnisse["postfach_gelesen"] == 0
    uhr.vor(days=2)
    assert loeschfristen_apply(actor="test").ergebnisse["postfach_gelesen"] == 1


def test_an_unknown_rule_in_the_settings_stops_the_check(settings):
    settings.RATHAUS_LOESCHFRISTEN = {"postfach_gelesn": 90, "sitzungen": 1}
    with pytest.raises(SystemCheckError) as fehler:
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
    meldung = str(fehler.value)
    assert "RATHAUS_LOESCHFRISTEN names unknown deletion rules: postfach_gelesn." in meldung
    assert "(akten.E001)" in meldung and "postfach_gelesen" in meldung  # the hint lists them
    settings.RATHAUS_LOESCHFRISTEN = {"postfach_gelesen": 90, "entwurf_anlagen": 1}
    call_command("check", stdout=io.StringIO(), stderr=io.StringIO())  # no error


def test_expired_drafts_go(uhr):
    if not apps.is_installed("rathaus.formulare"):
        pytest.skip("formulare not installed")
    from rathaus.formulare.models import Entwurf, Formular

    try:  # formulare is being built in parallel: skip if its model changed shape
        formular = Formular.objects.create(
            fim_id="S99000001",
            name="Test",
            xdf_version="3.0",
            quelle_sha256="0" * 64,
            struktur={},
            json_schema={},
            regeln=[],
        )
    except TypeError:
        pytest.skip("formulare.Formular changed")
    alt = Entwurf.objects.create(formular=formular, token="a")
    uhr.vor(days=20)
    neu = Entwurf.objects.create(formular=formular, token="b")
    uhr.vor(days=11)
    assert loeschfristen_apply(actor="test").ergebnisse["entwuerfe"] == 1
    assert list(Entwurf.objects.values_list("pk", flat=True)) == [neu.pk]
    assert alt.pk != neu.pk


def test_dev_idp_codes_go_when_expired_with_their_tokens(uhr):
    from rathaus.dev_idp.models import AccessToken, AuthorizationCode

    jetzt = timezone.now()

    def code(name: str, minuten: int) -> AuthorizationCode:
        return AuthorizationCode.objects.create(
            code_hash=name,
            client_id="c",
            redirect_uri="r",
            person="p",
            scope="openid",
            auth_time=jetzt,
            expires_at=jetzt + timedelta(minutes=minuten),
        )

    alt = code("alt", 1)
    AccessToken.objects.create(
        token_hash="t1", code=alt, person="p", scope="s", expires_at=jetzt + timedelta(minutes=30)
    )
    mit_token = code("mit-token", 1)
    AccessToken.objects.create(
        token_hash="t2",
        code=mit_token,
        person="p",
        scope="s",
        expires_at=jetzt + timedelta(hours=5),
    )
    code("frisch", 120)
    uhr.vor(hours=1)
    lauf = loeschfristen_apply(actor="test")
    assert lauf.ergebnisse["dev_idp_codes"] == 1
    assert set(AuthorizationCode.objects.values_list("code_hash", flat=True)) == {
        "mit-token",
        "frisch",
    }
    assert list(AccessToken.objects.values_list("token_hash", flat=True)) == ["t2"]


def test_old_task_results_go_after_30_days(uhr, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    jetzt = timezone.now()

    def ergebnis(status: str, vor_tagen: int | None) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="x.y",
            backend_name="default",
            run_after=jetzt,
            queue_name="default",
            finished_at=None if vor_tagen is None else jetzt - timedelta(days=vor_tagen),
        )

    alt = ergebnis("SUCCESSFUL", 31)
    ergebnis("FAILED", 29)
    ergebnis("READY", None)
    assert loeschfristen_apply(actor="test").ergebnisse["aufgabenergebnisse"] == 1
    assert not DBTaskResult.objects.filter(pk=alt.pk).exists()
    uhr.vor(days=2)
    assert loeschfristen_apply(actor="test").ergebnisse["aufgabenergebnisse"] == 1
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["READY"]


def test_dry_run_counts_and_deletes_nothing(uhr):
    Session.objects.create(session_key="alt", session_data="x", expire_date=timezone.now())
    uhr.vor(hours=1)
    out = io.StringIO()
    call_command("loeschfristen", "--dry-run", stdout=out)
    assert "abgelaufene Sitzungen: 1" in out.getvalue()
    assert Session.objects.exists()
    lauf = Loeschlauf.objects.get()
    assert (
        lauf.probelauf
        and Protokoll.objects.filter(
            aktion="akten.loeschfristen.probelauf", objekt_id=str(lauf.pk)
        ).exists()
    )


def test_the_task_runs_and_schedules_the_next_run_once(uhr, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    assert loeschlauf_einplanen() is True
    assert loeschlauf_einplanen() is False  # one pending run is enough
    geplant = DBTaskResult.objects.get()
    assert geplant.run_after == naechster_lauf()
    assert geplant.run_after > timezone.now()
    # The worker runs it when it is due (here: directly); it plans the next run at the end.
    DBTaskResult.objects.all().delete()
    Zeitplan.objects.filter(name=LOESCHLAUF).update(geplant_fuer=timezone.now())
    ergebnisse = loeschfristen_anwenden.call()
    assert "sitzungen" in ergebnisse
    naechster = DBTaskResult.objects.get()
    assert naechster.status == "READY" and naechster.run_after == naechster_lauf()
    out = io.StringIO()
    call_command("loeschfristen", "--einplanen", stdout=out)
    assert "bereits eingeplant" in out.getvalue()


def test_scheduling_is_skipped_where_the_backend_cannot_defer(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert loeschlauf_einplanen() is False
