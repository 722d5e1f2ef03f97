"""`rathaus api_token_list [USERNAME]`: the personal API tokens (never their secrets)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rathaus.api.selectors import api_tokens_of


class Command(BaseCommand):
    help = (
        "Listet persönliche API-Tokens: Nummer, Präfix, Benutzer, Bezeichnung, Zustand, "
        "Berechtigungen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", default="")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        jetzt = timezone.now()
        for t in api_tokens_of(username=username or None):
            if t.widerrufen_am is not None:
                zustand = f"widerrufen {t.widerrufen_am:%Y-%m-%d}"
            elif t.gueltig_bis <= jetzt:
                zustand = f"abgelaufen {t.gueltig_bis:%Y-%m-%d}"
            else:
                zustand = f"gültig bis {t.gueltig_bis:%Y-%m-%d}"
            benutzt = f"{t.zuletzt_benutzt_am:%Y-%m-%d %H:%M}" if t.zuletzt_benutzt_am else "–"
            self.stdout.write(
                f"{t.pk}\t{t.token_praefix}…\t{t.user.get_username()}\t{t.name}\t{zustand}"
                f"\t{','.join(t.scopes or []) or '–'}\tzuletzt benutzt: {benutzt}"
            )
