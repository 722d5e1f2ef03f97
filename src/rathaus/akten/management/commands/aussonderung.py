"""`rathaus aussonderung`: retention and hand-over to the archive (xdomea 3.0.0)."""

from __future__ import annotations

import getpass
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rathaus.akten import aussonderung as a
from rathaus.akten.models import Aussonderungsvorgang
from rathaus.standards import xdomea

MAX_DATEI = 200 * 1024 * 1024


def datei_schreiben(ordner: Path, name: str, inhalt: bytes) -> Path:
    """Write atomically (temporary file, then rename) so no half-written message is left."""
    ordner.mkdir(parents=True, exist_ok=True)
    ziel = ordner / name
    fd, tmp = tempfile.mkstemp(dir=ordner, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as datei:
            datei.write(inhalt)
        os.replace(tmp, ziel)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ziel


def datei_lesen(pfad: Path) -> bytes:
    try:
        if pfad.stat().st_size > MAX_DATEI:
            raise CommandError(f"{pfad}: größer als {MAX_DATEI // 1024 // 1024} MB")
        return pfad.read_bytes()
    except OSError as error:
        raise CommandError(f"{pfad}: nicht lesbar ({error.strerror or error})") from error


def _meldung(error: ValidationError) -> str:
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Aussonderung nach Ablauf der Aufbewahrungsfrist (xdomea 3.0.0): anbieten (0501), "
        "bewertung (0502 lesen), abgeben (0503), bestaetigung (0506/0504/0507 lesen, erst "
        "dann löschen), vernichten (Aussonderungsart V), liste."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--akteur", default=f"cli:{getpass.getuser()}", help="wer handelt")
        sub = parser.add_subparsers(dest="aktion", required=True)
        anbieten = sub.add_parser("anbieten", help="fällige Akten anbieten (0501 schreiben)")
        anbieten.add_argument("--out", type=Path, required=True, help="Zielordner")
        bewertung = sub.add_parser("bewertung", help="Bewertungsverzeichnis 0502 lesen")
        bewertung.add_argument("datei", type=Path)
        bewertung.add_argument("--out", type=Path, help="Ordner für die Empfangsbestätigung 0505")
        abgeben = sub.add_parser("abgeben", help="0503-Container der Akten mit A schreiben")
        abgeben.add_argument("--out", type=Path, required=True, help="Zielordner")
        abgeben.add_argument("--prozess", type=uuid.UUID, help="ProzessID (bei mehreren)")
        bestaetigung = sub.add_parser("bestaetigung", help="0506 (oder 0504/0507) lesen")
        bestaetigung.add_argument("datei", type=Path)
        bestaetigung.add_argument("--out", type=Path, help="(ohne Wirkung, einheitlich)")
        vernichten = sub.add_parser("vernichten", help="Akten mit V nach Fristablauf vernichten")
        vernichten.add_argument("--dry-run", action="store_true", help="nur auflisten")
        vernichten.add_argument("--out", type=Path, help="(ohne Wirkung, einheitlich)")
        sub.add_parser("liste", help="Aussonderungsvorgänge und fällige Akten zeigen")

    def handle(self, *args: Any, aktion: str, akteur: str, **options: Any) -> None:
        try:
            getattr(self, f"_{aktion}")(akteur=akteur, **options)
        except ValidationError as error:
            raise CommandError(_meldung(error)) from error
        except xdomea.XdomeaError as error:
            raise CommandError(str(error)) from error

    def _anbieten(self, *, akteur: str, out: Path, **_: Any) -> None:
        with transaction.atomic():
            vorgang, xml = a.aussonderung_anbieten(actor=akteur)
            name = f"{vorgang.prozess_id}_{xdomea.Nachrichtentyp.ANBIETEVERZEICHNIS.element_name}"
            ziel = datei_schreiben(out, f"{name}.xml", xml)
        for posten in vorgang.posten.select_related("akte").order_by("akte__aktenzeichen"):
            akte = posten.akte
            self.stdout.write(
                f"  {akte.aktenzeichen}  {akte.betreff}  (aufzubewahren bis "
                f"{akte.aufbewahrung_bis}, Aussonderungsart {akte.aussonderungsart})"
            )
        self.stdout.write(self.style.SUCCESS(f"Angeboten: ProzessID {vorgang.prozess_id}"))
        self.stdout.write(f"Anbieteverzeichnis: {ziel}")

    def _bewertung(self, *, akteur: str, datei: Path, out: Path | None, **_: Any) -> None:
        vorgang, bewertung = a.aussonderung_bewerten(
            inhalt=datei_lesen(datei), dateiname=str(datei), actor=akteur
        )
        for posten in vorgang.posten.select_related("akte").order_by("akte__aktenzeichen"):
            self.stdout.write(f"  {posten.akte.aktenzeichen}: {posten.get_status_display()}")
        self.stdout.write(self.style.SUCCESS(f"Bewertung gelesen: {vorgang.prozess_id}"))
        if bewertung.empfangsbestaetigung and out is not None:
            typ = xdomea.Nachrichtentyp.BEWERTUNG_EMPFANG_BESTAETIGEN
            xml = xdomea.write_empfangsbestaetigung(
                xdomea.Empfangsbestaetigung(typ=typ, kopf=a.abbildung.kopf(vorgang.prozess_id, typ))
            )
            ziel = datei_schreiben(out, f"{vorgang.prozess_id}_{typ.element_name}.xml", xml)
            self.stdout.write(f"Empfangsbestätigung: {ziel}")

    def _abgeben(self, *, akteur: str, out: Path, prozess: uuid.UUID | None, **_: Any) -> None:
        offen = Aussonderungsvorgang.objects.filter(status=Aussonderungsvorgang.Status.BEWERTET)
        if prozess is not None:
            offen = offen.filter(prozess_id=prozess)
        vorgaenge = list(offen[:2])
        if len(vorgaenge) != 1:
            raise CommandError(
                "Keine bewertete Aussonderung zum Abgeben gefunden."
                if not vorgaenge
                else "Mehrere bewertete Aussonderungen: bitte --prozess angeben."
            )
        with transaction.atomic():
            vorgang, name, container = a.aussonderung_abgeben(vorgang=vorgaenge[0], actor=akteur)
            ziel = datei_schreiben(out, name, container)
        anzahl = vorgang.posten.filter(status="abgegeben").count()
        self.stdout.write(self.style.SUCCESS(f"{anzahl} Akte(n) abgegeben: {ziel}"))
        self.stdout.write("Gelöscht wird erst nach der Importbestätigung (0506) des Archivs.")

    def _bestaetigung(self, *, akteur: str, datei: Path, **_: Any) -> None:
        vorgang, nachweise = a.aussonderung_bestaetigen(
            inhalt=datei_lesen(datei), dateiname=str(datei), actor=akteur
        )
        for nachweis in nachweise:
            self.stdout.write(
                f"  gelöscht: {nachweis.aktenzeichen} (Archivkennung "
                f"{nachweis.archivkennung or '-'}), Löschnachweis {nachweis.pk}"
            )
        for posten in vorgang.posten.exclude(status="uebernommen").select_related("akte"):
            self.stdout.write(
                f"  bleibt: {posten.akte.aktenzeichen} ({posten.get_status_display()})"
            )
        self.stdout.write(self.style.SUCCESS(f"Gelesen: {vorgang.prozess_id} ({vorgang.status})"))

    def _vernichten(self, *, akteur: str, dry_run: bool, **_: Any) -> None:
        akten = list(a.zu_vernichtende_akten())
        for akte in akten:
            self.stdout.write(
                f"  {akte.aktenzeichen}  {akte.betreff}  "
                f"(aufzubewahren bis {akte.aufbewahrung_bis})"
            )
        if dry_run:
            self.stdout.write(f"Probelauf: {len(akten)} Akte(n) würden vernichtet.")
            return
        nachweise = a.akten_vernichten(actor=akteur, akten=akten)
        self.stdout.write(self.style.SUCCESS(f"{len(nachweise)} Akte(n) vernichtet."))

    def _liste(self, **_: Any) -> None:
        for vorgang in Aussonderungsvorgang.objects.prefetch_related("posten__akte"):
            self.stdout.write(
                f"{vorgang.prozess_id}  {vorgang.status}  {vorgang.angeboten_am:%Y-%m-%d}"
            )
            for posten in vorgang.posten.all():
                self.stdout.write(f"  {posten.akte.aktenzeichen}: {posten.status}")
        self.stdout.write(f"Zur Anbietung fällig: {a.anzubietende_akten().count()}")
        self.stdout.write(f"Zur Vernichtung fällig: {a.zu_vernichtende_akten().count()}")
