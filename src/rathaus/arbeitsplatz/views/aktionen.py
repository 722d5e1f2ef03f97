"""Writes from the workspace: zdA and reopening of Akten and Vorgänge."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.akten import services as akten_services
from rathaus.akten.models import Akte, Vorgang
from rathaus.akten.selectors import akte_visible_get, akte_writable, vorgang_visible_get

from ..forms import GrundForm
from ..zugang import mitarbeiter_required
from ._common import nicht_gefunden, verboten


def _fehler(request: HttpRequest, error: ValidationError) -> None:
    for meldung in error.messages:
        messages.error(request, meldung)


@require_POST
@mitarbeiter_required
def akte_zda(request: HttpRequest, pk: int) -> HttpResponse:
    akte = akte_visible_get(user=request.user, pk=pk)
    if akte is None:
        return nicht_gefunden(request, Akte, pk, "akte.zda")
    if not akte_writable(user=request.user, akte=akte):
        return verboten(request, _("Nur die federführende Organisationseinheit verfügt zdA."))
    try:
        akten_services.akte_close(akte=akte, actor=request.user)
    except ValidationError as error:
        _fehler(request, error)
    else:
        messages.success(request, _("Die Akte ist zu den Akten verfügt."))
    return redirect("arbeitsplatz:akte", pk=akte.pk)


@require_POST
@mitarbeiter_required
def vorgang_zda(request: HttpRequest, pk: int) -> HttpResponse:
    vorgang = vorgang_visible_get(user=request.user, pk=pk)
    if vorgang is None:
        return nicht_gefunden(request, Vorgang, pk, "vorgang.zda")
    if not akte_writable(user=request.user, akte=vorgang.akte):
        return verboten(request, _("Nur die federführende Organisationseinheit verfügt zdA."))
    try:
        akten_services.vorgang_close(vorgang=vorgang, actor=request.user)
    except ValidationError as error:
        _fehler(request, error)
    else:
        messages.success(
            request, _("Der Vorgang %(vg)s ist zu den Akten verfügt.") % {"vg": vorgang.kennzeichen}
        )
    return redirect(reverse("arbeitsplatz:akte", kwargs={"pk": vorgang.akte_id}))


def _wiedereroeffnen(request: HttpRequest, objekt: Akte | Vorgang, akte: Akte) -> HttpResponse:
    if not akte_writable(user=request.user, akte=akte) or not request.user.has_perm(
        akten_services.REOPEN_PERMISSION
    ):
        return verboten(request, _("Sie dürfen zu den Akten verfügtes Schriftgut nicht öffnen."))
    form = GrundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(objekt, Akte):
                akten_services.akte_reopen(
                    akte=objekt, grund=form.cleaned_data["grund"], actor=request.user
                )
            else:
                akten_services.vorgang_reopen(
                    vorgang=objekt, grund=form.cleaned_data["grund"], actor=request.user
                )
        except PermissionDenied:
            return verboten(
                request, _("Sie dürfen zu den Akten verfügtes Schriftgut nicht öffnen.")
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for feld, fehler in error.message_dict.items():
                    form.add_error("grund" if feld in {"grund", "__all__"} else None, fehler)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Wieder geöffnet; der Grund steht im Protokoll."))
            return redirect("arbeitsplatz:akte", pk=akte.pk)
    return render(
        request,
        "arbeitsplatz/wiedereroeffnen.html",
        {"form": form, "objekt": objekt, "akte": akte, "ist_akte": isinstance(objekt, Akte)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@mitarbeiter_required
def akte_wiedereroeffnen(request: HttpRequest, pk: int) -> HttpResponse:
    akte = akte_visible_get(user=request.user, pk=pk)
    if akte is None:
        return nicht_gefunden(request, Akte, pk, "akte.wiedereroeffnen")
    return _wiedereroeffnen(request, akte, akte)


@require_http_methods(["GET", "POST"])
@mitarbeiter_required
def vorgang_wiedereroeffnen(request: HttpRequest, pk: int) -> HttpResponse:
    vorgang = vorgang_visible_get(user=request.user, pk=pk)
    if vorgang is None:
        return nicht_gefunden(request, Vorgang, pk, "vorgang.wiedereroeffnen")
    return _wiedereroeffnen(request, vorgang, vorgang.akte)
