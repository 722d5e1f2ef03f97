from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rathaus.berichte.services import kennzahlenstand_create


class Command(BaseCommand):
    help = "Berechnet alle Kennzahlen des Digitalisierungsberichts neu (ein neuer Stand)."

    def handle(self, *args: Any, **options: Any) -> None:
        stand = kennzahlenstand_create(actor="rathaus bericht_berechnen")
        self.stdout.write(f"Kennzahlenstand {stand.pk} vom {stand.berechnet_am:%Y-%m-%d %H:%M}")
