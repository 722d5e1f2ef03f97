"""Filing Dokumente, Anlagen and Versionen; applying OCR results.

Content is hashed, checked, stored (once per SHA-256) and its text extracted before the
database transaction opens, so a large upload does not hold the database lock; a
rolled-back filing leaves at most an unreferenced Blob, which the next identical upload
reuses.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import SYSTEM, Actor, protokoll_write

from ..inhalt import Quelle, blob_store, dateiname_safe, einlesen, mediatyp_check
from ..models import Anlage, Dokument, Version, Volltext, Vorgang
from ..search import suchindex_update
from ..volltext import Auszug, ocr_text, text_extract
from ._common import text_pruefen, user_of, vorgang_offen_pruefen

VersionEingabe = tuple[str, str, Quelle]
"""(dateiname, mediatyp, content as bytes or a binary file object)"""


@dataclass(frozen=True)
class _Vorbereitet:
    dateiname: str
    mediatyp: str
    sha256: str
    groesse: int
    auszug: Auszug


def _vorbereiten(eingaben: Sequence[VersionEingabe]) -> list[_Vorbereitet]:
    if not eingaben:
        raise ValidationError({"versionen": _("Mindestens eine Datei angeben.")}, code="leer")
    vorbereitet = []
    for index, (dateiname, mediatyp, quelle) in enumerate(eingaben, start=1):
        try:
            with einlesen(quelle) as eingelesen:
                typ = mediatyp_check(deklariert=mediatyp, kopf=eingelesen.kopf)
                blob_store(eingelesen)
                auszug = text_extract(mediatyp=typ, datei=eingelesen.datei)
        except ValidationError as error:
            raise ValidationError(
                {f"versionen[{index}]": [f"{dateiname_safe(dateiname)}: {m}" for m in error]},
                code=getattr(error, "code", None),
            ) from error
        vorbereitet.append(
            _Vorbereitet(
                dateiname_safe(dateiname), typ, eingelesen.sha256, eingelesen.groesse, auszug
            )
        )
    return vorbereitet


def _ocr_enqueue(version_id: int) -> None:
    from ..tasks import volltext_ocr

    volltext_ocr.enqueue(version_id)


def _versionen_anlegen(
    vorbereitet: Sequence[_Vorbereitet],
    *,
    erste_nummer: int,
    actor: Actor,
    jetzt: datetime,
    **besitzer: Any,
) -> list[Version]:
    versionen = []
    for nummer, teil in enumerate(vorbereitet, start=erste_nummer):
        version = Version.objects.create(
            nummer=nummer,
            blob_id=teil.sha256,
            groesse=teil.groesse,
            mediatyp=teil.mediatyp,
            dateiname=teil.dateiname,
            erstellt_von=user_of(actor),
            erstellt_am=jetzt,
            **besitzer,
        )
        Volltext.objects.create(
            version=version,
            status=teil.auszug.status,
            methode=teil.auszug.methode,
            text=teil.auszug.text,
            meldung=teil.auszug.meldung,
        )
        if teil.auszug.status == Volltext.Status.OCR_AUSSTEHEND:
            transaction.on_commit(partial(_ocr_enqueue, version.pk), robust=True)
        versionen.append(version)
    return versionen


def _protokoll_versionen(versionen: Sequence[Version]) -> list[dict[str, Any]]:
    return [
        {"nummer": v.nummer, "sha256": v.blob_id, "dateiname": v.dateiname, "groesse": v.groesse}
        for v in versionen
    ]


def _vorgang_sperren(vorgang_id: int) -> Vorgang:
    # Lock only the Vorgang row: akte_close locks Akte then Vorgänge, never the reverse.
    vorgang = (
        Vorgang.objects.select_for_update(of=("self",)).select_related("akte").get(pk=vorgang_id)
    )
    vorgang_offen_pruefen(vorgang)
    return vorgang


def dokument_file(
    *,
    vorgang: Vorgang,
    art: str,
    betreff: str,
    versionen: Sequence[VersionEingabe],
    actor: Actor,
    anlagen: Sequence[tuple[str, Sequence[VersionEingabe]]] = (),
    posteingangsdatum: date | None = None,
    postausgangsdatum: date | None = None,
    absender: str = "",
    empfaenger: str = "",
    personenbezogen: bool = False,
    person_ref: str = "",
) -> Dokument:
    """File a Dokument with its Versionen (numbered 1..n in the given order) and Anlagen.

    Refused (ValidationError) for a closed Vorgang/Akte, an unknown `art`, an empty
    Betreff, and content that is empty, too large or not of its declared media type.
    Scans and images are queued for OCR when the transaction commits.
    """
    if art not in Dokument.Art.values:
        raise ValidationError({"art": _("Unbekannte Dokumentart.")}, code="ungueltig")
    betreff = text_pruefen(betreff, "betreff")
    vorgang_offen_pruefen(Vorgang.objects.select_related("akte").get(pk=vorgang.pk))
    inhalt = _vorbereiten(versionen)
    anlagen_inhalt = [(text_pruefen(b, "anlagen"), _vorbereiten(v)) for b, v in anlagen]
    with transaction.atomic():
        vorgang = _vorgang_sperren(vorgang.pk)
        jetzt = timezone.now()
        dokument = Dokument.objects.create(
            vorgang=vorgang,
            art=art,
            betreff=betreff,
            posteingangsdatum=posteingangsdatum,
            postausgangsdatum=postausgangsdatum,
            absender=absender.strip(),
            empfaenger=empfaenger.strip(),
            personenbezogen=personenbezogen,
            person_ref=person_ref.strip(),
            erstellt_von=user_of(actor),
        )
        neu = _versionen_anlegen(
            inhalt, erste_nummer=1, actor=actor, jetzt=jetzt, dokument=dokument
        )
        for nummer, (bezeichnung, teile) in enumerate(anlagen_inhalt, start=1):
            anlage = Anlage.objects.create(
                dokument=dokument, nummer=nummer, bezeichnung=bezeichnung
            )
            _versionen_anlegen(teile, erste_nummer=1, actor=actor, jetzt=jetzt, anlage=anlage)
        suchindex_update(dokument_ids=[dokument.pk])
        protokoll_write(
            actor=actor,
            action="akten.dokument.file",
            target=dokument,
            details={
                "vorgang": vorgang.kennzeichen,
                "art": art,
                "versionen": _protokoll_versionen(neu),
                "anlagen": len(anlagen_inhalt),
            },
        )
    return dokument


def version_add(
    *,
    dateiname: str,
    mediatyp: str,
    inhalt: Quelle,
    actor: Actor,
    dokument: Dokument | None = None,
    anlage: Anlage | None = None,
) -> Version:
    """Add the next Version to a Dokument or an Anlage in an open Vorgang."""
    if (dokument is None) == (anlage is None):
        raise ValidationError(_("Genau ein Dokument oder eine Anlage angeben."), code="ziel")
    dokument_id = dokument.pk if dokument is not None else anlage.dokument_id  # type: ignore[union-attr]
    vorgang_id = Dokument.objects.values_list("vorgang_id", flat=True).get(pk=dokument_id)
    vorgang_offen_pruefen(Vorgang.objects.select_related("akte").get(pk=vorgang_id))
    (teil,) = _vorbereiten([(dateiname, mediatyp, inhalt)])
    with transaction.atomic():
        _vorgang_sperren(vorgang_id)
        besitzer: dict[str, Any] = {"dokument": dokument} if dokument else {"anlage": anlage}
        letzte = Version.objects.filter(**besitzer).order_by("-nummer").first()
        (version,) = _versionen_anlegen(
            [teil],
            erste_nummer=(letzte.nummer + 1) if letzte else 1,
            actor=actor,
            jetzt=timezone.now(),
            **besitzer,
        )
        suchindex_update(dokument_ids=[dokument_id])
        protokoll_write(
            actor=actor,
            action="akten.version.add",
            target=version,
            details={"dokument": dokument_id, "version": _protokoll_versionen([version])[0]},
        )
    return version


def anlage_add(
    *, dokument: Dokument, bezeichnung: str, versionen: Sequence[VersionEingabe], actor: Actor
) -> Anlage:
    """Attach an Anlage (with its own Versionen) to a Dokument in an open Vorgang."""
    bezeichnung = text_pruefen(bezeichnung, "bezeichnung")
    vorgang_offen_pruefen(Vorgang.objects.select_related("akte").get(pk=dokument.vorgang_id))
    teile = _vorbereiten(versionen)
    with transaction.atomic():
        _vorgang_sperren(dokument.vorgang_id)
        letzte = Anlage.objects.filter(dokument=dokument).order_by("-nummer").first()
        anlage = Anlage.objects.create(
            dokument=dokument,
            nummer=(letzte.nummer + 1) if letzte else 1,
            bezeichnung=bezeichnung,
        )
        neu = _versionen_anlegen(
            teile, erste_nummer=1, actor=actor, jetzt=timezone.now(), anlage=anlage
        )
        suchindex_update(dokument_ids=[dokument.pk])
        protokoll_write(
            actor=actor,
            action="akten.anlage.add",
            target=anlage,
            details={"dokument": dokument.pk, "versionen": _protokoll_versionen(neu)},
        )
    return anlage


def volltext_ocr_run(*, version_id: int) -> str:
    """Recognise the text of a queued Version (worker); idempotent, returns the status."""
    volltext = Volltext.objects.select_related("version__blob").filter(pk=version_id).first()
    if volltext is None or volltext.status != Volltext.Status.OCR_AUSSTEHEND:
        return volltext.status if volltext else "unbekannt"
    version = volltext.version
    with tempfile.TemporaryDirectory(prefix="akten-ocr-") as tmp:
        pfad = Path(tmp) / f"inhalt{Path(version.dateiname).suffix[:10]}"
        with (
            default_storage.open(version.blob.speichername, "rb") as quelle,
            pfad.open("wb") as ziel,
        ):
            shutil.copyfileobj(quelle, ziel, 1024 * 1024)
        auszug = ocr_text(mediatyp=version.mediatyp, pfad=pfad)
    return _volltext_apply(version_id=version_id, auszug=auszug)


@transaction.atomic
def _volltext_apply(*, version_id: int, auszug: Auszug) -> str:
    volltext = (
        Volltext.objects.select_for_update(of=("self",))
        .select_related("version__anlage")
        .get(pk=version_id)
    )
    if volltext.status != Volltext.Status.OCR_AUSSTEHEND:
        return volltext.status  # done meanwhile by another worker
    volltext.status, volltext.methode, volltext.meldung = (
        auszug.status,
        auszug.methode,
        auszug.meldung,
    )
    volltext.text = auszug.text or volltext.text
    volltext.save()
    version = volltext.version
    dokument_id = version.dokument_id or version.anlage.dokument_id  # type: ignore[union-attr]
    suchindex_update(dokument_ids=[dokument_id])
    protokoll_write(
        actor=SYSTEM,
        action="akten.volltext.ocr",
        target=version,
        details={"status": auszug.status, "zeichen": len(volltext.text), "meldung": auszug.meldung},
    )
    return volltext.status
