from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.katalog.models import Leistung, Themenfeld


class Command(BaseCommand):
    help = (
        "Erster Start: lädt den OZG-/LeiKa-Katalog und die Stralsunder Demodaten, "
        "wenn sie noch fehlen. Ein zweiter Aufruf ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            type=Path,
            default=settings.SHARED_DATA_DIR,
            help="Ordner der öffentlichen Daten (enthält ozg/)",
        )

    def handle(self, *args: Any, data: Path, **options: Any) -> None:
        ozg = data / "ozg"
        if not Themenfeld.objects.exists():
            if not ozg.is_dir():
                raise CommandError(f"Katalogdaten fehlen: {ozg} ist kein Ordner")
            call_command("import_ozg", str(ozg), stdout=self.stdout)
        else:
            self.stdout.write("Katalog bereits geladen.")
        if not Leistung.objects.filter(beispielinhalt=True).exists():
            call_command("load_demo", stdout=self.stdout)
        else:
            self.stdout.write("Demodaten bereits geladen.")
