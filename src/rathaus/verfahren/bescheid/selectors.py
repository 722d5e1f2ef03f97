"""Reads of the Bescheid for the citizen pages."""

from __future__ import annotations

from rathaus.akten.models import Version
from rathaus.konten.models import Buerger, Postfachnachricht


def postfachdokument_version(*, buerger: Buerger, nachricht: Postfachnachricht) -> Version | None:
    """The newest Version of the Dokument attached to the citizen's own Postfach message;
    None for someone else's message, a message without Dokument, or a Dokument that is
    gone (Aussonderung)."""
    if nachricht.empfaenger_id != buerger.pk or nachricht.dokument_id is None:
        return None
    return (
        Version.objects.filter(dokument_id=nachricht.dokument_id)
        .select_related("blob")
        .order_by("-nummer")
        .first()
    )
