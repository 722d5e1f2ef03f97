"""Checking uploaded Anlagen before anything is stored.

Every file is read once: size limits (per file, per field, per Antrag), SHA-256 and
SHA-512, the first bytes for content sniffing against the declared media type and the
file name's extension, a safe display name, and the optional virus scan. A file that
fails any check is refused with an error naming its field; nothing of it is kept.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rathaus.formulare.ablage import dateigroesse

from . import conf
from .plugins import VirenscannerFehler, scanner_aktiv

CHUNK = 1024 * 1024
KOPF = 64
PDF, PNG, JPEG, TIFF = "application/pdf", "image/png", "image/jpeg", "image/tiff"
_SIGNATUREN: dict[str, tuple[bytes, ...]] = {
    PDF: (b"%PDF-",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
    TIFF: (b"II*\x00", b"MM\x00*"),
}
ENDUNGEN = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg"), TIFF: (".tif", ".tiff")}
_ALIASE = {"image/jpg": JPEG, "image/pjpeg": JPEG, "image/tif": TIFF, "application/x-pdf": PDF}
_UNBESTIMMT = {"", "application/octet-stream", "binary/octet-stream"}
_UNSICHER = re.compile(r"[^\w.\-+() ,]+")


@dataclass
class Datei:
    """One uploaded file as a view or the API hands it over."""

    feld: str  # FIM id of the file field ("" for an Anlage without field, API only)
    dateiname: str
    mediatyp: str  # as declared by the browser or client
    inhalt: IO[bytes]
    sha512: str | None = None  # expected hash (API metadata)
    bezeichnung: str = ""


@dataclass
class Geprueft:
    feld: str
    bezeichnung: str
    dateiname: str
    mediatyp: str
    groesse: int
    sha256: str
    inhalt: IO[bytes]
    virenpruefung: str


def endungen(medientypen: Sequence[str]) -> tuple[str, ...]:
    """Every file name extension of ``medientypen`` (".pdf", ".jpg", ".jpeg" ...)."""
    return tuple(e for t, ends in ENDUNGEN.items() if t in medientypen for e in ends)


def arten_text(medientypen: Sequence[str]) -> str:
    """The kinds of file as people name them: "PDF, PNG, JPG, TIF"."""
    return ", ".join(
        ends[0].lstrip(".").upper() for t, ends in ENDUNGEN.items() if t in medientypen
    )


def mediatyp_von(dateiname: str) -> str:
    endung = "." + dateiname.rsplit(".", 1)[-1].lower() if "." in dateiname else ""
    return next((typ for typ, ends in ENDUNGEN.items() if endung in ends), "")


def dateiname_pruefen(name: str) -> str:
    """A safe display name; refuses names with directories or control characters."""
    name = unicodedata.normalize("NFC", name or "")
    if (
        "/" in name
        or "\\" in name
        or name.strip(". ") == ""
        or any(not ch.isprintable() for ch in name)
        or len(name) > 200
    ):
        raise ValidationError(
            _(
                "Der Dateiname „%(name)s“ ist nicht zulässig "
                "(ohne Verzeichnisse, höchstens 200 Zeichen)."
            )
            % {"name": name[:60].encode("unicode_escape").decode("ascii")}
        )
    return _UNSICHER.sub("_", name).strip(" .") or "anlage"


def _lesen(quelle: IO[bytes], limit: int) -> tuple[IO[bytes], int, str, str, bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=4 * CHUNK)  # noqa: SIM115 - returned
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    groesse, kopf = 0, b""
    if hasattr(quelle, "seek"):
        quelle.seek(0)
    while chunk := quelle.read(CHUNK):
        groesse += len(chunk)
        if groesse > limit:
            spool.close()
            raise ValidationError(
                _("Die Datei ist größer als %(groesse)s.") % {"groesse": dateigroesse(limit)}
            )
        if len(kopf) < KOPF:
            kopf += chunk[: KOPF - len(kopf)]
        sha256.update(chunk)
        sha512.update(chunk)
        spool.write(chunk)
    spool.seek(0)
    return spool, groesse, sha256.hexdigest(), sha512.hexdigest(), kopf


def _typ_pruefen(datei: Datei, erlaubt: Sequence[str], dateiname: str, kopf: bytes) -> str:
    deklariert = datei.mediatyp.split(";", 1)[0].strip().lower()
    deklariert = _ALIASE.get(deklariert, deklariert)
    nach_endung = mediatyp_von(dateiname)
    typ = nach_endung if deklariert in _UNBESTIMMT else deklariert
    if typ not in erlaubt or typ not in _SIGNATUREN:
        raise ValidationError(
            _("Dateien dieser Art sind hier nicht zugelassen; erlaubt: %(arten)s.")
            % {"arten": arten_text(erlaubt)}
        )
    if nach_endung != typ:
        raise ValidationError(_("Die Dateiendung passt nicht zur Art der Datei."))
    if not kopf.startswith(_SIGNATUREN[typ]):
        raise ValidationError(
            _("Der Inhalt der Datei ist kein %(art)s.")
            % {"art": ENDUNGEN[typ][0].lstrip(".").upper()}
        )
    return typ


def _scannen(spool: IO[bytes]) -> str:
    scanner = scanner_aktiv()
    if scanner is None:
        return ""
    try:
        befund = scanner.scan(spool)
    except VirenscannerFehler as exc:
        raise ValidationError(
            _(
                "Die Datei konnte gerade nicht auf Schadsoftware geprüft werden. "
                "Bitte versuchen Sie es später erneut."
            )
        ) from exc
    if not befund.sauber:
        raise ValidationError(_("Die Datei enthält Schadsoftware und wurde abgelehnt."))
    spool.seek(0)
    return f"{scanner.name}: ohne Befund"


def dateien_pruefen(
    *,
    felder: dict[str, tuple[str, tuple[str, ...], int | None]],
    dateien: Sequence[Datei],
    bisher_anzahl: int = 0,
    bisher_bytes: int = 0,
) -> list[Geprueft]:
    """Check every file; ValidationError({field: [messages]}) names each refused file.

    ``felder`` maps a file field's FIM id to (label, accepted media types, max size);
    ``bisher_anzahl`` and ``bisher_bytes`` are the files the Antrag holds already, which
    count towards the limits per Antrag.
    """
    fehler: dict[str, list[str]] = {}
    out: list[Geprueft] = []
    summe = bisher_bytes
    if bisher_anzahl + len(dateien) > conf.max_dateien():
        raise ValidationError(
            {"anlagen": _("Höchstens %(n)d Dateien je Antrag.") % {"n": conf.max_dateien()}}
        )
    for datei in dateien:
        schluessel = datei.feld or "anlagen"
        if datei.feld and datei.feld not in felder:
            fehler.setdefault(schluessel, []).append(
                _("„%(feld)s“ ist kein Dateifeld dieses Formulars.") % {"feld": datei.feld[:60]}
            )
            continue
        label, typen, max_feld = felder.get(
            datei.feld, (datei.bezeichnung or _("Anlage"), (), None)
        )
        limit = min(x for x in (conf.max_datei_bytes(), max_feld) if x)
        try:
            dateiname = dateiname_pruefen(datei.dateiname)
            spool, groesse, sha256, sha512, kopf = _lesen(datei.inhalt, limit)
            try:
                if groesse == 0:
                    raise ValidationError(_("Die Datei ist leer."))
                if datei.sha512 is not None and datei.sha512 != sha512:
                    raise ValidationError(_("Der Hashwert passt nicht zur Datei (SHA-512)."))
                typ = _typ_pruefen(datei, typen or conf.medientypen(), dateiname, kopf)
                virenpruefung = _scannen(spool)
            except ValidationError:
                spool.close()
                raise
        except ValidationError as exc:
            name = (datei.dateiname or "")[:60].encode("unicode_escape").decode("ascii")
            fehler.setdefault(schluessel, []).extend(
                f"„{label}“ ({name}): {m}" for m in exc.messages
            )
            continue
        summe += groesse
        out.append(
            Geprueft(datei.feld, label, dateiname, typ, groesse, sha256, spool, virenpruefung)
        )
    if not fehler and summe > conf.max_antrag_bytes():
        fehler["anlagen"] = [
            _("Alle Dateien zusammen dürfen höchstens %(groesse)s groß sein.")
            % {"groesse": dateigroesse(conf.max_antrag_bytes())}
        ]
    if fehler:
        for g in out:
            g.inhalt.close()
        raise ValidationError(fehler)
    return out
