"""Actions on a Verfahren and its Aufgaben (POST only): parse, call the service, map errors.

A refused action changes nothing (the services run in one transaction); the page is shown
again with the message (400 for bad input or a lost race, 403 for a missing right, 404 for
a Verfahren of another unit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.fitconnect.forms import ERFOLG as WEITERGELEITET
from rathaus.fitconnect.forms import WeiterleitenForm
from rathaus.fitconnect.services import antrag_forward
from rathaus.verfahren import services as vs
from rathaus.verfahren.ansicht import darf_zuweisen, verfahren_ansicht, zuweisbare
from rathaus.verfahren.models import Aufgabe, Verfahren
from rathaus.verfahren.selectors import aufgabe_detail, verfahren_detail

from ..forms_verfahren import (
    AntwortForm,
    ErledigenForm,
    NotizForm,
    WiedervorlageForm,
    ZuweisenForm,
)
from ..zugang import mitarbeiter_required
from ._common import nicht_gefunden
from .verfahren import verfahren_seite


def _meldung(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error) or _("Das dürfen Sie nicht.")


def _fehler_an_form(form: Form, error: ValidationError) -> None:
    """Field errors of the service go to the form's fields of the same name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for feld, meldungen in error.message_dict.items():
        form.add_error(feld if feld in form.fields else None, meldungen)


def _aufgabe_aktion(
    request: HttpRequest, pk: int, aktion: str, tun: Callable[[Aufgabe], Any], erfolg: str
) -> HttpResponse:
    try:
        aufgabe = aufgabe_detail(user=request.user, pk=pk)
    except Aufgabe.DoesNotExist:
        return nicht_gefunden(request, Aufgabe, pk, aktion)
    try:
        tun(aufgabe)
    except (Aufgabe.DoesNotExist, Verfahren.DoesNotExist):
        return nicht_gefunden(request, Aufgabe, pk, aktion)
    except PermissionDenied as error:
        return verfahren_seite(request, aufgabe.verfahren_id, status=403, fehler=_meldung(error))
    except ValidationError as error:
        return verfahren_seite(request, aufgabe.verfahren_id, status=400, fehler=_meldung(error))
    messages.success(request, erfolg)
    return redirect("arbeitsplatz:verfahren", pk=aufgabe.verfahren_id)


@require_POST
@mitarbeiter_required
def uebernehmen(request: HttpRequest, pk: int) -> HttpResponse:
    return _aufgabe_aktion(
        request,
        pk,
        "aufgabe.uebernehmen",
        lambda a: vs.aufgabe_claim(aufgabe=a, actor=request.user),
        _("Sie haben die Aufgabe übernommen."),
    )


@require_POST
@mitarbeiter_required
def zurueckgeben(request: HttpRequest, pk: int) -> HttpResponse:
    return _aufgabe_aktion(
        request,
        pk,
        "aufgabe.zurueckgeben",
        lambda a: vs.aufgabe_release(aufgabe=a, actor=request.user),
        _("Die Aufgabe ist wieder für alle in der Einheit offen."),
    )


@require_POST
@mitarbeiter_required
def zuweisen(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        aufgabe = aufgabe_detail(user=request.user, pk=pk)
    except Aufgabe.DoesNotExist:
        return nicht_gefunden(request, Aufgabe, pk, "aufgabe.zuweisen")
    personen = zuweisbare(user=request.user, aufgabe=aufgabe)  # type: ignore[arg-type]
    form = ZuweisenForm(request.POST, personen=personen, prefix=f"z{pk}")
    if not form.is_valid():
        if not darf_zuweisen(user=request.user, aufgabe=aufgabe):  # type: ignore[arg-type]
            return verfahren_seite(
                request,
                aufgabe.verfahren_id,
                status=403,
                fehler=_("Aufgaben zuweisen darf nur die Leitung der Einheit."),
            )
        return verfahren_seite(
            request, aufgabe.verfahren_id, status=400, gebunden={f"zuweisen-{pk}": form}
        )
    person = form.person()
    return _aufgabe_aktion(
        request,
        pk,
        "aufgabe.zuweisen",
        lambda a: vs.aufgabe_assign(aufgabe=a, bearbeiter=person, actor=request.user),
        _("Die Aufgabe ist %(n)s zugewiesen.")
        % {"n": person.get_full_name() or person.get_username()}
        if person
        else _("Die Aufgabe ist niemandem mehr zugewiesen."),
    )


@require_POST
@mitarbeiter_required
def erledigen(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        aufgabe = aufgabe_detail(user=request.user, pk=pk)
    except Aufgabe.DoesNotExist:
        return nicht_gefunden(request, Aufgabe, pk, "aufgabe.erledigen")
    form = ErledigenForm(request.POST, art=aufgabe.art, prefix=f"a{pk}")
    gebunden: dict[str, Form] = {f"erledigen-{pk}": form}
    if form.is_valid():
        try:
            vs.aufgabe_complete(aufgabe=aufgabe, actor=request.user, ergebnis=form.ergebnis())
        except (Aufgabe.DoesNotExist, Verfahren.DoesNotExist):
            return nicht_gefunden(request, Aufgabe, pk, "aufgabe.erledigen")
        except PermissionDenied as error:
            return verfahren_seite(
                request, aufgabe.verfahren_id, status=403, fehler=_meldung(error)
            )
        except ValidationError as error:
            _fehler_an_form(form, error)
        else:
            messages.success(request, _("„%(t)s“ ist erledigt.") % {"t": aufgabe.titel})
            return redirect("arbeitsplatz:verfahren", pk=aufgabe.verfahren_id)
    return verfahren_seite(request, aufgabe.verfahren_id, status=400, gebunden=gebunden)


def _verfahren_aktion(
    request: HttpRequest,
    pk: int,
    schluessel: str,
    form: Form,
    tun: Callable[[Verfahren, dict[str, Any]], Any],
    erfolg: str,
) -> HttpResponse:
    try:
        verfahren_ = verfahren_detail(user=request.user, pk=pk)
    except Verfahren.DoesNotExist:
        return nicht_gefunden(request, Verfahren, pk, f"verfahren.{schluessel}")
    if form.is_valid():
        try:
            tun(verfahren_, form.cleaned_data)
        except PermissionDenied as error:
            return verfahren_seite(request, pk, status=403, fehler=_meldung(error))
        except ValidationError as error:
            _fehler_an_form(form, error)
        else:
            messages.success(request, erfolg)
            return redirect("arbeitsplatz:verfahren", pk=pk)
    return verfahren_seite(request, pk, status=400, gebunden={schluessel: form})


@require_POST
@mitarbeiter_required
def notiz(request: HttpRequest, pk: int) -> HttpResponse:
    return _verfahren_aktion(
        request,
        pk,
        "notiz",
        NotizForm(request.POST, prefix="notiz"),
        lambda v, d: vs.notiz_add(verfahren=v, text=d["text"], actor=request.user),
        _("Die Notiz ist gespeichert."),
    )


def _weiterleiten(request: HttpRequest, v: Verfahren, daten: dict[str, Any]) -> None:
    if not verfahren_ansicht(user=request.user, pk=v.pk).darf_bearbeiten:  # type: ignore[arg-type]
        raise PermissionDenied(_("Das dürfen Sie nicht."))
    antrag_forward(
        antrag_id=v.antrag_id,
        vorgang_id=v.vorgang_id,
        regionalschluessel=daten["regionalschluessel"],
        actor=request.user,
    )


@require_POST
@mitarbeiter_required
def weiterleiten(request: HttpRequest, pk: int) -> HttpResponse:
    """Forward the Antrag through FIT-Connect to the authority that is responsible."""
    return _verfahren_aktion(
        request,
        pk,
        "weiterleiten",
        WeiterleitenForm(request.POST, prefix="wl"),
        lambda v, d: _weiterleiten(request, v, d),
        str(WEITERGELEITET),
    )


@require_POST
@mitarbeiter_required
def wiedervorlage(request: HttpRequest, pk: int) -> HttpResponse:
    return _verfahren_aktion(
        request,
        pk,
        "wiedervorlage",
        WiedervorlageForm(request.POST, prefix="wv"),
        lambda v, d: vs.wiedervorlage_set(
            verfahren=v, datum=d["datum"], grund=d["grund"], actor=request.user
        ),
        _("Die Wiedervorlage ist gesetzt."),
    )


@require_POST
@mitarbeiter_required
def antwort(request: HttpRequest, pk: int) -> HttpResponse:
    return _verfahren_aktion(
        request,
        pk,
        "antwort",
        AntwortForm(request.POST, prefix="antwort"),
        lambda v, d: vs.nachforderung_mark_answered(
            verfahren=v, text=d["text"], actor=request.user
        ),
        _("Die Antwort ist erfasst; das Verfahren geht weiter."),
    )
