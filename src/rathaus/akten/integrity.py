"""Re-hashing stored content: is every Version's Blob still there and unchanged?"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import close_old_connections

from .models import Blob, Version

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Befund:
    sha256: str
    art: str  # "fehlt" | "geaendert"
    meldung: str
    versionen: tuple[str, ...]


@dataclass
class Pruefung:
    blobs: int = 0
    bytes: int = 0
    sekunden: float = 0.0
    befunde: list[Befund] = field(default_factory=list)

    @property
    def mb_je_sekunde(self) -> float:
        return self.bytes / 1_000_000 / self.sekunden if self.sekunden else 0.0


def _hash(name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    groesse = 0
    with default_storage.open(name, "rb") as datei:
        readinto = getattr(datei, "readinto", None)
        if readinto is not None:
            puffer = bytearray(CHUNK)
            sicht = memoryview(puffer)
            while n := readinto(puffer):
                digest.update(sicht[:n])
                groesse += n
        else:
            while chunk := datei.read(CHUNK):
                digest.update(chunk)
                groesse += len(chunk)
    return digest.hexdigest(), groesse


def _pruefen(blob: tuple[str, int, str]) -> tuple[str, int, str | None]:
    sha256, groesse, name = blob
    try:
        ist, gelesen = _hash(name)
    except (OSError, ValueError) as error:
        return sha256, 0, f"fehlt oder nicht lesbar ({type(error).__name__})"
    except Exception as error:
        return sha256, 0, f"fehlt oder nicht lesbar ({type(error).__name__}: {error})"[:300]
    if ist != sha256 or gelesen != groesse:
        return sha256, gelesen, f"geändert: SHA-256 {ist}, {gelesen} statt {groesse} Bytes"
    return sha256, gelesen, None


def _namen(sha256s: list[str]) -> dict[str, tuple[str, ...]]:
    namen: dict[str, list[str]] = defaultdict(list)
    versionen = Version.objects.filter(blob_id__in=sha256s).select_related(
        "dokument__vorgang__akte", "anlage__dokument__vorgang__akte"
    )
    for version in versionen:
        dokument = version.dokument or version.anlage.dokument  # type: ignore[union-attr]
        wo = f"{dokument.vorgang.akte.aktenzeichen} Dokument {dokument.pk}"
        if version.anlage_id:
            wo += f" Anlage {version.anlage.nummer}"  # type: ignore[union-attr]
        namen[version.blob_id].append(f"{wo} Version {version.nummer} ({version.dateiname})")
    return {key: tuple(value) for key, value in namen.items()}


def integrity_verify(
    *,
    workers: int = 4,
    sha256s: Iterable[str] | None = None,
    fortschritt: Callable[[int], None] | None = None,
) -> Pruefung:
    """Re-hash the Blob of every Version (or only the given ones), streaming in chunks,
    and report content that changed or went missing."""
    queryset = Blob.objects.filter(versionen__isnull=False)
    if sha256s is not None:
        queryset = queryset.filter(sha256__in=list(sha256s))
    blobs = list(
        queryset.distinct().order_by("sha256").values_list("sha256", "groesse", "speichername")
    )
    pruefung = Pruefung(blobs=len(blobs))
    fehler: dict[str, str] = {}
    start = time.perf_counter()

    def pruefen(blob: tuple[str, int, str]) -> tuple[str, int, str | None]:
        try:
            return _pruefen(blob)
        finally:
            close_old_connections()

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for sha256, gelesen, meldung in pool.map(pruefen, blobs):
            pruefung.bytes += gelesen
            if meldung:
                fehler[sha256] = meldung
            if fortschritt:
                fortschritt(gelesen)
    pruefung.sekunden = time.perf_counter() - start
    namen = _namen(sorted(fehler))
    pruefung.befunde = [
        Befund(
            sha256=sha256,
            art="fehlt" if meldung.startswith("fehlt") else "geaendert",
            meldung=meldung,
            versionen=namen.get(sha256, ()),
        )
        for sha256, meldung in sorted(fehler.items())
    ]
    return pruefung
