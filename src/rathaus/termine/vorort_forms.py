"""Forms and messages of the office pages (the staff workspace shows them; their text
belongs to the Terminvergabe, so it is translated in this app's catalogue)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Buchung, Schalter, Terminort
from .selectors import LOCAL_TZ


class NummerForm(forms.Form):
    nummer = forms.CharField(
        label=gettext_lazy("Terminnummer oder QR-Code"),
        max_length=500,
        error_messages={"required": gettext_lazy("Bitte geben Sie die Terminnummer ein.")},
    )


class AufrufForm(forms.Form):
    schalter = forms.ModelChoiceField(
        label=gettext_lazy("Schalter"),
        queryset=Schalter.objects.none(),
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie einen Schalter."),
            "invalid_choice": gettext_lazy("Bitte wählen Sie einen Schalter dieses Standorts."),
        },
    )

    def __init__(self, *args: Any, terminort: Terminort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schalter"].queryset = Schalter.objects.filter(  # type: ignore[attr-defined]
            terminort=terminort, aktiv=True
        )


class TagForm(forms.Form):
    datum = forms.DateField(
        label=gettext_lazy("Tag"),
        required=False,
        error_messages={"invalid": gettext_lazy("Bitte geben Sie ein Datum an (TT.MM.JJJJ).")},
    )


class StatistikForm(forms.Form):
    von = forms.DateField(label=gettext_lazy("von"))
    bis = forms.DateField(label=gettext_lazy("bis"))

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        von, bis = daten.get("von"), daten.get("bis")
        if von and bis and (bis < von or (bis - von).days > 366):
            self.add_error(
                "bis",
                _("Das Ende muss nach dem Beginn liegen, höchstens ein Jahr später."),
            )
        return daten


class VorspracheForm(forms.Form):
    leistung = forms.TypedChoiceField(
        label=gettext_lazy("Leistung"),
        coerce=int,
        error_messages={
            "invalid_choice": gettext_lazy("Diese Leistung kann hier nicht gebucht werden.")
        },
    )
    personen = forms.IntegerField(
        label=gettext_lazy("Personen"), min_value=1, max_value=20, initial=1
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-Mail-Adresse"), required=False, max_length=254)

    def __init__(self, *args: Any, leistungen: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leistung"].choices = leistungen  # type: ignore[attr-defined]


class AbwesenheitForm(forms.Form):
    schalter = forms.ModelChoiceField(
        label=gettext_lazy("Schalter"),
        queryset=Schalter.objects.none(),
        required=False,
        empty_label=gettext_lazy("ganzer Standort"),
        error_messages={
            "invalid_choice": gettext_lazy("Bitte wählen Sie einen Schalter dieses Standorts.")
        },
    )
    von = forms.DateTimeField(
        label=gettext_lazy("von"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        error_messages={"invalid": gettext_lazy("Bitte Datum und Uhrzeit angeben.")},
    )
    bis = forms.DateTimeField(
        label=gettext_lazy("bis"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        error_messages={"invalid": gettext_lazy("Bitte Datum und Uhrzeit angeben.")},
    )
    grund = forms.CharField(label=gettext_lazy("Grund"), max_length=200, required=False)

    def __init__(self, *args: Any, terminort: Terminort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schalter"].queryset = Schalter.objects.filter(  # type: ignore[attr-defined]
            terminort=terminort
        )


def meldung(art: str, buchung: Buchung | None = None, anzahl: int = 0) -> str:
    """The confirmation shown after an action at the office."""
    if art == "abwesenheit":
        return _(
            "Die Abwesenheit ist eingetragen. Abgesagte Termine: %(anzahl)d (die Personen "
            "bekommen eine E-Mail)."
        ) % {"anzahl": anzahl}
    if art == "abwesenheit_geloescht":
        return _("Die Abwesenheit ist aufgehoben; abgesagte Termine bleiben abgesagt.")
    if buchung is None:
        return _("Gerade wartet niemand, der an diesem Schalter bedient werden kann.")
    werte = {
        "nummer": buchung.nummer,
        "schalter": buchung.aufgerufen_an.name if buchung.aufgerufen_an else "",
        "zeit": timezone.localtime(buchung.beginn, LOCAL_TZ).strftime("%H:%M"),
    }
    texte = {
        "eingecheckt": _("Termin %(nummer)s (%(zeit)s Uhr) ist eingecheckt."),
        "aufgerufen": _("Nummer %(nummer)s ist an %(schalter)s aufgerufen."),
        "nicht_erschienen": _("Termin %(nummer)s ist als nicht erschienen vermerkt."),
        "vorsprache": _(
            "Die Vorsprache ist eingetragen: Nummer %(nummer)s, %(zeit)s Uhr, eingecheckt."
        ),
    }
    return texte[art] % werte
