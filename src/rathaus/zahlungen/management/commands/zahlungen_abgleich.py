"""rathaus zahlungen_abgleich [--tag YYYY-MM-DD] [--ausgabe DATEI]

Without --tag: the reconciliation run (ask the provider about every payment still open;
for cron where the task backend cannot plan periodic runs). With --tag: the day's
reconciliation report (paid in Rathaus vs. reported by the provider) as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rathaus.zahlungen.berichte import abgleich_bericht
from rathaus.zahlungen.services import zahlungen_sync_all

from .zahlungen_export import tag_lesen


class Command(BaseCommand):
    help = "Reconcile open payments with the provider, or print a day's reconciliation report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tag", help="YYYY-MM-DD: print that day's report")
        parser.add_argument("--ausgabe", help="file for the report (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("tag"):
            ergebnis = zahlungen_sync_all()
            self.stdout.write(" ".join(f"{k}={v}" for k, v in ergebnis.items()))
            return
        bericht = abgleich_bericht(tag=tag_lesen(options["tag"]))
        if options.get("ausgabe"):
            Path(options["ausgabe"]).write_text(bericht.text, encoding="utf-8")
            self.stdout.write(" ".join(f"{k}={v}" for k, v in bericht.zahlen.items()))
        else:
            self.stdout.write(bericht.text, ending="")
