"""Deleting the content of a closed Akte under the zdA triggers, with a Löschnachweis.

The triggers of migrations 0002/0005 refuse every change to the content of a closed
Akte; a `Loeschfreigabe` row for exactly this Akte, inserted and removed again inside
the caller's transaction, lets DELETE (only DELETE) pass. Nothing here checks who may
delete: the callers (Aussonderung services) decide that; this module checks that the
retention period has ended and does the deleting.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.services import Actor, protokoll_write

from ..models import (
    Akte,
    Anlage,
    Aussonderungsvorgang,
    Blob,
    Dokument,
    Loeschfreigabe,
    Loeschnachweis,
    Suchindex,
    Version,
    Volltext,
    Vorgang,
)


def frist_abgelaufen_pruefen(akte: Akte, heute: date) -> None:
    """Refuse an Akte that is open, kept without limit, already gone or still in retention."""
    if akte.ausgesondert_am is not None:
        raise ValidationError(
            _("Die Akte %(az)s ist bereits ausgesondert."),
            code="ausgesondert",
            params={"az": akte.aktenzeichen},
        )
    if akte.zda_am is None or akte.aufbewahrung_bis is None or akte.aufbewahrung_bis >= heute:
        raise ValidationError(
            _("Die Aufbewahrungsfrist der Akte %(az)s ist nicht abgelaufen (bis %(bis)s)."),
            code="frist_laeuft",
            params={
                "az": akte.aktenzeichen,
                "bis": akte.aufbewahrung_bis.isoformat() if akte.aufbewahrung_bis else "-",
            },
        )


def _versionen(**besitzer: Any) -> list[dict[str, Any]]:
    return [
        {"nummer": v.nummer, "dateiname": v.dateiname, "sha256": v.blob_id, "groesse": v.groesse}
        for v in Version.objects.filter(**besitzer).order_by("nummer")
    ]


def inhalt_beschreiben(akte: Akte) -> list[dict[str, Any]]:
    """What the Akte holds, as recorded in the Löschnachweis (no content, only metadata)."""
    inhalt = []
    for vorgang in Vorgang.objects.filter(akte=akte).order_by("nummer"):
        dokumente = []
        for dokument in Dokument.objects.filter(vorgang=vorgang).order_by("erstellt_am", "id"):
            dokumente.append(
                {
                    "id": dokument.pk,
                    "betreff": dokument.betreff,
                    "art": dokument.art,
                    "versionen": _versionen(dokument=dokument),
                    "anlagen": [
                        {
                            "nummer": anlage.nummer,
                            "bezeichnung": anlage.bezeichnung,
                            "versionen": _versionen(anlage=anlage),
                        }
                        for anlage in Anlage.objects.filter(dokument=dokument).order_by("nummer")
                    ],
                }
            )
        inhalt.append(
            {
                "vorgang": vorgang.nummer,
                "betreff": vorgang.betreff,
                "zda_am": vorgang.zda_am.isoformat() if vorgang.zda_am else None,
                "dokumente": dokumente,
            }
        )
    return inhalt


def _datei_entfernen(sha256: str, name: str) -> None:
    # After the commit: a new upload of the same content may have re-created the Blob.
    if not Blob.objects.filter(pk=sha256).exists():
        default_storage.delete(name)


def _inhalt_loeschen(akte: Akte) -> list[str]:
    """Delete Vorgänge, Dokumente, Anlagen, Versionen and derived rows; return freed SHA-256."""
    dokument_ids = list(Dokument.objects.filter(vorgang__akte=akte).values_list("pk", flat=True))
    versionen = Version.objects.filter(dokument_id__in=dokument_ids) | Version.objects.filter(
        anlage__dokument_id__in=dokument_ids
    )
    shas = set(versionen.values_list("blob_id", flat=True))
    version_ids = list(versionen.values_list("pk", flat=True))
    Volltext.objects.filter(version_id__in=version_ids).delete()
    Version.objects.filter(pk__in=version_ids).delete()
    Anlage.objects.filter(dokument_id__in=dokument_ids).delete()
    Suchindex.objects.filter(dokument_id__in=dokument_ids).delete()
    if connection.vendor == "sqlite" and dokument_ids:
        placeholders = ",".join("%s" for _ in dokument_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM akten_suchindex_fts WHERE rowid IN ({placeholders})",  # noqa: S608
                dokument_ids,
            )
    Dokument.objects.filter(pk__in=dokument_ids).delete()
    Vorgang.objects.filter(akte=akte).delete()
    akte.geteilt_mit.clear()
    frei = sorted(
        Blob.objects.filter(pk__in=shas, versionen__isnull=True).values_list("pk", "speichername")
    )
    Blob.objects.filter(pk__in=[sha for sha, _name in frei]).delete()
    for sha, name in frei:
        transaction.on_commit(partial(_datei_entfernen, sha, name), robust=True)
    return [sha for sha, _name in frei]


def akte_inhalt_loeschen(
    *,
    akte: Akte,
    grund: str,
    actor: Actor,
    archivkennung: str = "",
    aussonderungsvorgang: Aussonderungsvorgang | None = None,
) -> Loeschnachweis:
    """Delete the content of a closed Akte whose retention has ended; keep a Löschnachweis.

    Runs inside the caller's transaction (it refuses to run outside one). The Akte row
    stays as a stub with `ausgesondert_am`; Vorgänge, Dokumente, Anlagen, Versionen,
    their text and index rows are deleted, and Blobs no other Version uses are removed
    from the database and, after the commit, from storage.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("akte_inhalt_loeschen must run inside a transaction")
    akte = Akte.objects.select_for_update().get(pk=akte.pk)
    jetzt = timezone.now()
    frist_abgelaufen_pruefen(akte, timezone.localdate(jetzt))
    inhalt = inhalt_beschreiben(akte)
    freigabe = Loeschfreigabe.objects.create(akte=akte)
    try:
        entfernt = _inhalt_loeschen(akte)
    finally:
        # Removed in the same transaction on success; on an error the rollback removes it.
        Loeschfreigabe.objects.filter(pk=freigabe.pk).delete()
    akte.ausgesondert_am = jetzt
    akte.save(update_fields=["ausgesondert_am", "geaendert_am"])
    nachweis = Loeschnachweis.objects.create(
        akte=akte,
        aktenzeichen=akte.aktenzeichen,
        betreff=akte.betreff,
        grund=grund,
        archivkennung=archivkennung,
        aussonderungsvorgang=aussonderungsvorgang,
        aufbewahrung_bis=akte.aufbewahrung_bis,
        inhalt=inhalt,
        blobs_entfernt=entfernt,
        geloescht_am=jetzt,
        geloescht_von=akteur_name(actor),
    )
    details = {
        "grund": grund,
        "archivkennung": archivkennung,
        "prozess_id": str(aussonderungsvorgang.prozess_id) if aussonderungsvorgang else None,
        "vorgaenge": len(inhalt),
        "dokumente": sum(len(v["dokumente"]) for v in inhalt),
        "blobs_entfernt": len(entfernt),
    }
    protokoll_write(actor=actor, action="akten.akte.aussondern", target=akte, details=details)
    protokoll_write(
        actor=actor,
        action="akten.loeschnachweis.create",
        target=nachweis,
        details={"akte": akte.aktenzeichen, "inhalt": inhalt},
    )
    return nachweis


def akteur_name(actor: Actor) -> str:
    """The name the Löschnachweis records for `actor`."""
    if actor is None or isinstance(actor, AnonymousUser):
        return "anonym"
    if isinstance(actor, str):
        return actor[:200]
    return str(actor.get_username())[:200]
