from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import services


def nicht_gefunden(
    request: HttpRequest, modell: type[models.Model], pk: int, aktion: str
) -> HttpResponse:
    """404 for objects the user may not see (or that do not exist), and a Protokoll entry."""
    services.zugriff_verweigert(
        actor=request.user, modell=modell, objekt_id=pk, aktion=aktion, pfad=request.path
    )
    return render(request, "arbeitsplatz/nicht_gefunden.html", status=404)


def verboten(request: HttpRequest, meldung: str) -> HttpResponse:
    return render(request, "arbeitsplatz/verboten.html", {"meldung": meldung}, status=403)
