"""`rathaus load_demo_personal`: demo staff accounts with a fixed TOTP key (demo only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rathaus.arbeitsplatz.demo import DEMO_PASSWORT, DemoFehlt, demo_personal_load

ACTOR = "load_demo"


class Command(BaseCommand):
    help = (
        "Legt Demo-Beschäftigte (sb.gewerbe, leitung.gewerbe, sb.buergerbuero, sb.wohngeld, "
        "leitung.ordnungsamt, "
        "fachadmin) mit Passwort und festem TOTP-Schlüssel sowie je eine offene Akte an. "
        "Braucht `rathaus load_demo` (und für die Akten `load_demo_akten`). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bericht = demo_personal_load(actor=ACTOR)
        except DemoFehlt as fehlt:
            raise CommandError(
                f"Organisationseinheit '{fehlt}' fehlt – zuerst `rathaus load_demo` ausführen."
            ) from fehlt
        self.stdout.write(f"Demo-Beschäftigte neu:      {', '.join(bericht.angelegt) or '–'}")
        self.stdout.write(f"Demo-Beschäftigte bereits:  {', '.join(bericht.vorhanden) or '–'}")
        if bericht.akten is None:
            self.stdout.write("Demo-Akten:                 keine – erst `rathaus load_demo_akten`")
        else:
            self.stdout.write(f"Demo-Akten neu:             {bericht.akten}")
        if bericht.angelegt:
            self.stderr.write(
                self.style.WARNING(
                    f"WARNUNG: Demo-Konten mit Passwort '{DEMO_PASSWORT}' und öffentlichem "
                    "TOTP-Schlüssel angelegt (Code: `rathaus demo_totp BENUTZER`) – nur für "
                    "Demonstrationszwecke, niemals in einem produktiven System."
                )
            )
