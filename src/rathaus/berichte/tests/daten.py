"""Generated Anträge and Verfahren for the report's tests and benchmark (bulk rows, as the
intake would leave them; nothing of the process runs)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils import timezone

from rathaus.antraege.models import Antrag
from rathaus.katalog.models import Leistung
from rathaus.organisation.models import Organisationseinheit
from rathaus.verfahren.models import Verfahren

BLOCK = 5000


def antraege_anlegen(
    *,
    leistung: Leistung,
    anzahl: int,
    am: datetime,
    praefix: str,
    email: str = "",
    buerger: object = None,
) -> list[Antrag]:
    """`anzahl` submitted Anträge of `leistung` at `am` (bare rows)."""
    from rathaus.verfahren.tests.factories import _formular

    formular = _formular()
    return Antrag.objects.bulk_create(
        [
            Antrag(
                aktenzeichen=f"{praefix}-{i:07d}", formular=formular, fim_id=formular.fim_id,
                leistung=leistung, kanal="web", daten={}, daten_sha256="0" * 64,
                email=email, buerger=buerger, eingereicht_am=am,
                idempotenzschluessel=f"{praefix}:{i}", anfrage_sha256="0" * 64,
            )
            for i in range(anzahl)
        ],
        batch_size=1000,
    )  # fmt: skip


def verfahren_anlegen(
    *,
    antraege: Sequence[Antrag],
    oe: Organisationseinheit,
    eingang: datetime,
    dauer_tage: float | None,
    frist: date | None = None,
) -> list[Verfahren]:
    """One Verfahren per Antrag: closed with a Bescheid after `dauer_tage`, or open (None)."""
    from rathaus.akten.tests.factories import vorgang
    from rathaus.verfahren.services import prozessmodell_fuer

    if not antraege:
        return []
    modell = prozessmodell_fuer(leistung=antraege[0].leistung)
    vg = vorgang(betreff="Bericht")
    return Verfahren.objects.bulk_create(
        [
            Verfahren(
                aktenzeichen=a.aktenzeichen, antrag=a, vorgang=vg, leistung_id=a.leistung_id,
                organisationseinheit=oe, prozessmodell=modell, zustand="{}",
                status="in_bearbeitung" if dauer_tage is None else "abgeschlossen",
                eingegangen_am=eingang,
                abgeschlossen_am=(
                    None if dauer_tage is None else eingang + timedelta(days=dauer_tage)
                ),
                entscheidung="" if dauer_tage is None else "bewilligen",
                gesetzliche_frist_am=frist,
            )
            for a in antraege
        ],
        batch_size=1000,
    )  # fmt: skip


def massendaten_anlegen(
    *, leistungen: Sequence[Leistung], einheiten: Sequence[Organisationseinheit],
    antraege: int, verfahren: int, seed: int = 42, praefix: str = "M",
) -> None:  # fmt: skip
    """`antraege` Anträge over the last 14 months, the first `verfahren` of them with a
    Verfahren (60 % closed after 1–90 days, a statutory deadline on half of them)."""
    from rathaus.akten.tests.factories import vorgang
    from rathaus.verfahren.services import prozessmodell_fuer
    from rathaus.verfahren.tests.factories import _formular

    rnd = random.Random(seed)
    jetzt = timezone.now()
    formular = _formular()
    modell = prozessmodell_fuer(leistung=leistungen[0])
    vg = vorgang(betreff="Bench")
    for start in range(0, antraege, BLOCK):
        ende = min(antraege, start + BLOCK)
        zeilen = Antrag.objects.bulk_create(
            [
                Antrag(
                    aktenzeichen=f"{praefix}-{i:07d}", formular=formular, fim_id=formular.fim_id,
                    leistung=leistungen[rnd.randrange(len(leistungen))], kanal="web", daten={},
                    daten_sha256="0" * 64,
                    eingereicht_am=jetzt - timedelta(days=rnd.randrange(0, 420), minutes=i % 1440),
                    idempotenzschluessel=f"{praefix}:{i}", anfrage_sha256="0" * 64,
                )
                for i in range(start, ende)
            ],
            batch_size=1000,
        )  # fmt: skip
        liste = []
        for a in zeilen[: max(0, verfahren - start)]:
            zu = rnd.random() < 0.6
            dauer = rnd.uniform(1, 90)
            frist = (a.eingereicht_am + timedelta(days=60)).date() if rnd.random() < 0.5 else None
            liste.append(
                Verfahren(
                    aktenzeichen=a.aktenzeichen, antrag=a, vorgang=vg, leistung_id=a.leistung_id,
                    organisationseinheit=einheiten[rnd.randrange(len(einheiten))],
                    prozessmodell=modell, zustand="{}",
                    status="abgeschlossen" if zu else "in_bearbeitung",
                    eingegangen_am=a.eingereicht_am,
                    abgeschlossen_am=a.eingereicht_am + timedelta(days=dauer) if zu else None,
                    entscheidung="bewilligen" if zu else "", gesetzliche_frist_am=frist,
                )
            )  # fmt: skip
        Verfahren.objects.bulk_create(liste, batch_size=1000)
