"""`rathaus clientsystem_token_revoke NAME`: stop a client system's token at once."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.antraege.models import Clientsystem
from rathaus.antraege.services import clientsystem_token_revoke


class Command(BaseCommand):
    help = (
        "Widerruft das Token eines Clientsystems sofort (auch ein bisheriges in seiner "
        "Übergangszeit); ein neues gibt clientsystem_token_rotate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Name des Clientsystems")
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}")

    def handle(self, *args: Any, name: str, akteur: str, **options: Any) -> None:
        client = Clientsystem.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"Unbekanntes Clientsystem: {name}")
        clientsystem_token_revoke(clientsystem=client, actor=akteur)
        self.stdout.write(f"Token von {client.name} widerrufen.")
