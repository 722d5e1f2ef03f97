"""`rathaus load_demo_akten`: sample Aktenplan, mappings and Akten (see akten.demo)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rathaus.akten.demo import ACTOR, demo_akten_load


class Command(BaseCommand):
    help = (
        "Lädt einen Muster-Aktenplan (Beispiel, kein amtlicher Plan), seine Zuordnung zu "
        "den Demo-Leistungen und Beispielakten – einige seit Jahren zdA, sodass "
        "`rathaus aussonderung anbieten` sofort etwas findet. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bericht = demo_akten_load(actor=ACTOR)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Aktenplanpositionen neu: {bericht.positionen}")
        self.stdout.write(f"Zuordnungen neu:         {bericht.zuordnungen}")
        self.stdout.write(f"Beispielakten neu:       {bericht.akten} ({bericht.geschlossen} zdA)")
        if bericht.fehlende_leistungen:
            self.stdout.write(
                f"Leistungen nicht im Katalog: {', '.join(bericht.fehlende_leistungen)}"
            )
        if bericht.positionen or bericht.zuordnungen or bericht.akten:
            self.stdout.write(self.style.SUCCESS("E-Akte-Beispielinhalte geladen."))
        else:
            self.stdout.write(self.style.SUCCESS("E-Akte-Beispielinhalte waren bereits da."))
