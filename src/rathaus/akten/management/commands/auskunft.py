"""`rathaus auskunft --person ID --out FILE.zip`: Art. 15 DSGVO Auskunft for a citizen."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rathaus.akten.auskunft import auskunft_erstellen

from .aussonderung import datei_schreiben


class Command(BaseCommand):
    help = "Auskunft nach Art. 15 DSGVO: alle Daten zu einer Person als ZIP mit README.txt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", required=True, help="Kennung des Bürgerkontos")
        parser.add_argument("--out", type=Path, required=True, help="Zieldatei (.zip)")
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}")

    def handle(self, *args: Any, person: str, out: Path, akteur: str, **options: Any) -> None:
        try:
            with transaction.atomic():
                inhalt = auskunft_erstellen(person_id=person, actor=akteur)
                ziel = datei_schreiben(out.parent, out.name, inhalt)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Auskunft geschrieben: {ziel} ({len(inhalt)} Bytes)"))
