"""Deliver due outbox rows now (for cron or after an outage) and plan the periodic sweep."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rathaus.antraege.selectors import outbox_fehlschlagend
from rathaus.antraege.services import outbox_sweep, outbox_takt_planen


class Command(BaseCommand):
    help = "Fällige Outbox-Einträge zustellen und den periodischen Sweep einplanen."

    def handle(self, *args: Any, **options: Any) -> None:
        zugestellt = outbox_sweep()
        outbox_takt_planen(force=True)
        fehlschlagend = outbox_fehlschlagend().count()
        self.stdout.write(f"zugestellt: {zugestellt}, fehlschlagend: {fehlschlagend}")
