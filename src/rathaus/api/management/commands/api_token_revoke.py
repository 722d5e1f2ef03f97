"""`rathaus api_token_revoke ID ...` or `--user USERNAME`: revoke personal API tokens."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.api.selectors import api_tokens_of
from rathaus.api.services import api_token_revoke


class Command(BaseCommand):
    help = "Widerruft persönliche API-Tokens (nach Nummer oder alle eines Benutzers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="Nummern der Tokens")
        parser.add_argument("--user", default="", help="alle Tokens dieses Benutzers")
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}")

    def handle(self, *args: Any, ids: list[int], user: str, akteur: str, **options: Any) -> None:
        if not ids and not user:
            raise CommandError("Bitte Nummern von Tokens oder --user angeben.")
        tokens = api_tokens_of(username=user or None)
        if ids:
            tokens = tokens.filter(pk__in=ids)
            fehlend = sorted(set(ids) - set(tokens.values_list("pk", flat=True)))
            if fehlend:
                raise CommandError(f"Unbekannte Tokens: {', '.join(map(str, fehlend))}")
        anzahl = 0
        for api_token in tokens.filter(widerrufen_am__isnull=True):
            api_token_revoke(api_token=api_token, actor=akteur)
            anzahl += 1
        self.stdout.write(f"{anzahl} Token(s) widerrufen.")
