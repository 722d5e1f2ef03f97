from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.katalog.services.importer import ImportFehler, ozg_import


class Command(BaseCommand):
    help = "Importiert den OZG-/LeiKa-Katalog (CSV der OZG-Datenbank NRW) aus DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Ordner mit den ozg_*.csv-Dateien")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        def progress(kind: str, done: int, total: int) -> None:
            self.stdout.write(f"  {kind}: {done}/{total}")

        self.stdout.write(f"Lese {directory} …")
        try:
            bericht = ozg_import(directory=directory, actor="import_ozg", progress=progress)
        except ImportFehler as exc:
            raise CommandError(f"Import abgebrochen, nichts geändert: {exc}") from exc
        for hinweis in bericht.hinweise:
            self.stdout.write(self.style.WARNING(f"Hinweis: {hinweis}"))
        for label in ("Themenfelder", "Lebenslagen", "OZG-Leistungen", "Leistungen"):
            self.stdout.write(
                f"{label}: {bericht.angelegt[label]} angelegt, "
                f"{bericht.geaendert[label]} geändert, {bericht.unveraendert[label]} unverändert"
            )
        self.stdout.write(
            "LeiKa-Schlüssel: "
            f"{bericht.gelesen['LeiKa-Schlüssel fehlt']} fehlend, "
            f"{bericht.gelesen['LeiKa-Schlüssel ungültig']} ungültig, "
            f"{bericht.gelesen['LeiKa-Schlüssel doppelt']} doppelt"
        )
        self.stdout.write(self.style.SUCCESS("Import abgeschlossen."))
