"""Submission: a complete draft (web) or a client system's data (API) becomes an Antrag.

Exactly once: the idempotency key is unique in the database, the draft row is locked
while its Antrag is created, and a repeated call with the same key returns the Antrag
of the first call without storing anything. A draft's files were checked and stored
when its steps were saved (``entwurf``): they become the Antrag's Anlagen as they are.
Files of an API submission are checked before the transaction opens; anything stored
for a submission that then fails is removed again.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write
from rathaus.formulare.selectors import sichtbare_dateifelder
from rathaus.formulare.services import entwurf_lock
from rathaus.konten.lesezugang import hoechstes

from .. import selectors
from ..dateien import Datei, Geprueft, dateien_pruefen
from ..daten import daten_pruefen
from ..models import Anlage, Antrag, AntragStatus, Clientsystem, EntwurfAnlage, StatusEintrag
from ..models.antrag import Kanal

if TYPE_CHECKING:
    from rathaus.formulare.models import Entwurf, Formular
    from rathaus.konten.models import Buerger
from ..outbox import EINGEREICHT as THEMA_EINGEREICHT

# ``Zaehler``'s table spelled out; PostgreSQL and SQLite (>= 3.35) both run this upsert.
_ZAEHLER_SQL = (
    'INSERT INTO "antraege_zaehler" ("jahr", "letzte_nummer") VALUES (%s, 1) '
    'ON CONFLICT ("jahr") DO UPDATE SET "letzte_nummer" = "antraege_zaehler"."letzte_nummer" + 1 '
    'RETURNING "letzte_nummer"'
)


class AntragKonflikt(Exception):
    """The idempotency key was used before for a different request."""


@dataclass(frozen=True)
class Einreichung:
    antrag: Antrag
    neu: bool


def daten_sha256(daten: Any) -> str:
    kanonisch = json.dumps(daten, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(kanonisch.encode()).hexdigest()


def aktenzeichen_next(*, jahr: int) -> str:
    """The next reference number of ``jahr``: STR-<jahr>-<6 digits>, gap-free per year.

    The counter row stays locked until the surrounding transaction ends, so concurrent
    submissions get consecutive numbers; the unique column is the last guarantee.
    """
    # One statement instead of insert-if-missing, lock, update: create or count up, locked.
    with connection.cursor() as cursor:
        cursor.execute(_ZAEHLER_SQL, [jahr])
        (nummer,) = cursor.fetchone()
    if nummer > 999_999:
        raise RuntimeError(f"Aktenzeichen für {jahr} erschöpft")  # rolls the increment back
    return f"STR-{jahr}-{nummer:06d}"


def _felder(
    grenzen: Sequence[selectors.Feldgrenzen],
) -> dict[str, tuple[str, tuple[str, ...], int | None]]:
    return {f.fim_id: (f.bezeichnung, f.medientypen, f.max_bytes) for f in grenzen}


def _anzahl(felder: Iterable[str]) -> dict[str, int]:
    """File field id → number of files (what answers a file field, ``daten_validate``)."""
    return dict(Counter(f for f in felder if f))


def _speichern(geprueft: Sequence[Geprueft], gespeichert: list[str], jahr: int) -> list[str]:
    namen = []
    for g in geprueft:
        name = f"antraege/{jahr}/{uuid.uuid4().hex}"
        g.inhalt.seek(0)
        saved = default_storage.save(name, File(g.inhalt, name=name))
        gespeichert.append(saved)
        namen.append(saved)
    return namen


def _aufraeumen(geprueft: Sequence[Geprueft], gespeichert: Sequence[str]) -> None:
    for name in gespeichert:
        default_storage.delete(name)
    for g in geprueft:
        g.inhalt.close()


@dataclass(frozen=True)
class _Anlage:
    """One Anlage to create: checked now (API) or stored with the draft (web)."""

    feld: str
    bezeichnung: str
    dateiname: str
    mediatyp: str
    groesse: int
    sha256: str
    speichername: str
    virenpruefung: str


@dataclass(frozen=True)
class _Neu:
    formular: Formular
    daten: dict[str, Any]
    kanal: str
    schluessel: str
    anfrage_sha256: str
    buerger: Buerger | None = None
    clientsystem: Clientsystem | None = None
    metadaten: dict[str, Any] | None = None
    email: str = ""
    entwurf_ref: int | None = None
    vertrauensniveau: str = ""  # of the submitting login


def _anlegen(
    neu: _Neu,
    geprueft: Sequence[Geprueft],
    actor: Actor,
    gespeichert: list[str],
    entwurf_anlagen: Sequence[EntwurfAnlage] = (),
) -> Antrag:
    """Create the Antrag with everything that belongs to it; inside the caller's atomic.

    ``geprueft`` (API) are stored now; ``entwurf_anlagen`` (web) were stored with the
    draft and are handed over: their rows go, their files belong to the Anlagen.
    """
    jetzt = timezone.now()
    jahr = timezone.localtime(jetzt).year
    namen = _speichern(geprueft, gespeichert, jahr)
    anlagen = [
        _Anlage(
            g.feld, g.bezeichnung, g.dateiname, g.mediatyp, g.groesse, g.sha256, n, g.virenpruefung
        )
        for g, n in zip(geprueft, namen, strict=True)
    ] + [
        _Anlage(
            a.feld,
            a.bezeichnung,
            a.dateiname,
            a.mediatyp,
            a.groesse,
            a.sha256,
            a.speichername,
            a.virenpruefung,
        )
        for a in entwurf_anlagen
    ]
    antrag = Antrag(
        formular=neu.formular,
        fim_id=neu.formular.fim_id,
        fim_version=neu.formular.fim_version,
        leistung_id=neu.formular.leistung_id,
        buerger=neu.buerger,
        clientsystem=neu.clientsystem,
        kanal=neu.kanal,
        daten=neu.daten,
        daten_sha256=daten_sha256(neu.daten),
        metadaten=neu.metadaten or {},
        email=neu.email,
        vertrauensniveau=hoechstes(neu.vertrauensniveau, neu.formular.vertrauensniveau),
        eingereicht_am=jetzt,
        idempotenzschluessel=neu.schluessel,
        anfrage_sha256=neu.anfrage_sha256,
        entwurf_ref=neu.entwurf_ref,
    )
    # The counter lock is taken last, so it is held only for the final inserts.
    antrag.aktenzeichen = aktenzeichen_next(jahr=jahr)
    antrag.save()
    StatusEintrag.objects.create(
        antrag=antrag, status=AntragStatus.EINGEGANGEN, zeitpunkt=jetzt, akteur_name="system"
    )
    Anlage.objects.bulk_create(
        Anlage(
            antrag=antrag,
            nummer=nr,
            feld=a.feld,
            bezeichnung=a.bezeichnung[:300],
            dateiname=a.dateiname,
            mediatyp=a.mediatyp,
            groesse=a.groesse,
            sha256=a.sha256,
            speichername=a.speichername,
            virenpruefung=a.virenpruefung,
        )
        for nr, a in enumerate(anlagen, start=1)
    )
    if entwurf_anlagen:
        EntwurfAnlage.objects.filter(pk__in=[a.pk for a in entwurf_anlagen]).delete()
    outbox_write(
        topic=THEMA_EINGEREICHT,
        key=str(antrag.pk),
        payload={"aktenzeichen": antrag.aktenzeichen},
        context=antrag,
    )
    protokoll_write(
        actor=actor,
        action="antrag.submit",
        target=antrag,
        details={
            "kanal": neu.kanal,
            "formular": f"{neu.formular.fim_id} {neu.formular.fim_version}",
            "vertrauensniveau": antrag.vertrauensniveau,
            "anlagen": [{"feld": a.feld, "sha256": a.sha256} for a in anlagen],
        },
    )
    return antrag


def _durchfuehren(
    neu: _Neu, dateien: Sequence[Datei], actor: Actor, entwurf: Entwurf | None
) -> Einreichung:
    if entwurf is None:
        grenzen = selectors.dateifelder_mit_grenzen(formular=neu.formular)
        geprueft = dateien_pruefen(felder=_felder(grenzen), dateien=dateien)
    else:
        geprueft = []  # a draft's files were checked and stored with its steps
    gespeichert: list[str] = []
    try:
        if entwurf is None:
            geprueft_daten = daten_pruefen(
                formular=neu.formular, daten=neu.daten, dateien=_anzahl(g.feld for g in geprueft)
            )
        with transaction.atomic():
            entwurf_anlagen: list[EntwurfAnlage] = []
            if entwurf is not None:
                # Serialises submissions of the same draft (double click, two tabs) and
                # its file changes: the files read next stay as they are.
                entwurf_lock(entwurf=entwurf)
            vorhanden = selectors.antrag_vorhanden(
                schluessel=neu.schluessel, entwurf_id=neu.entwurf_ref
            )
            if vorhanden is not None:
                _aufraeumen(geprueft, gespeichert)
                return _wiederholung(vorhanden, neu)
            if entwurf is not None:
                entwurf_anlagen = _sichtbare(neu, selectors.entwurf_anlagen(entwurf=entwurf))
                geprueft_daten = daten_pruefen(
                    formular=neu.formular,
                    daten=neu.daten,
                    dateien=_anzahl(a.feld for a in entwurf_anlagen),
                )
            antrag = _anlegen(
                replace(neu, daten=geprueft_daten), geprueft, actor, gespeichert, entwurf_anlagen
            )
    except IntegrityError:
        # A concurrent call with the same key won (API calls lock no draft row).
        _aufraeumen(geprueft, gespeichert)
        vorhanden = selectors.antrag_by_schluessel(schluessel=neu.schluessel)
        if vorhanden is None:
            raise
        return _wiederholung(vorhanden, neu)
    except BaseException:
        _aufraeumen(geprueft, gespeichert)
        raise
    for g in geprueft:
        g.inhalt.close()
    return Einreichung(antrag, neu=True)


def _sichtbare(neu: _Neu, anlagen: Sequence[EntwurfAnlage]) -> list[EntwurfAnlage]:
    """The draft's files whose field the answers leave visible; files of a field the rules
    hide stay with the draft (and go with it) instead of reaching the Antrag."""
    felder = sichtbare_dateifelder(formular=neu.formular, daten=neu.daten)
    return [a for a in anlagen if a.feld in felder]


def _wiederholung(vorhanden: Antrag, neu: _Neu) -> Einreichung:
    if not constant_time_compare(vorhanden.anfrage_sha256, neu.anfrage_sha256):
        raise AntragKonflikt(
            _("Der Idempotenzschlüssel wurde bereits für einen anderen Antrag verwendet.")
        )
    return Einreichung(vorhanden, neu=False)


def antrag_submit(
    *,
    entwurf: Entwurf,
    actor: Actor,
    idempotency_key: str,
    buerger: Buerger | None = None,
    email: str = "",
    vertrauensniveau: str | None = None,
) -> Einreichung:
    """Freeze a complete draft into a submitted Antrag; safe to call twice with the same key.

    ``idempotency_key`` is the hidden field of the review form; it must be the draft's own
    key (``selectors.idempotenzschluessel``). The files stored with the draft's steps
    (``entwurf_anlagen_store``) become its Anlagen. A repeated call returns the first
    Antrag and stores nothing. Raises ValidationError naming the fields (data, files, key).
    ``vertrauensniveau`` is the level of the submitting login; the Antrag records it (never
    below the Formular's), and reading the Antrag again asks for it (konten.lesezugang).
    """
    erwartet = selectors.idempotenzschluessel(entwurf=entwurf)
    if not isinstance(idempotency_key, str) or not constant_time_compare(idempotency_key, erwartet):
        raise ValidationError(
            {
                "idempotenzschluessel": _(
                    "Das Formular ist veraltet oder verändert. Bitte laden Sie die Seite neu."
                )
            }
        )
    if entwurf.buerger_id is not None and (buerger is None or buerger.pk != entwurf.buerger_id):
        raise ValidationError({"entwurf": _("Dieser Entwurf gehört zu einem anderen Konto.")})
    neu = _Neu(
        formular=entwurf.formular,
        daten=entwurf.daten,
        kanal=Kanal.WEB,
        schluessel=f"web:{idempotency_key}",
        anfrage_sha256=hashlib.sha256(f"entwurf:{entwurf.pk}".encode()).hexdigest(),
        buerger=buerger,
        email=email or (buerger.email if buerger else ""),
        entwurf_ref=entwurf.pk,
        vertrauensniveau=vertrauensniveau or "",
    )
    return _durchfuehren(neu, (), actor, entwurf)


def antrag_receive(
    *,
    clientsystem: Clientsystem,
    formular: Formular,
    daten: dict[str, Any],
    metadaten: dict[str, Any],
    dateien: Sequence[Datei],
    idempotency_key: str,
    anfrage_sha256: str,
    actor: Actor,
) -> Einreichung:
    """Accept an Antrag a client system submits through the API (FIT-Connect shaped).

    The same key with the same request returns the first Antrag; with a different
    request it raises :class:`AntragKonflikt`.
    """
    neu = _Neu(
        formular=formular,
        daten=daten,
        kanal=Kanal.API,
        schluessel=f"api:{clientsystem.pk}:{idempotency_key}",
        anfrage_sha256=anfrage_sha256,
        clientsystem=clientsystem,
        metadaten=metadaten,
    )
    vorhanden = selectors.antrag_by_schluessel(schluessel=neu.schluessel)
    if vorhanden is not None:
        return _wiederholung(vorhanden, neu)
    return _durchfuehren(neu, dateien, actor, None)
