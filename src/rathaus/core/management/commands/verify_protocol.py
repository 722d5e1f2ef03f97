from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rathaus.core.chain import verify
from rathaus.core.models import Protokoll


class Command(BaseCommand):
    help = "Prüft die Hash-Kette des Protokolls und nennt jeden geänderten oder gelöschten Eintrag."

    def handle(self, *args: Any, **options: Any) -> None:
        befunde = list(verify())
        for befund in befunde:
            self.stderr.write(befund.meldung)
        if befunde:
            raise CommandError(f"Protokoll verletzt: {len(befunde)} Befund(e).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Protokoll unversehrt: {Protokoll.objects.count()} Einträge geprüft."
            )
        )
