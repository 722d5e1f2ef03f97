"""The citizen answers a Nachforderung online: text and files go into the E-Akte, the
process goes back to the Vollständigkeitsprüfung.

Files are checked by the antraege upload checks (size, type sniffing, safe names, virus
scan) before the transaction opens. Filing and resuming the process happen in one
transaction; the E-Akte stores content by SHA-256 before its rows are written, so a
rolled-back answer leaves at most an unreferenced blob that the next identical upload
reuses (see akten.services.dokumente).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.akten.services import DokumentArt, dokument_file
from rathaus.antraege.services import Datei, Geprueft, dateien_pruefen
from rathaus.core.services import Actor, protokoll_write

from ..models import Verfahren
from ._schritt import verfahren_lock
from .verfahren import nachforderung_mark_answered

if TYPE_CHECKING:
    from rathaus.akten.models import Dokument
    from rathaus.konten.models import Buerger

MAX_TEXT = 5_000
MAX_DATEIEN = 10
FELD_TEXT = "text"
FELD_DATEIEN = "dateien"


def _fehler(feld: str, text: str, code: str) -> ValidationError:
    """A field error whose code survives (a dict ValidationError drops its own code)."""
    return ValidationError({feld: ValidationError(text, code=code)})


def fehlercodes(fehler: ValidationError) -> set[str]:
    """The codes of every error in `fehler` (for callers that map some to a status)."""
    if hasattr(fehler, "error_dict"):
        return {e.code for es in fehler.error_dict.values() for e in es if e.code}
    return {e.code for e in fehler.error_list if e.code}


def _berechtigt(verfahren: Verfahren, buerger: Buerger, actor: Actor) -> None:
    """Only the citizen whose Antrag it is, acting as themselves."""
    if (
        not isinstance(actor, User)
        or not actor.is_active
        or actor.pk != buerger.user_id
        or verfahren.buerger_id != buerger.pk
    ):
        raise PermissionDenied(_("Nur die Antragstellerin oder der Antragsteller darf antworten."))


def _wartet_nicht(verfahren: Verfahren) -> ValidationError:
    return _fehler(
        NON_FIELD_ERRORS,
        _(
            "Zu Ihrem Antrag %(az)s ist keine Nachforderung mehr offen. "
            "Ihre Antwort wurde nicht übernommen."
        )
        % {"az": verfahren.aktenzeichen},
        "wartet_nicht",
    )


def _text_bereinigen(text: str) -> str:
    """Plain text as the E-Akte files it: Unix line ends, no control or format characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def _eingabe_pruefen(text: str, dateien: Sequence[Datei]) -> str:
    text = _text_bereinigen(text)
    if len(text) > MAX_TEXT:
        raise _fehler(
            FELD_TEXT,
            _("Ihre Antwort ist zu lang (höchstens %(n)d Zeichen).") % {"n": MAX_TEXT},
            "zu_lang",
        )
    if not text and not dateien:
        raise _fehler(
            FELD_TEXT,
            _("Bitte schreiben Sie eine Antwort oder wählen Sie mindestens eine Datei aus."),
            "leer",
        )
    if len(dateien) > MAX_DATEIEN:
        raise _fehler(
            FELD_DATEIEN, _("Höchstens %(n)d Dateien je Antwort.") % {"n": MAX_DATEIEN}, "zu_viele"
        )
    return text


def _dateien_pruefen(dateien: Sequence[Datei]) -> list[Geprueft]:
    """The antraege checks, with their messages under this form's file field."""
    try:
        return dateien_pruefen(felder={}, dateien=[_ohne_feld(d) for d in dateien])
    except ValidationError as fehler:
        raise ValidationError(
            {
                FELD_DATEIEN: [
                    ValidationError(m, code="datei")
                    for ms in fehler.message_dict.values()
                    for m in ms
                ]
            }
        ) from fehler


def _ohne_feld(datei: Datei) -> Datei:
    # No form field here: every file is an Anlage labelled "Datei" in the messages.
    return replace(datei, feld="", bezeichnung=datei.bezeichnung or _("Datei"))


def _begleittext(verfahren: Verfahren, buerger: Buerger, text: str, dateien: list[Geprueft]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        zeilen = [
            _("Antwort auf die Nachforderung zum Antrag %(az)s") % {"az": verfahren.aktenzeichen},
            _("Eingegangen am %(zeit)s über das Bürgerkonto von %(name)s")
            % {
                "zeit": f"{timezone.localtime():%d.%m.%Y %H:%M}",
                "name": buerger.name or buerger.user.get_username(),
            },
            "",
            text or _("(ohne Text)"),
        ]
        if dateien:
            zeilen += ["", _("Dateien:")]
            zeilen += [f"- {g.dateiname} (SHA-256 {g.sha256})" for g in dateien]
    return "\n".join(zeilen) + "\n"


def _ablegen(
    verfahren: Verfahren, buerger: Buerger, text: str, geprueft: list[Geprueft], actor: Actor
) -> Dokument:
    vorgang = verfahren.vorgang  # a closed one is refused by `dokument_file`
    for g in geprueft:
        g.inhalt.seek(0)
    with translation.override(settings.LANGUAGE_CODE):
        betreff = _("Antwort auf die Nachforderung (%(az)s)") % {"az": verfahren.aktenzeichen}
    begleittext = _begleittext(verfahren, buerger, text, geprueft).encode()
    try:
        return dokument_file(
            vorgang=vorgang,
            art=DokumentArt.EINGANG,
            betreff=betreff,
            versionen=[("antwort.txt", "text/plain", begleittext)],
            anlagen=[(g.dateiname, [(g.dateiname, g.mediatyp, g.inhalt)]) for g in geprueft],
            actor=actor,
            posteingangsdatum=timezone.localdate(),
            absender=buerger.name,
            personenbezogen=True,
            # akten.auskunft finds a citizen's Dokumente by the id of their Buerger record.
            person_ref=str(buerger.pk),
        )
    except ValidationError as fehler:
        raise ValidationError(
            {NON_FIELD_ERRORS: [ValidationError(m, code="ablage") for m in fehler.messages]}
        ) from fehler


def nachforderung_answer(
    *,
    verfahren: Verfahren,
    buerger: Buerger,
    text: str,
    dateien: Sequence[Datei],
    actor: Actor,
) -> Verfahren:
    """The citizen's online answer to an open Nachforderung.

    Checks text (at most 5,000 characters) and files (antraege's checks), files both as
    one incoming Dokument in the Verfahren's Vorgang and resumes the process
    (`nachforderung_mark_answered`), all in one transaction. Refused input raises
    ValidationError naming the field ("text", "dateien"; a Verfahren that no longer waits
    or has no open Vorgang: non-field, code "wartet_nicht" / "keine_akte"); anyone but the
    owner gets PermissionDenied. In every refused case nothing changes.
    """
    _berechtigt(verfahren, buerger, actor)
    text = _eingabe_pruefen(text, dateien)
    if Verfahren.objects.filter(pk=verfahren.pk).values_list("status", flat=True).first() != (
        Verfahren.Status.WARTET
    ):
        raise _wartet_nicht(verfahren)
    geprueft = _dateien_pruefen(dateien)
    try:
        with transaction.atomic():
            gesperrt = verfahren_lock(verfahren.pk)
            if gesperrt.status != Verfahren.Status.WARTET:
                raise _wartet_nicht(gesperrt)
            dokument = _ablegen(gesperrt, buerger, text, geprueft, actor)
            with translation.override(settings.LANGUAGE_CODE):
                referenz = _("E-Akte: %(vg)s, Dokument %(nr)s") % {
                    "vg": dokument.vorgang.kennzeichen,
                    "nr": dokument.pk,
                }
            try:
                ergebnis = nachforderung_mark_answered(
                    verfahren=gesperrt, actor=actor, text=text, dokument_referenz=referenz
                )
            except ValidationError as fehler:
                if "wartet_nicht" in fehlercodes(fehler):
                    raise _wartet_nicht(gesperrt) from fehler
                raise
            protokoll_write(
                actor=actor,
                action="verfahren.nachforderung.antwort",
                target=ergebnis,
                details={
                    "dokument": dokument.pk,
                    "zeichen": len(text),
                    "dateien": [{"sha256": g.sha256, "groesse": g.groesse} for g in geprueft],
                },
            )
    finally:
        for g in geprueft:
            g.inhalt.close()
    return ergebnis
