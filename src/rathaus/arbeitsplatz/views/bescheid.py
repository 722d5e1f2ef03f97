"""The Bescheid on the staff page of a Verfahren: the draft PDF a co-signer reads before
signing (rendered on request, never filed) and the clerk's zdA of the ended Verfahren."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.verfahren import services as vs
from rathaus.verfahren.bescheid.dokument import pdf_rendern
from rathaus.verfahren.bescheid.selectors import bescheid_stand
from rathaus.verfahren.models import Verfahren
from rathaus.verfahren.selectors import verfahren_detail

from .. import services
from ..zugang import mitarbeiter_required
from ._common import nicht_gefunden
from .verfahren import verfahren_seite


@require_GET
@mitarbeiter_required
def bescheid_vorschau(request: HttpRequest, pk: int) -> HttpResponse:
    """The Bescheid as it would be made now, marked as draft; only while a co-signature is
    open (else 404: there is nothing to sign)."""
    try:
        verfahren = verfahren_detail(user=request.user, pk=pk)  # type: ignore[arg-type]
    except Verfahren.DoesNotExist:
        return nicht_gefunden(request, Verfahren, pk, "verfahren.bescheid.vorschau")
    stand = bescheid_stand(user=request.user, verfahren=verfahren)  # type: ignore[arg-type]
    if stand.vorschau is None:
        return verfahren_seite(
            request,
            pk,
            status=404,
            fehler=stand.vorschau_fehler or _("Es gibt keinen Bescheid zur Mitzeichnung."),
        )
    services.zugriff_record(
        actor=request.user,
        aktion="verfahren.bescheid.vorschau",
        target=verfahren,
        details={"aktenzeichen": verfahren.aktenzeichen},
    )
    response = HttpResponse(pdf_rendern(stand.vorschau, entwurf=True), "application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="bescheid-entwurf-{verfahren.aktenzeichen}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@mitarbeiter_required
def zda(request: HttpRequest, pk: int) -> HttpResponse:
    """zdA of the ended Verfahren's Vorgang by the clerk's decision."""
    try:
        verfahren = verfahren_detail(user=request.user, pk=pk)  # type: ignore[arg-type]
        vorgang = vs.verfahren_zda(verfahren=verfahren, actor=request.user)
    except Verfahren.DoesNotExist:
        return nicht_gefunden(request, Verfahren, pk, "verfahren.zda")
    except PermissionDenied as error:
        return verfahren_seite(request, pk, status=403, fehler=str(error))
    except ValidationError as error:
        return verfahren_seite(request, pk, status=400, fehler=" ".join(error.messages))
    messages.success(
        request, _("Der Vorgang %(vg)s ist zu den Akten verfügt.") % {"vg": vorgang.kennzeichen}
    )
    return redirect("arbeitsplatz:verfahren", pk=pk)
