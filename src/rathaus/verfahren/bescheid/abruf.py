"""The citizen's download of a Bescheid (or any Dokument) from the Postfach.

The download view is konten's; konten sits below the E-Akte and the Verfahren, so this
app installs the source it asks (``konten.postfachdokument.quelle_setzen`` in
AppConfig.ready): the newest Version from the E-Akte, its stored content, and the record
of the download (the first one of a Bescheid sets its `abgerufen_am`).
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, cast

from rathaus.akten.selectors import version_content_open
from rathaus.konten.postfachdokument import Fassung

from .selectors import postfachdokument_version
from .services import postfachdokument_record_download

if TYPE_CHECKING:
    from rathaus.konten.models import Buerger, Postfachnachricht


class BescheidAbruf:
    """konten's Dokumentquelle: the Fassung handed out is an E-Akte Version."""

    def fassung(self, *, buerger: Buerger, nachricht: Postfachnachricht) -> Fassung | None:
        return postfachdokument_version(buerger=buerger, nachricht=nachricht)

    def oeffnen(self, fassung: Fassung) -> IO[bytes]:
        return version_content_open(version=cast(Any, fassung))

    def abgerufen(self, *, nachricht: Postfachnachricht, fassung: Fassung, actor: Any) -> None:
        postfachdokument_record_download(
            nachricht=nachricht, version=cast(Any, fassung), actor=actor
        )
