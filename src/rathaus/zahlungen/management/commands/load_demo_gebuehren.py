"""`rathaus load_demo_gebuehren`: the demo fee rules (see `rathaus.zahlungen.demo`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Legt die Demo-Gebührenregeln an (Schaustellung von Personen: Rahmengebühr mit dem "
        "Bescheid; Ersatzausfertigung Güterkraftverkehr: feste Gebühr vorab); ein zweiter "
        "Lauf ändert nichts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from rathaus.zahlungen.demo import demo_gebuehren_load

        neu = demo_gebuehren_load(actor="load_demo_gebuehren")
        self.stdout.write(f"Gebührenregeln neu angelegt: {neu}")
