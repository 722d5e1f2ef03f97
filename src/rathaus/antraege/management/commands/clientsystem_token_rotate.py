"""`rathaus clientsystem_token_rotate NAME [--overlap-hours H] [--days D]`: a new token for
a client system; the old one keeps working for H hours."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rathaus.antraege.models import Clientsystem
from rathaus.antraege.services import clientsystem_token_rotate
from rathaus.antraege.services.clientsystem import (
    MAX_TAGE,
    MAX_UEBERLAPPUNG_STUNDEN,
    STANDARD_TAGE,
    STANDARD_UEBERLAPPUNG_STUNDEN,
)


class Command(BaseCommand):
    help = (
        "Erneuert das Token eines Clientsystems. Das neue Token wird nur jetzt angezeigt; "
        "das bisherige gilt noch die Übergangszeit, damit das Clientsystem ohne Ausfall "
        "wechseln kann."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Name des Clientsystems")
        parser.add_argument(
            "--overlap-hours",
            type=int,
            default=STANDARD_UEBERLAPPUNG_STUNDEN,
            help=f"Übergangszeit des bisherigen Tokens in Stunden (0–{MAX_UEBERLAPPUNG_STUNDEN})",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=STANDARD_TAGE,
            help=f"Gültigkeit des neuen Tokens in Tagen (1–{MAX_TAGE})",
        )
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}")

    def handle(
        self, *args: Any, name: str, overlap_hours: int, days: int, akteur: str, **options: Any
    ) -> None:
        client = Clientsystem.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"Unbekanntes Clientsystem: {name}")
        try:
            client, token = clientsystem_token_rotate(
                clientsystem=client, overlap_hours=overlap_hours, tage=days, actor=akteur
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        bis = client.vorheriger_token_gueltig_bis
        alt = (
            f"das bisherige gilt noch bis {timezone.localtime(bis):%Y-%m-%d %H:%M %Z}"
            if bis and bis > timezone.now()
            else "das bisherige gilt nicht mehr"
        )
        self.stderr.write(
            f"Neues Token für {client.name}, gültig bis "
            f"{timezone.localtime(client.gueltig_bis):%Y-%m-%d %H:%M %Z}; {alt}. "
            "Es wird nur jetzt angezeigt:"
        )
        self.stdout.write(token)
