"""The files of a draft: how the steps store, list and remove what a citizen uploads.

The formulare app renders file fields and reads their uploads; checking and keeping the
files (limits, content sniffing, virus scan, private storage) is the antraege app's, which
holds the Anlagen. Dependencies point from antraege to formulare, so antraege registers
its implementation of :class:`Dateiablage` when it starts (``ablage_setzen``), and the
steps use :func:`ablage`. Without one, file fields refuse every upload with a message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Entwurf, Formular

KB = 1024
MB = 1024 * 1024


def dateigroesse(groesse: int) -> str:
    """A size in the reader's number format: "10 MB", "1,5 MB", "800 KB", "12 Bytes"."""
    for einheit, faktor in (("MB", MB), ("KB", KB)):
        if groesse >= faktor:
            wert = round(groesse / faktor, 1)
            if wert == int(wert):
                return f"{int(wert)} {einheit}"
            return f"{number_format(wert, 1)} {einheit}"
    return _("%(n)d Bytes") % {"n": groesse}


@dataclass(frozen=True)
class Hochgeladen:
    """A file stored for a draft."""

    id: int
    feld: str  # FIM id of the file field
    dateiname: str
    groesse: int
    mediatyp: str

    @property
    def groesse_text(self) -> str:
        return dateigroesse(self.groesse)


@dataclass(frozen=True)
class Grenzen:
    """What a file field accepts, as the store enforces it; ``hinweis`` says so in words."""

    medientypen: tuple[str, ...]
    endungen: tuple[str, ...]  # ".pdf", ".png" ... (for the input's accept attribute)
    max_bytes: int
    hinweis: str


@dataclass(frozen=True)
class Upload:
    """One file chosen in a file field of a step."""

    feld: str  # FIM id of the file field
    name: str  # the input's name: errors are keyed by it
    datei: UploadedFile


class Vorbereitet:
    """Uploads that passed every check and wait to be stored with the step's save."""

    def speichern(self, *, entwurf: Entwurf, actor: Any) -> None:  # pragma: no cover
        """Store the files for ``entwurf`` inside the caller's transaction (the draft row
        is locked); raises ValidationError (keyed by input name) to roll the save back."""
        raise NotImplementedError

    def verwerfen(self) -> None:  # pragma: no cover - interface
        """Release what the checks kept (temporary copies); nothing was stored."""
        raise NotImplementedError


class Dateiablage:
    """Interface of the file store the antraege app provides."""

    def grenzen(self, *, formular: Formular) -> dict[str, Grenzen]:  # pragma: no cover
        """Limits of every file field of ``formular`` by FIM id."""
        raise NotImplementedError

    def liste(self, *, entwurf: Entwurf) -> list[Hochgeladen]:  # pragma: no cover
        """The files stored for ``entwurf``, oldest first."""
        raise NotImplementedError

    def pruefen(
        self,
        *,
        formular: Formular,
        entwurf: Entwurf | None,
        uploads: Sequence[Upload],
        ersetzt: frozenset[str] = frozenset(),
    ) -> Vorbereitet:  # pragma: no cover - interface
        """Check ``uploads`` before anything is saved; the files of the fields in
        ``ersetzt`` are replaced by the new ones. Raises ValidationError({input name:
        [messages naming the field]})."""
        raise NotImplementedError

    def entfernen(self, *, entwurf: Entwurf, datei_id: int, actor: Any) -> bool:  # pragma: no cover
        """Remove one stored file of ``entwurf``; False if it has no such file."""
        raise NotImplementedError


class _Keine(Dateiablage):
    """No file store installed: file fields take nothing."""

    def grenzen(self, *, formular: Formular) -> dict[str, Grenzen]:
        return {}

    def liste(self, *, entwurf: Entwurf) -> list[Hochgeladen]:
        return []

    def pruefen(
        self,
        *,
        formular: Formular,
        entwurf: Entwurf | None,
        uploads: Sequence[Upload],
        ersetzt: frozenset[str] = frozenset(),
    ) -> Vorbereitet:
        raise ValidationError(
            {u.name: [_("Dateien können hier nicht hochgeladen werden.")] for u in uploads}
        )

    def entfernen(self, *, entwurf: Entwurf, datei_id: int, actor: Any) -> bool:
        return False


_aktiv: list[Dateiablage] = [_Keine()]


def ablage_setzen(neu: Dateiablage) -> None:
    """Install the file store (the antraege app's AppConfig.ready calls this)."""
    _aktiv[0] = neu


def ablage() -> Dateiablage:
    return _aktiv[0]


def nach_feld(dateien: Sequence[Hochgeladen]) -> dict[str, list[Hochgeladen]]:
    out: dict[str, list[Hochgeladen]] = {}
    for d in dateien:
        out.setdefault(d.feld, []).append(d)
    return out


def anzahl_nach_feld(dateien: Mapping[str, Sequence[Any]]) -> dict[str, int]:
    return {feld: len(liste) for feld, liste in dateien.items() if liste}
