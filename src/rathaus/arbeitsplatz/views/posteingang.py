"""Posteingang (incoming post) and the full-text search."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.akten.selectors import akten_writable, dokumente_search

from .. import conf, services
from ..forms import PosteingangForm, SuchForm
from ..zugang import mitarbeiter_required
from ._common import verboten

if TYPE_CHECKING:
    from rathaus.akten.models import Akte


def _ziele(akten: list[Akte]) -> list[tuple[str, list[tuple[str, str]]]]:
    gruppen = []
    for akte in akten:
        optionen = [
            (f"vorgang:{v.pk}", f"{v.kennzeichen} {v.betreff}")
            for v in akte.offene_vorgaenge  # type: ignore[attr-defined]
        ]
        optionen.append(
            (f"akte:{akte.pk}", _("neuer Vorgang in %(az)s") % {"az": akte.aktenzeichen})
        )
        gruppen.append((f"{akte.aktenzeichen} {akte.betreff}", optionen))
    return gruppen


# Errors of the services name these fields; everything else belongs to the files.
_FELDER = {"betreff": "betreff", "ziel": "ziel", "absender": "absender"}


def _fehler_zuordnen(form: PosteingangForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for feld, meldungen in error.message_dict.items():
        form.add_error(_FELDER.get(feld, "dateien"), meldungen)


@require_http_methods(["GET", "POST"])
@mitarbeiter_required
def posteingang(request: HttpRequest) -> HttpResponse:
    akten = list(akten_writable(user=request.user))
    nach_pk = {a.pk: a for a in akten}
    vorgaenge = {v.pk: v for a in akten for v in a.offene_vorgaenge}  # type: ignore[attr-defined]
    vorbelegt: dict[str, Any] = {"eingangsdatum": timezone.localdate()}
    if "ziel" in request.GET:
        vorbelegt["ziel"] = request.GET["ziel"]
    form = PosteingangForm(
        request.POST or None, request.FILES or None, ziele=_ziele(akten), initial=vorbelegt
    )
    if request.method == "POST" and form.is_valid():
        art, _sep, ziel_pk = form.cleaned_data["ziel"].partition(":")
        daten = form.cleaned_data
        try:
            dokument = services.posteingang_record(
                actor=request.user,  # type: ignore[arg-type]
                vorgang=vorgaenge.get(int(ziel_pk)) if art == "vorgang" else None,
                akte=nach_pk.get(int(ziel_pk)) if art == "akte" else None,
                neuer_vorgang_betreff=daten["neuer_vorgang"],
                betreff=daten["betreff"],
                absender=daten["absender"],
                eingangsdatum=daten["eingangsdatum"],
                personenbezogen=daten["personenbezogen"],
                dateien=daten["dateien"],
            )
        except PermissionDenied:
            return verboten(request, _("Sie dürfen in diese Akte nichts ablegen."))
        except ValidationError as error:
            _fehler_zuordnen(form, error)
        else:
            messages.success(request, _("Der Posteingang ist abgelegt."))
            return redirect("arbeitsplatz:dokument", pk=dokument.pk)
    return render(
        request,
        "arbeitsplatz/posteingang.html",
        {"form": form, "keine_akten": not akten},
        status=400 if form.errors else 200,
    )


@require_GET
@mitarbeiter_required
def suche(request: HttpRequest) -> HttpResponse:
    form = SuchForm(request.GET or None)
    ergebnis = None
    seite = seiten = 1
    if form.is_valid() and form.cleaned_data["q"]:
        groesse = conf.seitengroesse()
        seite = form.cleaned_data["seite"] or 1
        ergebnis = dokumente_search(
            user=request.user,
            query=form.cleaned_data["q"],
            limit=groesse,
            offset=(seite - 1) * groesse,
        )
        seiten = max(1, math.ceil(ergebnis.gesamt / groesse))
    return render(
        request,
        "arbeitsplatz/suche.html",
        {
            "form": form,
            "ergebnis": ergebnis,
            "seite": seite,
            "seiten": seiten,
            "vorher": seite - 1 if seite > 1 else None,
            "nachher": seite + 1 if seite < seiten else None,
        },
        status=400 if form.errors else 200,
    )
