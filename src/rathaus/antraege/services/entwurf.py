"""Files of a draft: stored when a step is saved, removed on request, handed over to the
Antrag on submission (``einreichen``).

A file is checked completely (``dateien.dateien_pruefen``: limits, content sniffing,
SHA-256, virus scan) before the step's transaction opens; storing it happens inside that
transaction with the draft row locked, where the limits per Antrag are checked again
against what the draft holds by then. A stored file whose row did not commit is deleted
again; a removed file is deleted once its row's removal has committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write
from rathaus.formulare.ablage import dateigroesse
from rathaus.formulare.services import entwurf_lock

from .. import conf
from ..dateien import Geprueft
from ..models import Antrag, EntwurfAnlage

if TYPE_CHECKING:
    from rathaus.formulare.models import Entwurf

ORDNER = "antraege/entwuerfe"


def _loeschen(namen: Sequence[str]) -> None:
    for name in namen:
        default_storage.delete(name)


def _loeschen_nach_commit(namen: Sequence[str]) -> None:
    namen = list(namen)
    if namen:
        transaction.on_commit(lambda: _loeschen(namen))


def _grenzen_pruefen(
    bleiben: Sequence[EntwurfAnlage], geprueft: Sequence[Geprueft], schluessel: str
) -> None:
    if len(bleiben) + len(geprueft) > conf.max_dateien():
        raise ValidationError(
            {schluessel: _("Höchstens %(n)d Dateien je Antrag.") % {"n": conf.max_dateien()}}
        )
    summe = sum(a.groesse for a in bleiben) + sum(g.groesse for g in geprueft)
    if summe > conf.max_antrag_bytes():
        raise ValidationError(
            {
                schluessel: _("Alle Dateien zusammen dürfen höchstens %(groesse)s groß sein.")
                % {"groesse": dateigroesse(conf.max_antrag_bytes())}
            }
        )


def entwurf_anlagen_store(
    *,
    entwurf: Entwurf,
    geprueft: Sequence[Geprueft],
    actor: Actor,
    ersetzt: frozenset[str] = frozenset(),
    schluessel: str = "anlagen",
) -> list[EntwurfAnlage]:
    """Store checked files for ``entwurf``; the files of the fields in ``ersetzt`` go.

    Runs inside the caller's transaction, which holds the draft row's lock (the step's
    save). Raises ValidationError({schluessel: [...]}) when the draft was submitted
    already or the limits per Antrag would be passed; nothing is kept then.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("entwurf_anlagen_store runs inside the step's transaction")
    if Antrag.objects.filter(entwurf_ref=entwurf.pk).exists():
        raise ValidationError(
            {
                schluessel: _(
                    "Dieser Antrag wurde bereits abgesendet; Dateien sind nicht mehr möglich."
                )
            }
        )
    alte = list(EntwurfAnlage.objects.filter(entwurf=entwurf))
    weg = [a for a in alte if a.feld in ersetzt]
    _grenzen_pruefen([a for a in alte if a.feld not in ersetzt], geprueft, schluessel)
    gespeichert: list[str] = []
    jetzt = timezone.now()
    try:
        for g in geprueft:
            g.inhalt.seek(0)
            name = f"{ORDNER}/{uuid.uuid4().hex}"
            gespeichert.append(default_storage.save(name, File(g.inhalt, name=name)))
        neu = EntwurfAnlage.objects.bulk_create(
            EntwurfAnlage(
                entwurf=entwurf,
                feld=g.feld,
                bezeichnung=g.bezeichnung[:300],
                dateiname=g.dateiname,
                mediatyp=g.mediatyp,
                groesse=g.groesse,
                sha256=g.sha256,
                speichername=name,
                virenpruefung=g.virenpruefung,
                hochgeladen_am=jetzt,
            )
            for g, name in zip(geprueft, gespeichert, strict=True)
        )
    except BaseException:
        for name in gespeichert:
            default_storage.delete(name)
        raise
    if weg:
        EntwurfAnlage.objects.filter(pk__in=[a.pk for a in weg]).delete()
        _loeschen_nach_commit([a.speichername for a in weg])
    protokoll_write(
        actor=actor,
        action="entwurf.anlagen_store",
        target=entwurf,
        details={
            "anlagen": [
                {"feld": g.feld, "sha256": g.sha256, "groesse": g.groesse} for g in geprueft
            ],
            "ersetzt": [{"feld": a.feld, "sha256": a.sha256} for a in weg],
        },
    )
    return neu


@transaction.atomic
def entwurf_anlage_remove(*, entwurf: Entwurf, anlage_id: int, actor: Actor) -> bool:
    """Remove one file of ``entwurf`` (its row now, the stored file after the commit).

    False when the draft holds no file with this id (another draft's, or gone already).
    """
    entwurf_lock(entwurf=entwurf)
    anlage = EntwurfAnlage.objects.filter(pk=anlage_id, entwurf=entwurf).first()
    if anlage is None:
        return False
    anlage.delete()
    _loeschen_nach_commit([anlage.speichername])
    protokoll_write(
        actor=actor,
        action="entwurf.anlage_remove",
        target=entwurf,
        details={"feld": anlage.feld, "sha256": anlage.sha256},
    )
    return True


def entwurf_anlagen_orphans_delete(*, speichernamen: Sequence[str]) -> None:
    """Delete the stored files among ``speichernamen`` that have no row (the step's save
    failed after storing them); files with a row are kept. Call it after the step's
    transaction has ended."""
    if not speichernamen:
        return
    behalten = set(
        EntwurfAnlage.objects.filter(speichername__in=list(speichernamen)).values_list(
            "speichername", flat=True
        )
    )
    for name in speichernamen:
        if name not in behalten:
            default_storage.delete(name)
