"""`rathaus activation_link USERNAME [--hours N]`: a one-time activation link for staff."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.arbeitsplatz.services import AKTIVIERUNG_STUNDEN, aktivierung_create
from rathaus.arbeitsplatz.zugang import aktivierung_link


class Command(BaseCommand):
    help = (
        "Erstellt einen einmaligen Aktivierungslink, mit dem die Person Passwort und "
        "Authenticator-App des Kontos einrichtet (neues Konto oder zurückgesetzter Zugang). "
        "Passwort und Geräte des Kontos werden dabei entfernt. Der Link wird nur jetzt "
        "angezeigt; gespeichert wird nur ein Hash."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--hours",
            type=int,
            default=AKTIVIERUNG_STUNDEN,
            help=f"Gültigkeit in Stunden (1–720, Standard {AKTIVIERUNG_STUNDEN})",
        )
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}")

    def handle(self, *args: Any, username: str, hours: int, akteur: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Unbekannter Benutzer: {username}")
        try:
            aktivierung, token = aktivierung_create(user=user, actor=akteur, stunden=hours)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(
            f"Aktivierungslink für {user.get_username()}, gültig bis "
            f"{aktivierung.gueltig_bis:%Y-%m-%d %H:%M %Z}, einmal verwendbar. Passwort und "
            "zweiter Faktor des Kontos sind entfernt. Der Link wird nur jetzt angezeigt:"
        )
        self.stdout.write(aktivierung_link(konto_id=user.pk, token=token))
