"""Verfahren and Aufgaben for staff: filters and bodies (input), lists and details (output)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rathaus.verfahren.models import Aufgabe, Frist, Mitzeichnung, Notiz, Verfahren
from rathaus.verfahren.selectors import SEITENGROESSE, SORTIERUNGEN, InboxZeile, ergebnisfelder_of

MAX_ID = 2**63 - 1
MAX_TEXT = 10_000
MAX_ERGEBNISFELDER = 50


def _id_filter(hilfe: Any) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=hilfe)


def _link(context: Mapping[str, Any], name: str, pk: int) -> str:
    pfad = reverse(name, kwargs={"pk": pk})
    request = context.get("request")
    return request.build_absolute_uri(pfad) if request is not None else pfad


def _person(user: AbstractBaseUser | None) -> dict[str, Any] | None:
    if user is None:
        return None
    assert isinstance(user, User)
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


# --- Input: filters ---------------------------------------------------------------------------


class VerfahrenListInputSerializer(serializers.Serializer[None]):
    status = serializers.ChoiceField(
        choices=Verfahren.Status.choices, required=False, help_text=_("Status des Verfahrens")
    )
    leistung = _id_filter(_("Id einer Leistung"))
    organisationseinheit = _id_filter(_("Id einer Ihrer Organisationseinheiten"))
    aktenzeichen = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("Anfang des Aktenzeichens, z. B. STR-2026-"),
    )


class AufgabeListInputSerializer(serializers.Serializer[None]):
    organisationseinheit = _id_filter(_("Id einer Ihrer Organisationseinheiten"))
    leistung = _id_filter(_("Id einer Leistung"))
    rolle = serializers.ChoiceField(
        choices=Aufgabe.Rolle.choices, required=False, help_text=_("Rolle der Aufgabe")
    )
    nur_meine = serializers.BooleanField(
        required=False, default=False, help_text=_("Nur Aufgaben, die Sie bearbeiten")
    )
    nur_unzugewiesen = serializers.BooleanField(
        required=False, default=False, help_text=_("Nur Aufgaben ohne Bearbeiter/in")
    )
    ueberfaellig = serializers.BooleanField(
        required=False, default=False, help_text=_("Nur Aufgaben, deren Fälligkeit vorbei ist")
    )
    verfahren_status = serializers.ChoiceField(
        choices=Verfahren.Status.choices, required=False, help_text=_("Status des Verfahrens")
    )
    aktenzeichen = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("Anfang des Aktenzeichens"),
    )
    sort = serializers.ChoiceField(
        choices=list(SORTIERUNGEN),
        required=False,
        default="faellig",
        help_text=_("Sortierung"),
    )
    page = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        max_value=1_000_000,
        help_text=_("Seite (ab 1; hinter der letzten Seite kommt die letzte)"),
    )
    page_size = serializers.IntegerField(
        required=False,
        default=SEITENGROESSE,
        min_value=1,
        max_value=100,
        help_text=_("Aufgaben je Seite (1–100)"),
    )


# --- Input: bodies ----------------------------------------------------------------------------


class StrikteEingabe(serializers.Serializer[None]):
    """A JSON object whose unknown fields are an error (a typo must not pass silently)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            fremd = sorted(str(k) for k in data if k not in self.fields)
            if fremd:
                raise serializers.ValidationError(
                    {k[:100]: [_("Unbekanntes Feld.")] for k in fremd[:20]}
                )
        return super().to_internal_value(data)


class LeereEingabeSerializer(StrikteEingabe):
    """No fields: an empty JSON object or no body at all."""


class NotizInputSerializer(StrikteEingabe):
    text = serializers.CharField(max_length=MAX_TEXT, help_text=_("Interne Notiz"))


class WiedervorlageInputSerializer(StrikteEingabe):
    datum = serializers.DateField(help_text=_("Tag der Wiedervorlage (in der Zukunft)"))
    grund = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300, help_text=_("Grund")
    )


class AufgabeAssignInputSerializer(StrikteEingabe):
    bearbeiter = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id der Person, der die Aufgabe zugewiesen wird; null gibt sie frei"),
    )

    def validate_bearbeiter(self, value: int | None) -> User | None:
        if value is None:
            return None
        person = User.objects.filter(pk=value, is_active=True).first()
        if person is None:
            raise serializers.ValidationError(_("Unbekannte Person."))
        return person


class AufgabeCompleteInputSerializer(StrikteEingabe):
    ergebnis = serializers.DictField(
        help_text=_(
            "Das Ergebnis: die Felder der Aufgabenart (siehe `ergebnisfelder` der Aufgabe), "
            'z. B. {"vollstaendigkeit": "vollstaendig"}'
        )
    )

    def validate_ergebnis(self, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) > MAX_ERGEBNISFELDER or any(len(k) > 100 for k in value):
            raise serializers.ValidationError(_("Zu viele oder zu lange Feldnamen."))
        return value


# --- Output -----------------------------------------------------------------------------------


class VerweisSerializer(serializers.Serializer[None]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonVerweisSerializer(serializers.Serializer[None]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class VerfahrenListOutputSerializer(serializers.ModelSerializer[Verfahren]):
    url = serializers.SerializerMethodField()
    leistung = VerweisSerializer(read_only=True)
    organisationseinheit = VerweisSerializer(read_only=True)
    entscheidung = serializers.CharField(
        read_only=True, help_text=_("bewilligen, ablehnen oder leer (noch nicht entschieden)")
    )

    class Meta:
        model = Verfahren
        fields = [
            "id",
            "url",
            "aktenzeichen",
            "status",
            "leistung",
            "organisationseinheit",
            "eingegangen_am",
            "abgeschlossen_am",
            "gesetzliche_frist_am",
            "naechste_frist_am",
            "entscheidung",
            "bescheid_status",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: Verfahren) -> str:
        return _link(self.context, "api:verfahren-detail", obj.pk)


class AufgabeOutputSerializer(serializers.ModelSerializer[Aufgabe]):
    url = serializers.SerializerMethodField()
    bearbeiter = serializers.SerializerMethodField()
    erledigt_von = serializers.SerializerMethodField()

    class Meta:
        model = Aufgabe
        fields = [
            "id",
            "url",
            "titel",
            "art",
            "rolle",
            "status",
            "element_id",
            "bearbeiter",
            "zugewiesen_am",
            "faellig_am",
            "erstellt_am",
            "erledigt_am",
            "erledigt_von",
            "ergebnis",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: Aufgabe) -> str:
        return _link(self.context, "api:aufgabe-detail", obj.pk)

    @extend_schema_field(PersonVerweisSerializer(allow_null=True))
    def get_bearbeiter(self, obj: Aufgabe) -> dict[str, Any] | None:
        return _person(obj.bearbeiter)

    @extend_schema_field(PersonVerweisSerializer(allow_null=True))
    def get_erledigt_von(self, obj: Aufgabe) -> dict[str, Any] | None:
        return _person(obj.erledigt_von)


class ErgebnisfeldOutputSerializer(serializers.Serializer[None]):
    name = serializers.CharField()
    bezeichnung = serializers.CharField(
        help_text=_("Bezeichnung, mit der Fehlermeldungen das Feld nennen")
    )
    werte = serializers.ListField(
        child=serializers.CharField(), help_text=_("Erlaubte Werte; leer: freier Text")
    )
    pflicht = serializers.BooleanField()
    pflicht_wenn = serializers.DictField(
        child=serializers.CharField(),
        allow_null=True,
        help_text=_("Pflicht, wenn das Feld `feld` den Wert `wert` hat"),
    )
    minimum = serializers.IntegerField(allow_null=True, help_text=_("bei ganzen Zahlen"))
    maximum = serializers.IntegerField(allow_null=True, help_text=_("bei ganzen Zahlen"))


class VerfahrenVerweisSerializer(serializers.Serializer[None]):
    id = serializers.IntegerField()
    url = serializers.URLField()
    aktenzeichen = serializers.CharField()
    status = serializers.CharField()
    leistung = VerweisSerializer()
    organisationseinheit = VerweisSerializer()


class AufgabeDetailOutputSerializer(AufgabeOutputSerializer):
    verfahren = serializers.SerializerMethodField()
    ergebnisfelder = serializers.SerializerMethodField()

    class Meta(AufgabeOutputSerializer.Meta):
        fields = [*AufgabeOutputSerializer.Meta.fields, "verfahren", "ergebnisfelder"]
        read_only_fields = fields

    @extend_schema_field(VerfahrenVerweisSerializer)
    def get_verfahren(self, obj: Aufgabe) -> dict[str, Any]:
        v = obj.verfahren
        return {
            "id": v.pk,
            "url": _link(self.context, "api:verfahren-detail", v.pk),
            "aktenzeichen": v.aktenzeichen,
            "status": v.status,
            "leistung": {"id": v.leistung_id, "name": v.leistung.name},
            "organisationseinheit": {
                "id": v.organisationseinheit_id,
                "name": v.organisationseinheit.name,
            },
        }

    @extend_schema_field(ErgebnisfeldOutputSerializer(many=True))
    def get_ergebnisfelder(self, obj: Aufgabe) -> list[dict[str, Any]]:
        return [
            {
                "name": f.name,
                "bezeichnung": str(f.label),
                "werte": list(f.werte),
                "pflicht": f.pflicht,
                "pflicht_wenn": (
                    {"feld": f.pflicht_wenn[0], "wert": f.pflicht_wenn[1]}
                    if f.pflicht_wenn
                    else None
                ),
                "minimum": f.ganzzahl[0] if f.ganzzahl else None,
                "maximum": f.ganzzahl[1] if f.ganzzahl else None,
            }
            for f in ergebnisfelder_of(aufgabe=obj)
        ]


class FristOutputSerializer(serializers.ModelSerializer[Frist]):
    class Meta:
        model = Frist
        fields = ["id", "art", "bezeichnung", "datum", "warnen_ab", "erledigt", "erledigt_am"]
        read_only_fields = fields


class MitzeichnungOutputSerializer(serializers.ModelSerializer[Mitzeichnung]):
    zeichner = serializers.SerializerMethodField()

    class Meta:
        model = Mitzeichnung
        fields = [
            "id",
            "aufgabe",
            "entscheidung_aufgabe",
            "zeichner",
            "ergebnis",
            "begruendung",
            "erstellt_am",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonVerweisSerializer)
    def get_zeichner(self, obj: Mitzeichnung) -> dict[str, Any] | None:
        return _person(obj.zeichner)


class AntragstellerOutputSerializer(serializers.Serializer[None]):
    vorname = serializers.CharField()
    nachname = serializers.CharField()


class VerfahrenDetailOutputSerializer(VerfahrenListOutputSerializer):
    antragsteller = serializers.SerializerMethodField()
    timeline_url = serializers.SerializerMethodField()
    aufgaben = AufgabeOutputSerializer(many=True, read_only=True)
    fristen = FristOutputSerializer(many=True, read_only=True)
    mitzeichnungen = MitzeichnungOutputSerializer(many=True, read_only=True)

    class Meta(VerfahrenListOutputSerializer.Meta):
        fields = [
            *VerfahrenListOutputSerializer.Meta.fields,
            "antrag_id",
            "daten_ref",
            "vorgang_id",
            "bescheid_referenz",
            "antragsteller",
            "timeline_url",
            "aufgaben",
            "fristen",
            "mitzeichnungen",
        ]
        read_only_fields = fields

    @extend_schema_field(AntragstellerOutputSerializer(allow_null=True))
    def get_antragsteller(self, obj: Verfahren) -> dict[str, str] | None:
        if obj.buerger is None:
            return None
        return {"vorname": obj.buerger.vorname, "nachname": obj.buerger.nachname}

    @extend_schema_field(serializers.URLField())
    def get_timeline_url(self, obj: Verfahren) -> str:
        return _link(self.context, "api:verfahren-timeline", obj.pk)


class TimelineEintragOutputSerializer(serializers.Serializer[Any]):
    zeitpunkt = serializers.DateTimeField()
    art = serializers.CharField(help_text=_("protokoll, notiz oder nachricht"))
    titel = serializers.CharField()
    text = serializers.CharField()
    akteur = serializers.CharField()
    details = serializers.DictField()


class NotizOutputSerializer(serializers.ModelSerializer[Notiz]):
    class Meta:
        model = Notiz
        fields = ["id", "text", "verfasser_name", "erstellt_am"]
        read_only_fields = fields


class InboxZeileOutputSerializer(serializers.Serializer[InboxZeile]):
    id = serializers.IntegerField(source="aufgabe_id")
    url = serializers.SerializerMethodField()
    titel = serializers.CharField()
    art = serializers.CharField()
    rolle = serializers.CharField()
    verfahren_id = serializers.IntegerField()
    verfahren_url = serializers.SerializerMethodField()
    aktenzeichen = serializers.CharField()
    leistung = serializers.CharField()
    organisationseinheit = serializers.CharField()
    verfahren_status = serializers.CharField()
    eingegangen_am = serializers.DateTimeField()
    erstellt_am = serializers.DateTimeField()
    faellig_am = serializers.DateField(allow_null=True)
    gesetzliche_frist_am = serializers.DateField(allow_null=True)
    bearbeiter_id = serializers.IntegerField(allow_null=True)
    bearbeiter = serializers.SerializerMethodField()
    alter_tage = serializers.IntegerField()
    ueberfaellig = serializers.BooleanField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: InboxZeile) -> str:
        return _link(self.context, "api:aufgabe-detail", obj.aufgabe_id)

    @extend_schema_field(serializers.URLField())
    def get_verfahren_url(self, obj: InboxZeile) -> str:
        return _link(self.context, "api:verfahren-detail", obj.verfahren_id)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_bearbeiter(self, obj: InboxZeile) -> str | None:
        # The row's name is only meaningful when somebody holds the task.
        return obj.bearbeiter if obj.bearbeiter_id is not None else None


class InboxSeiteOutputSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text=_("Offene Aufgaben insgesamt"))
    seite = serializers.IntegerField()
    seiten = serializers.IntegerField()
    sortierung = serializers.CharField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = InboxZeileOutputSerializer(many=True)


class AufgabeCompleteOutputSerializer(serializers.Serializer[Any]):
    aufgabe = AufgabeDetailOutputSerializer()
    verfahren = VerfahrenListOutputSerializer()
    offene_aufgaben = AufgabeOutputSerializer(
        many=True, help_text=_("Die nun offenen Aufgaben des Verfahrens")
    )
