"""`rathaus load_demo_termine`: the demo appointment offices (see `rathaus.termine.demo`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rathaus.termine.demo import demo_termine_load
from rathaus.termine.tasks import terminlauf_einplanen


class Command(BaseCommand):
    help = (
        "Legt die Demo-Terminorte an (Bürgerbüro, Kfz-Zulassungsstelle, Standesamt) mit "
        "Schaltern und Leistungen; ein zweiter Lauf ändert nichts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        neu = demo_termine_load(actor="load_demo_termine")
        self.stdout.write(f"Terminorte neu angelegt: {neu}")
        if terminlauf_einplanen():
            self.stdout.write("Terminlauf (Reservierungen, Warteliste, Erinnerungen) eingeplant.")
