"""Forms of the Verfahren pages: they only parse; the verfahren services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from rathaus.core.forms import PflichtMeldungen
from rathaus.verfahren.selectors import (
    SORTIERUNGEN,
    AufgabeRolle,
    VerfahrenStatus,
    ergebnisfelder_der_art,
)

MAX_TEXT = 10_000

SORT_LABELS = {
    "faellig": _("Fälligkeit"),
    "alter": _("älteste zuerst"),
    "neueste": _("neueste zuerst"),
    "aktenzeichen": _("Aktenzeichen"),
    "leistung": _("Leistung"),
}


class InboxFilterForm(PflichtMeldungen):
    """Filters of the task list (GET); invalid values fall back to no filter."""

    q = forms.CharField(label=_("Aktenzeichen beginnt mit"), required=False, max_length=100)
    einheit = forms.TypedChoiceField(
        label=_("Organisationseinheit"), required=False, coerce=int, empty_value=None
    )
    rolle = forms.ChoiceField(
        label=_("Rolle"),
        required=False,
        choices=[("", _("alle")), *list(AufgabeRolle.choices)],
    )
    status = forms.ChoiceField(
        label=_("Stand des Verfahrens"),
        required=False,
        choices=[
            ("", _("alle")),
            (VerfahrenStatus.IN_BEARBEITUNG, _("in Bearbeitung")),
            (VerfahrenStatus.WARTET, _("wartet auf Antwort")),
        ],
    )
    nur_meine = forms.BooleanField(label=_("nur meine Aufgaben"), required=False)
    nur_unzugewiesen = forms.BooleanField(label=_("nur nicht zugewiesene"), required=False)
    ueberfaellig = forms.BooleanField(label=_("nur überfällige"), required=False)
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[(k, SORT_LABELS.get(k, k)) for k in SORTIERUNGEN],
    )
    seite = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, *args: Any, einheiten: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["einheit"].choices = [("", _("alle meine")), *einheiten]  # type: ignore[attr-defined]


class ErledigenForm(PflichtMeldungen):
    """The result of a task; which fields apply, their labels and which are required come
    from the task's kind (the service checks the same and names fields the same way)."""

    vollstaendigkeit = forms.ChoiceField(
        required=False,
        choices=[
            ("vollstaendig", _("vollständig")),
            ("unvollstaendig", _("unvollständig – Unterlagen nachfordern")),
        ],
    )
    nachforderung = forms.CharField(required=False, max_length=MAX_TEXT)
    frist_tage = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=90,
    )
    entscheidung = forms.ChoiceField(
        required=False,
        choices=[("bewilligen", _("bewilligen")), ("ablehnen", _("ablehnen"))],
    )
    mitzeichnung = forms.ChoiceField(
        required=False,
        choices=[("zeichnen", _("mitzeichnen")), ("zurueck", _("zurück zur Prüfung"))],
    )
    begruendung = forms.CharField(required=False, max_length=MAX_TEXT)
    gebuehr_cent = forms.IntegerField(required=False, min_value=0, max_value=99_999_900)
    vermerk = forms.CharField(required=False, max_length=MAX_TEXT)

    def __init__(self, *args: Any, art: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        felder = {f.name: f for f in ergebnisfelder_der_art(art=art)}
        for name in list(self.fields):
            if name not in felder:
                del self.fields[name]
                continue
            # Labels say what the service will require; the service stays the authority.
            self.fields[name].label = str(felder[name].label)
            self.fields[name].required = felder[name].pflicht
            bedingung = felder[name].pflicht_wenn
            if bedingung is not None:
                andere, wert = bedingung
                texte = dict(getattr(self.fields.get(andere), "choices", ()))
                self.fields[name].bedingt = True  # type: ignore[attr-defined]
                self.fields[name].help_text = _("Pflichtangabe bei „%(wert)s“.") % {
                    "wert": texte.get(wert, wert)
                }

    def ergebnis(self) -> dict[str, Any]:
        """Only what was entered: the service decides what is required."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ZuweisenForm(PflichtMeldungen):
    """Offers exactly whom the service accepts (`verfahren.ansicht.zuweisbare`)."""

    bearbeiter = forms.TypedChoiceField(
        label=_("Zuweisen an"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "Diese Person kann die Aufgabe nicht bekommen (Rolle oder Vier-Augen-Prinzip)."
            )
        },
    )

    def __init__(self, *args: Any, personen: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.personen = {p.pk: p for p in personen}
        self.fields["bearbeiter"].choices = [("", _("niemand (an die Einheit zurück)"))] + [  # type: ignore[attr-defined]
            (p.pk, p.get_full_name() or p.get_username()) for p in personen
        ]

    def person(self) -> User | None:
        pk = self.cleaned_data["bearbeiter"]
        return self.personen.get(pk) if pk is not None else None


class NotizForm(PflichtMeldungen):
    text = forms.CharField(label=_("Interne Notiz"), max_length=MAX_TEXT)


class WiedervorlageForm(PflichtMeldungen):
    datum = forms.DateField(label=_("Wiedervorlage am"))
    grund = forms.CharField(label=_("Grund"), required=False, max_length=300)


class AntwortForm(PflichtMeldungen):
    text = forms.CharField(
        label=_("Antwort (z. B. per Post eingegangen)"),
        max_length=MAX_TEXT,
        help_text=_("Legen Sie eingegangene Unterlagen zuerst über den Posteingang ab."),
    )
