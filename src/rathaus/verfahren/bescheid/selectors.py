"""Reads of the Bescheid: the citizen's download, the staff page's preview and zdA state."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from rathaus.akten.selectors import version_neueste_of

from ..models import Verfahren
from .dokument import BescheidInhalt

if TYPE_CHECKING:
    from rathaus.akten.models import Version
    from rathaus.konten.models import Buerger, Postfachnachricht


def postfachdokument_version(*, buerger: Buerger, nachricht: Postfachnachricht) -> Version | None:
    """The newest Version of the Dokument attached to the citizen's own Postfach message;
    None for someone else's message, a message without Dokument, or a Dokument that is
    gone (Aussonderung)."""
    if nachricht.empfaenger_id != buerger.pk or nachricht.dokument_id is None:
        return None
    return version_neueste_of(dokument_id=nachricht.dokument_id)


@dataclass(frozen=True)
class BescheidStand:
    """What the staff page of a Verfahren shows about its Bescheid: the preview for the
    co-signature (or why there is none) and whether the clerk may close the Vorgang."""

    vorschau: BescheidInhalt | None = None
    vorschau_fehler: str = ""
    zda_moeglich: bool = False


def bescheid_stand(*, user: User, verfahren: Verfahren) -> BescheidStand:
    """For a Verfahren the user may see (the caller checked): the Bescheid as it would be
    made now while a co-signature is open (what the co-signer signs; reads only), and
    whether the process has ended with the Vorgang still open (zdA by decision)."""
    from ..models import Aufgabe
    from ..services.zda import zda_moeglich
    from .services import bescheid_draft

    stand = BescheidStand(zda_moeglich=zda_moeglich(verfahren))
    if not verfahren.aufgaben.filter(art="mitzeichnung", status=Aufgabe.Status.OFFEN).exists():
        return stand
    try:
        entwurf = bescheid_draft(verfahren=verfahren)
    except ValidationError as error:
        return replace(stand, vorschau_fehler=" ".join(error.messages))
    return replace(stand, vorschau=entwurf.inhalt)
