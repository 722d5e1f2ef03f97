"""Objects and readers for the Bescheid tests (verfahren and konten)."""

from __future__ import annotations

import io
from itertools import count

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from pypdf import PdfReader

from rathaus.akten.models import Version
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox
from rathaus.konten.models import Buerger
from rathaus.organisation.models import Organisationseinheit, Standort
from rathaus.verfahren import services
from rathaus.verfahren.bescheid.services import AUFTRAG
from rathaus.verfahren.models import Bescheid, Verfahren

from . import factories as f

_seq = count(1)


def team() -> f.Team:
    """A team whose people have names (they are printed on the Bescheid) and whose unit
    has an address (the letterhead)."""
    team = f.Team()
    n = next(_seq)
    standort = Standort.objects.create(
        name=f"Rathaus {n}", slug=f"rathaus-{n}", strasse="Alter Markt", plz="18439"
    )
    Organisationseinheit.objects.filter(pk=team.oe.pk).update(
        standort=standort, telefon="03831 252-0", email="ordnungsamt@stralsund.de"
    )
    team.oe.refresh_from_db()
    for user, vorname, nachname in (
        (team.sb1, "Klara", "Kowalski"),
        (team.sb2, "Ben", "Brandt"),
        (team.leitung1, "Lena", "Lindqvist"),
        (team.leitung2, "Moritz", "Möller"),
    ):
        user.first_name, user.last_name = vorname, nachname
        user.save(update_fields=["first_name", "last_name"])
    return team


def buerger(email: str = "erika@example.org") -> Buerger:
    person = f.buerger()
    person.email = email
    person.strasse = "Ossenreyerstraße 12"
    person.postleitzahl = "18439"
    person.ort = "Stralsund"
    person.land = "DE"
    person.save()
    return person


def frisch(v: Verfahren) -> Verfahren:
    return Verfahren.objects.get(pk=v.pk)


def worker(topic: str = AUFTRAG, **kwargs) -> list[str]:
    """What the background worker does for the Bescheid: deliver the due outbox rows of the
    topic (not the emails: the tests check those separately)."""
    offen = Outbox.objects.filter(topic=topic, delivered_at__isnull=True).order_by("pk")
    return [
        core_outbox.outbox_deliver(outbox_id=pk, **kwargs)
        for pk in offen.values_list("pk", flat=True)
    ]


def entscheiden(
    v: Verfahren,
    team: f.Team,
    *,
    entscheidung: str = "bewilligen",
    begruendung: str = "Die Voraussetzungen sind erfüllt.",
    leitung: User | None = None,
    mit_worker: bool = True,
) -> Verfahren:
    """Vollständigkeitsprüfung, Entscheidung (sb1) and Mitzeichnung (Leitung): the
    co-signature asks for the Bescheid, the worker (unless `mit_worker` is False) makes
    and provides it and closes the Verfahren."""
    for user, ergebnis in (
        (team.sb1, {"vollstaendigkeit": "vollstaendig"}),
        (team.sb1, {"entscheidung": entscheidung, "begruendung": begruendung}),
        (leitung or team.leitung1, {"mitzeichnung": "zeichnen"}),
    ):
        services.aufgabe_complete(aufgabe=f.offen(frisch(v)), actor=user, ergebnis=ergebnis)
    if mit_worker:
        assert worker() == ["zugestellt"]
    return frisch(v)


def pdf_bytes(bescheid: Bescheid) -> bytes:
    version = Version.objects.select_related("blob").get(dokument=bescheid.dokument)
    with default_storage.open(version.blob.speichername, "rb") as datei:
        return datei.read()


def pdf_text(inhalt: bytes) -> str:
    reader = PdfReader(io.BytesIO(inhalt))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # Line breaks of the layout are not part of the content.
    return " ".join(text.split())
