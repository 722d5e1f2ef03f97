from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rathaus.akten.demo import demo_akten_geladen
from rathaus.akten.loeschfristen import loeschlauf_einplanen
from rathaus.akten.selectors import aktenplaneinheit_by_kennzeichen
from rathaus.akten.services import aktenplan_zuordnung_set
from rathaus.formulare.selectors import formular_pk_for_leistung
from rathaus.katalog.selectors import (
    beispielinhalt_geladen,
    katalog_geladen,
    leistung_by_leika,
    zustaendige_stelle,
)
from rathaus.katalog.services.redaktion import ZustaendigkeitEintrag, zustaendigkeit_set
from rathaus.organisation.selectors import organisationseinheit_detail
from rathaus.verfahren.tasks import fristenlauf_einplanen

# Real FIM forms the demo offers online: (schema id, LeiKa key of the demo Leistung).
# S05000001313 (replacement of a haulage licence) is the demo's form with a fee paid
# before processing (`rathaus.zahlungen.demo`).
DEMO_FORMULARE = [("S05000001319", "99050053020000"), ("S05000001313", "99055004032000")]
# The demo's Leistungen from the OZG catalogue that the Stralsund demo content does not
# cover: (LeiKa, responsible unit, Aktenplan position), set once when it has no office.
DEMO_ZUSTAENDIG = [("99055004032000", "gewerbeamt", "3.2.1")]


def demo_zustaendigkeit_set() -> int:
    """Give the demo's extra Leistungen their office and Aktenplan position, so that the
    intake can start their Verfahren; a Leistung that has an office is left alone."""
    neu = 0
    for leika, slug, kennzeichen in DEMO_ZUSTAENDIG:
        leistung = leistung_by_leika(leika_schluessel=leika)
        einheit = aktenplaneinheit_by_kennzeichen(kennzeichen=kennzeichen)
        if leistung is None or einheit is None or zustaendige_stelle(leistung=leistung):
            continue
        try:
            stelle = organisationseinheit_detail(slug=slug)
        except ObjectDoesNotExist:
            continue
        zustaendigkeit_set(
            leistung=leistung,
            eintraege=[ZustaendigkeitEintrag(organisationseinheit=stelle)],
            gebiet_ags=settings.RATHAUS_AGS,
            actor="bootstrap",
        )
        aktenplan_zuordnung_set(leistung=leistung, aktenplaneinheit=einheit, actor="bootstrap")
        neu += 1
    return neu


def formular_pk_for_leistung_key(leika: str) -> int | None:
    leistung = leistung_by_leika(leika_schluessel=leika)
    return None if leistung is None else formular_pk_for_leistung(leistung=leistung)


class Command(BaseCommand):
    help = (
        "Erster Start: lädt den OZG-/LeiKa-Katalog und die Stralsunder Demodaten, "
        "wenn sie noch fehlen. Ein zweiter Aufruf ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            type=Path,
            default=settings.SHARED_DATA_DIR,
            help="Ordner der öffentlichen Daten (enthält ozg/)",
        )

    def handle(self, *args: Any, data: Path, **options: Any) -> None:
        ozg = data / "ozg"
        if not katalog_geladen():
            if not ozg.is_dir():
                raise CommandError(f"Katalogdaten fehlen: {ozg} ist kein Ordner")
            call_command("import_ozg", str(ozg), stdout=self.stdout)
        else:
            self.stdout.write("Katalog bereits geladen.")
        if not beispielinhalt_geladen():
            call_command("load_demo", stdout=self.stdout)
        else:
            self.stdout.write("Demodaten bereits geladen.")
        if not demo_akten_geladen():
            call_command("load_demo_akten", stdout=self.stdout)
        else:
            self.stdout.write("E-Akte-Demodaten bereits geladen.")
        call_command("load_demo_personal", stdout=self.stdout)
        # The demo appointment offices (idempotent) and the appointments' periodic run.
        call_command("load_demo_termine", stdout=self.stdout)
        if loeschlauf_einplanen():
            self.stdout.write("Täglicher Löschfristen-Lauf eingeplant.")
        if fristenlauf_einplanen():
            self.stdout.write("Täglicher Fristen-Lauf der Verfahren eingeplant.")
        for fim_id, leika in DEMO_FORMULARE:
            schema = data / "fim" / "xdf3" / fim_id / "schema.xdf.xml"
            if formular_pk_for_leistung_key(leika) is None and schema.is_file():
                codelisten = data / "fim" / "codelisten"
                extra = ["--codelisten", str(codelisten)] if codelisten.is_dir() else []
                aufruf = [str(schema), "--leistung", leika, *extra]
                call_command("import_fim", *aufruf, stdout=self.stdout)
        # The fee rules of the demo's forms (idempotent): a range decided with the Bescheid,
        # a fixed fee paid with the application.
        call_command("load_demo_gebuehren", stdout=self.stdout)
        if demo_zustaendigkeit_set():
            self.stdout.write("Zuständigkeit der Demo-Leistung mit Vorab-Gebühr eingerichtet.")
