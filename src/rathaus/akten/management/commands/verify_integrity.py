from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.akten.integrity import integrity_verify


class Command(BaseCommand):
    help = (
        "Prüft den gespeicherten Inhalt jeder Version der E-Akte (SHA-256) und nennt "
        "geänderte oder fehlende Inhalte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=4, help="parallel gelesene Inhalte (Standard 4)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pruefung = integrity_verify(workers=options["workers"])
        for befund in pruefung.befunde:
            self.stderr.write(f"{befund.sha256}: {befund.meldung}")
            for version in befund.versionen:
                self.stderr.write(f"  betrifft {version}")
        self.stdout.write(
            f"{pruefung.blobs} Inhalte, {pruefung.bytes / 1_000_000:.1f} MB in "
            f"{pruefung.sekunden:.2f} s geprüft ({pruefung.mb_je_sekunde:.1f} MB/s)."
        )
        if pruefung.befunde:
            raise CommandError(
                f"E-Akte verletzt: {len(pruefung.befunde)} Inhalt(e) geändert oder fehlend."
            )
        self.stdout.write(self.style.SUCCESS("Alle Inhalte unversehrt."))
