from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.formulare.models import Vertrauensniveau
from rathaus.formulare.services import ImportFehler, formular_import


class Command(BaseCommand):
    help = (
        "Importiert FIM-Stammdatenschemata (XDatenfelder 1/2/3) als Formulare, alles oder nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dateien", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--leistung",
            metavar="LEIKA-KEY",
            default=None,
            help="LeiKa-Schlüssel der Leistung, zu der die Formulare gehören",
        )
        parser.add_argument(
            "--vertrauensniveau",
            choices=Vertrauensniveau.values,
            default=Vertrauensniveau.BASIS,
        )
        parser.add_argument(
            "--codelisten",
            metavar="ORDNER",
            type=Path,
            action="append",
            default=[],
            help=(
                "Ordner mit Codelisten (genericode), zusätzlich zum Ordner des Schemas und "
                "zu RATHAUS_SHARED_DATA/fim/codelisten; mehrfach möglich"
            ),
        )

    def handle(self, *args: Any, dateien: list[Path], **options: Any) -> None:
        start = time.perf_counter()
        for ordner in options["codelisten"]:
            if not ordner.is_dir():
                raise CommandError(f"--codelisten {ordner}: kein Ordner")
        try:
            zeilen = formular_import(
                dateien=dateien,
                actor="import_fim",
                leistung_schluessel=options["leistung"],
                vertrauensniveau=options["vertrauensniveau"],
                codelisten=options["codelisten"],
            )
        except ImportFehler as exc:
            raise CommandError(f"Import abgebrochen, nichts geändert: {exc}") from exc
        for z in zeilen:
            for w in z.warnungen:
                self.stdout.write(self.style.WARNING(f"{z.datei}: Hinweis: {w}"))
            f = z.formular
            status = "neu" if z.neu else "unverändert"
            leistung = f" → {f.leistung.leika_schluessel}" if f.leistung_id and f.leistung else ""
            self.stdout.write(
                f"{z.datei}: {f.fim_id} {f.fim_version} (XDF {f.xdf_version}) {status}{leistung}"
                f" – rules: {z.regeln_gesamt} total, {z.regeln_ausfuehrbar} executable"
            )
        neu = sum(z.neu for z in zeilen)
        self.stdout.write(
            f"{len(zeilen)} files, {neu} new, {len(zeilen) - neu} unchanged"
            f" in {time.perf_counter() - start:.1f} s"
            f" – rules: {sum(z.regeln_gesamt for z in zeilen)} total,"
            f" {sum(z.regeln_ausfuehrbar for z in zeilen)} executable"
        )
