"""The rules of the deletion periods of personal data outside the Akte (Löschfristen):
the base class and the registry. Each app registers the rules for its own data in its
`loeschfristen` module (imported by its AppConfig.ready); the E-Akte runs them all daily
(`rathaus.akten.loeschfristen.loeschfristen_apply`). A rule's period can be changed with
RATHAUS_LOESCHFRISTEN (JSON: `{"<id>": <days>}`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models

from .plugins import Registry


class Loeschfrist:
    """One rule: which rows of one kind of personal data are due for deletion."""

    titel = ""
    tage = 0  # period after the reference date, overridable by RATHAUS_LOESCHFRISTEN
    app_label = ""  # the rule is skipped when this app is not installed

    def frist(self, rule_id: str) -> timedelta:
        tage = settings.RATHAUS_LOESCHFRISTEN.get(rule_id, self.tage)
        return timedelta(days=int(tage))

    def aktiv(self) -> bool:
        return not self.app_label or apps.is_installed(self.app_label)

    def faellig(self, *, stichtag: datetime, jetzt: datetime) -> models.QuerySet:  # type: ignore[type-arg]
        """Rows to delete; `stichtag` = now minus the period."""
        raise NotImplementedError


registry = Registry[Loeschfrist]()
