"""rathaus zahlungen_export --tag YYYY-MM-DD [--ausgabe DATEI]: the accounting export of
one day (columns: rathaus.zahlungen.berichte); without --ausgabe to standard output."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.zahlungen.berichte import export_csv


def tag_lesen(wert: str) -> date:
    try:
        return date.fromisoformat(wert)
    except ValueError:
        raise CommandError(f"--tag {wert!r}: expected YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "CSV of the payments received on one day, for the city's accounting system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tag", required=True, help="YYYY-MM-DD")
        parser.add_argument("--ausgabe", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = export_csv(tag=tag_lesen(options["tag"]))
        if options.get("ausgabe"):
            Path(options["ausgabe"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
