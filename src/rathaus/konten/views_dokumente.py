"""Download of the Dokument attached to a Postfach message (a Bescheid …).

Only the recipient gets it; for anyone else the message does not exist (404). A message
about an Antrag asks for the level that Antrag was submitted with (``lesezugang``). The PDF is
streamed from the E-Akte's storage as an attachment and never cached; every download is
in the Protokoll, the first one of a Bescheid sets its `abgerufen_am`. The E-Akte and the
Bescheid are reached through the source the verfahren app installs (`postfachdokument`).
"""

from __future__ import annotations

import logging
from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .lesezugang import lesen_erlaubt, nachrichten_niveaus, verweigert
from .models import Buerger, Postfachnachricht
from .postfachdokument import quelle
from .views import buerger_required

logger = logging.getLogger(__name__)


@never_cache
@require_GET
@buerger_required
def dokument(request: HttpRequest, buerger: Buerger, pk: int) -> HttpResponse:
    try:
        nachricht = selectors.postfachnachricht_get(buerger=buerger, pk=pk)
    except Postfachnachricht.DoesNotExist:
        raise Http404(_("Diese Nachricht gibt es nicht.")) from None
    erforderlich = nachrichten_niveaus(buerger, [nachricht])[nachricht.pk]
    if not lesen_erlaubt(request, erforderlich):
        # Before the download is recorded (the first one sets a Bescheid's abgerufen_am);
        # the login returns to the message's page, which offers the download.
        return verweigert(
            request,
            erforderlich=erforderlich,
            ziel=reverse("konten:nachricht", args=[nachricht.pk]),
            bezeichnung=nachricht.betreff,
            art="nachricht",
        )
    dokumente = quelle()
    version = dokumente.fassung(buerger=buerger, nachricht=nachricht)
    if version is None:
        raise Http404(_("Zu dieser Nachricht gibt es kein Dokument."))
    try:
        inhalt = dokumente.oeffnen(version)
    except OSError:
        logger.exception("Postfach: Dokument %s nicht lesbar", version.dokument_id)
        return render(
            request,
            "konten/fehler.html",
            {
                "titel": _("Das Dokument ist gerade nicht verfügbar"),
                "text": _("Bitte versuchen Sie es später noch einmal."),
                "erneut": False,
            },
            status=503,
        )
    try:
        dokumente.abgerufen(nachricht=nachricht, fassung=version, actor=request.user)
    except BaseException:
        inhalt.close()
        raise
    response = FileResponse(
        inhalt, as_attachment=True, filename=version.dateiname, content_type=version.mediatyp
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # buerger_required is typed for HttpResponse; it passes any response through.
    return cast(HttpResponse, response)
