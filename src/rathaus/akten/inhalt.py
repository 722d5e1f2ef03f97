"""Reading, checking and storing content: SHA-256 while streaming, sniffed media type,
safe file names, one stored copy per SHA-256 in Django's default storage.

The storage name is derived from the hash only (`akten/ab/cd/<sha256>`), never from the
file name a user sent, so no name can reach outside the storage area.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from . import conf
from .models import Blob

CHUNK = 1024 * 1024
HEAD = 8192
Quelle = bytes | IO[bytes]

PDF, PNG, JPEG, TIFF, TEXT, XML = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "text/plain",
    "application/xml",
)
JSON = "application/json"
_ZIP_TYPES = frozenset(
    {
        "application/zip",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
_ALIASES = {"text/xml": XML, "image/jpg": JPEG, "image/pjpeg": JPEG, "image/tif": TIFF}


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sniffed head is fine.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\n\r\f" for ch in text.lstrip("\ufeff"))


def _is_json(head: bytes) -> bool:
    # Only the head is sniffed: text that starts like a JSON object or array.
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped[:1] in (b"{", b"[") and _is_text(head)


def _is_xml(head: bytes) -> bool:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") and _is_text(head)


_CHECKS = {
    PDF: lambda head: head.startswith(b"%PDF-"),
    PNG: lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    JPEG: lambda head: head.startswith(b"\xff\xd8\xff"),
    TIFF: lambda head: head.startswith((b"II*\x00", b"MM\x00*")),
    TEXT: _is_text,
    XML: _is_xml,
    JSON: _is_json,
    **{zip_type: (lambda head: head.startswith(b"PK\x03\x04")) for zip_type in _ZIP_TYPES},
}
ERLAUBTE_MEDIENTYPEN = frozenset(_CHECKS)


def mediatyp_check(*, deklariert: str, kopf: bytes) -> str:
    """Return the normalised declared media type; ValidationError if the content disagrees."""
    mediatyp = deklariert.split(";", 1)[0].strip().lower()
    mediatyp = _ALIASES.get(mediatyp, mediatyp)
    check = _CHECKS.get(mediatyp)
    if check is None:
        raise ValidationError(
            _("Der Medientyp %(typ)s ist nicht zugelassen."),
            code="mediatyp_nicht_zugelassen",
            params={"typ": deklariert[:100]},
        )
    if not check(kopf):
        raise ValidationError(
            _("Der Inhalt ist kein %(typ)s (angegebener Medientyp passt nicht zum Inhalt)."),
            code="mediatyp_falsch",
            params={"typ": mediatyp},
        )
    return mediatyp


_UNSAFE = re.compile(r"[^\w.\-+() ,äöüÄÖÜß]+")


def dateiname_safe(name: str) -> str:
    """A file name to show and offer for download: no directories, no control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return "dokument"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 190 - len(ext)] + dot + ext if dot and len(ext) <= 10 else name[:200]
    return name


def speichername(sha256: str) -> str:
    return f"akten/{sha256[:2]}/{sha256[2:4]}/{sha256}"


@dataclass
class Eingelesen:
    """Content read once: its hash, size and first bytes, and a re-readable copy."""

    sha256: str
    groesse: int
    kopf: bytes
    datei: IO[bytes]

    def chunks(self) -> Iterator[bytes]:
        self.datei.seek(0)
        while chunk := self.datei.read(CHUNK):
            yield chunk


def _zu_gross() -> ValidationError:
    return ValidationError(
        _("Die Datei ist größer als %(max)d MB."),
        code="zu_gross",
        params={"max": conf.max_bytes() // (1024 * 1024)},
    )


@contextmanager
def einlesen(quelle: Quelle) -> Iterator[Eingelesen]:
    """Stream the content once: hash, size and head; refuse empty or oversized content.

    Large content is spooled to a temporary file, never held in memory as a whole.
    """
    limit = conf.max_bytes()
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spool:
        digest = hashlib.sha256()
        groesse = 0
        kopf = b""
        if isinstance(quelle, bytes | bytearray | memoryview):
            data = bytes(quelle)
            if len(data) > limit:
                raise _zu_gross()
            digest.update(data)
            spool.write(data)
            groesse, kopf = len(data), data[:HEAD]
        else:
            if hasattr(quelle, "seek"):
                quelle.seek(0)
            while chunk := quelle.read(CHUNK):
                groesse += len(chunk)
                if groesse > limit:
                    raise _zu_gross()
                if len(kopf) < HEAD:
                    kopf += chunk[: HEAD - len(kopf)]
                digest.update(chunk)
                spool.write(chunk)
        if groesse == 0:
            raise ValidationError(_("Die Datei ist leer."), code="leer")
        spool.seek(0)
        yield Eingelesen(sha256=digest.hexdigest(), groesse=groesse, kopf=kopf, datei=spool)


def _stored_hash(name: str) -> str | None:
    try:
        with default_storage.open(name, "rb") as datei:
            digest = hashlib.sha256()
            while chunk := datei.read(CHUNK):
                digest.update(chunk)
            return digest.hexdigest()
    except OSError:
        return None


def blob_store(eingelesen: Eingelesen) -> Blob:
    """The Blob of this content, writing it to storage only if it is not there yet."""
    blob = Blob.objects.filter(pk=eingelesen.sha256).first()
    if blob is not None:
        return blob
    name = speichername(eingelesen.sha256)
    # A file without a Blob row is left over from a rolled-back transaction (or written
    # by a concurrent one): keep it only if it really holds this content.
    if default_storage.exists(name) and _stored_hash(name) != eingelesen.sha256:
        default_storage.delete(name)
    if not default_storage.exists(name):
        eingelesen.datei.seek(0)
        saved = default_storage.save(name, File(eingelesen.datei, name=name))
        if saved != name:  # stored meanwhile by someone else: the content is the same
            default_storage.delete(saved)
    blob, _created = Blob.objects.get_or_create(
        pk=eingelesen.sha256, defaults={"groesse": eingelesen.groesse, "speichername": name}
    )
    return blob
