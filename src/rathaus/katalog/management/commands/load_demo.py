"""`rathaus load_demo`: the Stralsund sample content (offices, hours, services, synonyms)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rathaus.katalog.demo.laden import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_load

ACTOR = "load_demo"


class Command(BaseCommand):
    help = (
        "Lädt die Beispielinhalte der Hansestadt Stralsund (Organisationseinheiten, "
        "Öffnungszeiten, Leistungsbeschreibungen, Synonyme) in einer Transaktion. "
        "Kann beliebig oft laufen; ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ohne-admin",
            action="store_true",
            help="kein Demo-Konto 'admin' anlegen",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bericht = demo_load(actor=ACTOR, admin=not options["ohne_admin"])
        out = self.stdout
        out.write(f"Standorte:              {bericht.standorte}")
        out.write(f"Organisationseinheiten: {bericht.organisationseinheiten}")
        out.write(f"Schließtage je Einheit: {bericht.schliesstage}")
        out.write(
            f"Leistungen:             {bericht.leistungen} "
            f"(neu angelegt: {bericht.leistungen_angelegt}, "
            f"geändert: {bericht.leistungen_geaendert})"
        )
        out.write(f"Synonyme:               {bericht.synonyme}")
        if bericht.suchindex is None:
            out.write(
                "Suchindex:              nicht verfügbar (Modul rathaus.katalog.search fehlt)"
            )
        else:
            out.write(f"Suchindex:              {bericht.suchindex} Leistungen neu indexiert")
        out.write(f"Protokolleinträge:      {bericht.protokolleintraege}")
        if bericht.admin_angelegt:
            self.stderr.write(
                self.style.WARNING(
                    f"WARNUNG: Demo-Konto '{DEMO_ADMIN_USERNAME}' mit Passwort "
                    f"'{DEMO_ADMIN_PASSWORD}' angelegt – nur für Demonstrationszwecke, "
                    "niemals in einem produktiven System verwenden."
                )
            )
        if bericht.protokolleintraege == 0:
            out.write(self.style.SUCCESS("Beispielinhalte waren bereits aktuell; nichts geändert."))
        else:
            out.write(self.style.SUCCESS("Beispielinhalte geladen."))
