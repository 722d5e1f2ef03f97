"""The E-Akte in the staff workspace: start page, Aktenplan, Akte, Dokument, download."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.akten.models import Akte, Aktenplaneinheit, Dokument, Version
from rathaus.akten.selectors import (
    akte_visible_get,
    akte_writable,
    akten_visible,
    aktenplan_mit_anzahl,
    dokument_visible_get,
    dokumente_of,
    version_content_open,
    version_visible_get,
)
from rathaus.akten.services import REOPEN_PERMISSION
from rathaus.verfahren.selectors import inbox

from .. import services
from ..selectors import organisationseinheiten_of
from ..zugang import mitarbeiter_required
from ._common import nicht_gefunden


@require_GET
@mitarbeiter_required
def start(request: HttpRequest) -> HttpResponse:
    akten = akten_visible(user=request.user)
    return render(
        request,
        "arbeitsplatz/start.html",
        {
            "einheiten": organisationseinheiten_of(user=request.user),
            "anzahl_akten": akten.count(),
            "anzahl_offen": akten.filter(zda_am__isnull=True).count(),
            "zuletzt": akten.order_by("-geaendert_am")[:10],
            "anzahl_aufgaben": inbox(user=request.user, page_size=1).anzahl,
        },
    )


@dataclass
class Knoten:
    einheit: Aktenplaneinheit
    kinder: list[Knoten] = field(default_factory=list)


def _baum(einheiten: list[Aktenplaneinheit]) -> list[Knoten]:
    knoten = {e.pk: Knoten(e) for e in einheiten}
    wurzeln: list[Knoten] = []
    for e in einheiten:
        eltern = knoten.get(e.uebergeordnet_id) if e.uebergeordnet_id else None
        (eltern.kinder if eltern else wurzeln).append(knoten[e.pk])
    return wurzeln


@require_GET
@mitarbeiter_required
def aktenplan(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "arbeitsplatz/aktenplan.html",
        {"baum": _baum(list(aktenplan_mit_anzahl(user=request.user)))},
    )


@require_GET
@mitarbeiter_required
def aktenplaneinheit(request: HttpRequest, pk: int) -> HttpResponse:
    einheit = aktenplan_mit_anzahl(user=request.user).filter(pk=pk).first()
    if einheit is None:
        return render(request, "arbeitsplatz/nicht_gefunden.html", status=404)
    return render(
        request,
        "arbeitsplatz/aktenplaneinheit.html",
        {
            "einheit": einheit,
            "akten": akten_visible(user=request.user).filter(aktenplaneinheit=einheit),
        },
    )


@require_GET
@mitarbeiter_required
def akte(request: HttpRequest, pk: int) -> HttpResponse:
    gefunden = akte_visible_get(user=request.user, pk=pk)
    if gefunden is None:
        return nicht_gefunden(request, Akte, pk, "akte.ansehen")
    dokumente = list(dokumente_of(user=request.user, akte=gefunden))
    vorgaenge = [
        (v, [d for d in dokumente if d.vorgang_id == v.pk]) for v in gefunden.vorgaenge.all()
    ]
    return render(
        request,
        "arbeitsplatz/akte.html",
        {
            "akte": gefunden,
            "vorgaenge": vorgaenge,
            "darf_schreiben": akte_writable(user=request.user, akte=gefunden),
            "darf_oeffnen": request.user.has_perm(REOPEN_PERMISSION),
        },
    )


@require_GET
@mitarbeiter_required
def dokument(request: HttpRequest, pk: int) -> HttpResponse:
    gefunden = dokument_visible_get(user=request.user, pk=pk)
    if gefunden is None:
        return nicht_gefunden(request, Dokument, pk, "dokument.ansehen")
    if gefunden.personenbezogen:
        services.zugriff_record(
            actor=request.user,
            aktion="akten.dokument.ansehen",
            target=gefunden,
            details={"personenbezogen": True, "akte": gefunden.vorgang.akte.aktenzeichen},
        )
    return render(request, "arbeitsplatz/dokument.html", {"dokument": gefunden})


@require_GET
@mitarbeiter_required
def herunterladen(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """Stream one Version's content from storage as an attachment, after the Protokoll."""
    version = version_visible_get(user=request.user, pk=pk)
    if version is None:
        return nicht_gefunden(request, Version, pk, "version.herunterladen")
    dokument_ = version.dokument or version.anlage.dokument  # type: ignore[union-attr]
    services.zugriff_record(
        actor=request.user,
        aktion="akten.version.herunterladen",
        target=version,
        details={
            "dokument": dokument_.pk,
            "nummer": version.nummer,
            "sha256": version.blob_id,
            "personenbezogen": dokument_.personenbezogen,
        },
    )
    try:
        inhalt = version_content_open(version=version)
    except OSError:
        return render(
            request,
            "arbeitsplatz/fehler.html",
            {"meldung": _("Der Inhalt ist im Speicher nicht lesbar. Bitte melden Sie das.")},
            status=503,
        )
    response = FileResponse(
        inhalt, as_attachment=True, filename=version.dateiname, content_type=version.mediatyp
    )
    response["Cache-Control"] = "private, no-store"
    return response
