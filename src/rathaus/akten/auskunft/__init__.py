"""Art. 15 DSGVO: everything the city holds about a citizen, as one ZIP.

Each app contributes what it holds through an `AuskunftProvider` registered in
`registry` (core plugin registry); akten ships the providers for konten and akten, the
antraege app registers its own later (import its provider module in its AppConfig.ready).
"""

# The built-in providers register themselves on import.
from . import provider_akten, provider_konten  # noqa: F401
from .base import AuskunftProvider, Datei, Teil, registry
from .service import auskunft_erstellen

__all__ = ["AuskunftProvider", "Datei", "Teil", "auskunft_erstellen", "registry"]
