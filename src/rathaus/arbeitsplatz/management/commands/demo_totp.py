"""`rathaus demo_totp USERNAME`: the current TOTP code of a demo account (demo key only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.arbeitsplatz.demo import demo_code


class Command(BaseCommand):
    help = "Gibt den aktuellen 6-stelligen Code eines Demo-Kontos aus (nur Demo-Schlüssel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            self.stdout.write(demo_code(username))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
