"""`rathaus api_token_create USERNAME [--name NAME] [--days N] [--scope SCOPE ...]`: a
personal API token; read only unless `--scope verfahren:schreiben` is given."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.api.models import SCOPE_LESEN, SCOPE_SCHREIBEN, SCOPES
from rathaus.api.services import STANDARD_TAGE, api_token_create


class Command(BaseCommand):
    help = (
        "Erstellt ein persönliches API-Token für Beschäftigte. Das Token wird nur jetzt "
        "angezeigt; gespeichert wird nur sein SHA-256-Hash."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Bezeichnung, z. B. die Integration")
        parser.add_argument(
            "--days", type=int, default=STANDARD_TAGE, help="Gültigkeit in Tagen (1–365)"
        )
        parser.add_argument(
            "--scope",
            action="append",
            choices=SCOPES,
            dest="scopes",
            help=(
                f"Berechtigung, mehrfach möglich: {SCOPE_LESEN} (GET, HEAD, OPTIONS; "
                f"Standard) oder {SCOPE_SCHREIBEN} (alle anderen Methoden, schließt Lesen ein)"
            ),
        )
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}")

    def handle(
        self,
        *args: Any,
        username: str,
        name: str,
        days: int,
        scopes: list[str] | None,
        akteur: str,
        **options: Any,
    ) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Unbekannter Benutzer: {username}")
        try:
            api_token, token = api_token_create(
                user=user, name=name, tage=days, scopes=scopes, actor=akteur
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(
            f"Token #{api_token.pk} „{api_token.name}“ für {user.get_username()}, gültig bis "
            f"{api_token.gueltig_bis:%Y-%m-%d %H:%M %Z}, Berechtigungen: "
            f"{', '.join(api_token.scopes)}. Es wird nur jetzt angezeigt:"
        )
        self.stdout.write(token)
