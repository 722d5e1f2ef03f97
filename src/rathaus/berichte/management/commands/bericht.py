from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.berichte.pdf import QuartalUngueltig, bericht_pdf


class Command(BaseCommand):
    help = "Schreibt den Digitalisierungsbericht eines Quartals als getaggtes PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quartal", required=True, help="z. B. 2026-Q4")
        parser.add_argument("--out", required=True, type=Path, help="Zieldatei (PDF)")

    def handle(self, *args: Any, quartal: str, out: Path, **options: Any) -> None:
        try:
            pdf = bericht_pdf(quartal=quartal)
        except QuartalUngueltig as fehler:
            raise CommandError(str(fehler)) from fehler
        out.write_bytes(pdf)
        self.stdout.write(f"{out}: {len(pdf)} Bytes")
