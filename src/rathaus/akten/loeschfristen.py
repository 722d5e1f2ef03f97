"""Deletion periods for personal data outside the Akte (Art. 5 (1) e, Art. 17 DSGVO).

A registry of `Loeschfrist` rules; `loeschfristen_apply` runs them all (the worker does
so daily through the task `akten.tasks.loeschfristen_anwenden`, which schedules its own
next run: the database worker has no cron). A rule's period can be changed with
RATHAUS_LOESCHFRISTEN (JSON: `{"<id>": <days>}`). Other apps add rules with
`@registry.register("id")` in a module their AppConfig.ready imports.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.tasks import Task
from django.utils import timezone

from rathaus.core.loeschfristen import Loeschfrist, registry
from rathaus.core.periodic import Periodic, job_schedule, periodic_register
from rathaus.core.services import Actor, protokoll_write

from .models import Loeschlauf


@registry.register("sitzungen")
class Sitzungen(Loeschfrist):
    titel = "abgelaufene Sitzungen"
    app_label = "django.contrib.sessions"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        return apps.get_model("sessions", "Session").objects.filter(expire_date__lt=stichtag)


@registry.register("aufgabenergebnisse")
class Aufgabenergebnisse(Loeschfrist):
    titel = "Ergebnisse erledigter Hintergrundaufgaben (nach 30 Tagen)"
    tage = 30
    app_label = "django_tasks_db"

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        return apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
            status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=stichtag
        )


@transaction.atomic
def loeschfristen_apply(*, actor: Actor, probelauf: bool = False) -> Loeschlauf:
    """Delete what every active rule finds due; record the counts in a Löschlauf.

    With `probelauf` nothing is deleted, only counted (the counts are still recorded).
    """
    jetzt = timezone.now()
    ergebnisse: dict[str, int] = {}
    for rule_id in registry:
        regel = registry[rule_id]()
        if not regel.aktiv():
            continue
        with transaction.atomic():
            faellig = regel.faellig(stichtag=jetzt - regel.frist(rule_id), jetzt=jetzt)
            if probelauf:
                ergebnisse[rule_id] = faellig.count()
                transaction.set_rollback(True)  # a rule may delete helpers (dev_idp tokens)
            else:
                ergebnisse[rule_id] = (
                    faellig.model._base_manager.filter(
                        pk__in=list(faellig.values_list("pk", flat=True))
                    )
                    .delete()[1]
                    .get(faellig.model._meta.label, 0)
                )
    lauf = Loeschlauf.objects.create(
        gestartet_am=jetzt, ergebnisse=ergebnisse, probelauf=probelauf, akteur=str(actor)[:200]
    )
    protokoll_write(
        actor=actor,
        action="akten.loeschfristen.probelauf" if probelauf else "akten.loeschfristen.anwenden",
        target=lauf,
        details=ergebnisse,
    )
    return lauf


def naechster_lauf(jetzt: datetime | None = None) -> datetime:
    """Tomorrow 03:00 local time: the next daily run."""
    morgen = timezone.localdate(jetzt or timezone.now()) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(morgen, time(3, 0)))


LOESCHLAUF = "akten.loeschfristen"


def loeschlauf_einplanen(*, force: bool = False) -> bool:
    """Plan the next daily run unless one is planned (`rathaus.core.periodic`); False if
    nothing was planned. A backend that cannot defer (immediate) is left alone: there the
    daily run needs an external scheduler calling `rathaus loeschfristen`."""
    return job_schedule(LOESCHLAUF, force=force)


def loeschlauf_register() -> None:
    """Register the daily run as a periodic job (the app's `ready`)."""

    def task() -> Task[Any, Any]:
        from .tasks import loeschfristen_anwenden

        return loeschfristen_anwenden

    periodic_register(Periodic(name=LOESCHLAUF, task=task, next_run=naechster_lauf))
