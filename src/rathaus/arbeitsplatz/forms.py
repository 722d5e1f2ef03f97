"""Forms of the staff workspace: they only parse and check the shape of the input."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from rathaus.akten.selectors import inhalt_pruefen, version_max_bytes
from rathaus.core.forms import PflichtMeldungen, pflicht_text

# The file name's extension declares the media type; the content must agree.
ENDUNGEN = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_DATEIEN = 20


def _code_feld() -> forms.RegexField:
    return forms.RegexField(
        label=_("Sicherheitscode"),
        regex=r"^\d{6}$",
        help_text=_("Die sechs Ziffern aus Ihrer Authenticator-App."),
        error_messages={"invalid": _("Der Code besteht aus genau sechs Ziffern.")},
    )


class AnmeldeForm(PflichtMeldungen):
    """Name, password and code in one form: one answer for whichever of them is wrong."""

    username = forms.CharField(label=_("Benutzername"), max_length=150, strip=True)
    password = forms.CharField(label=_("Passwort"), max_length=256, strip=False)
    code = _code_feld()


class AktivierungsForm(PflichtMeldungen):
    """The new password (twice) and the first code of the authenticator app."""

    passwort1 = forms.CharField(label=_("Neues Passwort"), max_length=256, strip=False)
    passwort2 = forms.CharField(label=_("Neues Passwort wiederholen"), max_length=256, strip=False)
    code = _code_feld()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules of AUTH_PASSWORD_VALIDATORS in Django's own (translated) words.
        self.fields["passwort1"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        eins, zwei = daten.get("passwort1"), daten.get("passwort2")
        if eins and zwei and eins != zwei:
            self.add_error("passwort2", _("Die beiden Passwörter stimmen nicht überein."))
        return daten


class GrundForm(PflichtMeldungen):
    grund = forms.CharField(
        label=_("Grund der Wiedereröffnung"),
        max_length=500,
        widget=forms.Textarea,
        help_text=_("Der Grund wird im Protokoll festgehalten."),
    )


class SuchForm(PflichtMeldungen):
    q = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)
    seite = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class MehrereDateienInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MehrereDateienFeld(forms.FileField):
    widget = MehrereDateienInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if isinstance(data, list | tuple):
            dateien = [super(MehrereDateienFeld, self).clean(d, initial) for d in data if d]
        else:
            dateien = [super().clean(data, initial)] if data else []
        if not dateien and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return dateien


def datei_pruefen(datei: UploadedFile) -> tuple[str, str]:
    """(safe name, declared media type) of an upload, or a ValidationError naming why."""
    name = datei.name or ""
    if (
        not name
        or any(zeichen in name for zeichen in "/\\\x00")
        or name.startswith(".")
        or ".." in name
        or not name.isprintable()
    ):
        raise forms.ValidationError(
            _("Der Dateiname „%(name)s“ ist nicht zulässig."), params={"name": name[:100]}
        )
    mediatyp = ENDUNGEN.get(PurePosixPath(name).suffix.lower())
    if mediatyp is None:
        raise forms.ValidationError(
            _("„%(name)s“: Dieser Dateityp ist nicht zugelassen (erlaubt: %(liste)s)."),
            params={"name": name, "liste": ", ".join(sorted(ENDUNGEN))},
        )
    if not datei.size:
        raise forms.ValidationError(_("„%(name)s“: Die Datei ist leer."), params={"name": name})
    if datei.size > version_max_bytes():
        raise forms.ValidationError(
            _("„%(name)s“: Die Datei ist größer als %(max)d MB."),
            params={"name": name, "max": version_max_bytes() // (1024 * 1024)},
        )
    datei.seek(0)
    kopf = datei.read(8192)
    datei.seek(0)
    try:
        inhalt_pruefen(mediatyp=mediatyp, kopf=kopf)
    except forms.ValidationError as error:
        raise forms.ValidationError(
            _("„%(name)s“: %(fehler)s"), params={"name": name, "fehler": " ".join(error.messages)}
        ) from error
    return name, mediatyp


class PosteingangForm(PflichtMeldungen):
    """Target (existing Vorgang or a new one in an Akte), metadata and files."""

    ziel = forms.ChoiceField(label=_("Ablageort"))
    neuer_vorgang = forms.CharField(
        label=_("Betreff des neuen Vorgangs"),
        max_length=500,
        required=False,
        help_text=_("Nur nötig, wenn Sie oben „neuer Vorgang“ gewählt haben."),
    )
    betreff = forms.CharField(label=_("Betreff des Schreibens"), max_length=500)
    absender = forms.CharField(label=_("Absender"), max_length=300)
    eingangsdatum = forms.DateField(
        label=_("Eingangsdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    personenbezogen = forms.BooleanField(
        label=_("Das Schreiben enthält personenbezogene Daten"), required=False
    )
    dateien = MehrereDateienFeld(
        label=_("Dateien"),
        help_text=_(
            "Das Schreiben als erste Datei, weitere Dateien werden Anlagen. "
            "PDF, Scans (PNG, JPEG, TIFF) und Office-Dokumente."
        ),
    )

    def __init__(self, *args: Any, ziele: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        feld = self.fields["ziel"]
        assert isinstance(feld, forms.ChoiceField)
        feld.choices = [("", _("– bitte wählen –")), *ziele]

    def clean_dateien(self) -> list[tuple[str, str, UploadedFile]]:
        dateien = self.cleaned_data["dateien"]
        if len(dateien) > MAX_DATEIEN:
            raise forms.ValidationError(
                _("Höchstens %(n)d Dateien auf einmal."), params={"n": MAX_DATEIEN}
            )
        fehler: list[forms.ValidationError] = []
        geprueft = []
        for datei in dateien:
            try:
                name, mediatyp = datei_pruefen(datei)
            except forms.ValidationError as error:
                fehler.append(error)
            else:
                geprueft.append((name, mediatyp, datei))
        if fehler:
            raise forms.ValidationError(fehler)
        return geprueft

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        ziel = daten.get("ziel", "")
        if ziel.startswith("akte:") and not (daten.get("neuer_vorgang") or "").strip():
            self.add_error("neuer_vorgang", pflicht_text(self.fields["neuer_vorgang"].label))
        return daten
