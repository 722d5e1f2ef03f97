"""`rathaus loeschfristen`: apply the deletion periods now (or only count, or schedule)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rathaus.akten.loeschfristen import (
    loeschfristen_apply,
    loeschlauf_einplanen,
    registry,
)


class Command(BaseCommand):
    help = "Löscht personenbezogene Daten nach Ablauf ihrer Löschfrist (Sitzungen, Entwürfe …)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="nur zählen, nichts löschen")
        parser.add_argument(
            "--einplanen", action="store_true", help="nur den nächsten täglichen Lauf einplanen"
        )

    def handle(self, *args: Any, dry_run: bool, einplanen: bool, **options: Any) -> None:
        if einplanen:
            neu = loeschlauf_einplanen()
            self.stdout.write("Nächster Lauf eingeplant." if neu else "Lauf bereits eingeplant.")
            return
        lauf = loeschfristen_apply(actor="loeschfristen", probelauf=dry_run)
        for rule_id in registry:
            if rule_id in lauf.ergebnisse:
                titel = registry[rule_id].titel
                self.stdout.write(f"  {titel}: {lauf.ergebnisse[rule_id]}")
        self.stdout.write(
            self.style.SUCCESS(
                "Probelauf: nichts gelöscht." if dry_run else "Löschfristen angewandt."
            )
        )
