"""Deliver due outbox rows now (for cron or after an outage) and plan the periodic sweep."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rathaus.core.outbox import failing_rows, outbox_sweep, outbox_sweep_schedule


class Command(BaseCommand):
    help = "Fällige Outbox-Einträge zustellen und den periodischen Sweep einplanen."

    def handle(self, *args: Any, **options: Any) -> None:
        zugestellt = outbox_sweep()
        outbox_sweep_schedule(force=True)
        self.stdout.write(f"zugestellt: {zugestellt}, fehlschlagend: {failing_rows().count()}")
