"""Input and output of the Terminvergabe endpoints (/api/v1/termine/)."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers

_LEISTUNGEN = re.compile(r"^[0-9]{1,9}(:[0-9]{1,2})?(,[0-9]{1,9}(:[0-9]{1,2})?){0,9}$")


def leistungen_parse(text: str) -> dict[int, int]:
    """ "12:2,14" → {12: 2, 14: 1}; ValidationError for anything else (at most 10)."""
    if not _LEISTUNGEN.match(text or ""):
        raise serializers.ValidationError(
            "Erwartet: Leistungs-Ids mit Personenzahl, z. B. 12:2,14 (höchstens 10)."
        )
    out: dict[int, int] = {}
    for teil in text.split(","):
        pk, _sep, personen = teil.partition(":")
        if int(pk) in out:
            raise serializers.ValidationError("Jede Leistung nur einmal angeben.")
        out[int(pk)] = int(personen or 1)
    return out


class LeistungenField(serializers.CharField):
    def to_internal_value(self, data: Any) -> dict[int, int]:  # type: ignore[override]
        return leistungen_parse(super().to_internal_value(data))


class TageInputSerializer(serializers.Serializer[Any]):
    leistungen = LeistungenField(
        max_length=200,
        help_text="Leistungs-Ids mit Personenzahl: `12:2,14` (Leistung 12 für zwei Personen "
        "und Leistung 14 für eine).",
    )


class SlotsInputSerializer(TageInputSerializer):
    datum = serializers.DateField(help_text="Der Tag (JJJJ-MM-TT).")


class AufgabeInputSerializer(serializers.Serializer[Any]):
    datum = serializers.DateField(help_text="Der Tag, für den gebucht werden soll.")


class TerminleistungOutputSerializer(serializers.Serializer[Any]):
    leistung = serializers.IntegerField(source="leistung_id")
    name = serializers.CharField(source="leistung.anzeigename")
    minuten = serializers.SerializerMethodField()
    max_personen = serializers.IntegerField()

    def get_minuten(self, tl: Any) -> int:
        return int(tl.einheiten * tl.terminort.slot_minuten)


class TerminortOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="organisationseinheit.name")
    standort = serializers.CharField(source="standort.name")
    strasse = serializers.CharField(source="standort.strasse")
    plz = serializers.CharField(source="standort.plz")
    slot_minuten = serializers.IntegerField()
    max_personen = serializers.IntegerField()
    leistungen = TerminleistungOutputSerializer(many=True, source="terminleistungen.all")


class TageOutputSerializer(serializers.Serializer[Any]):
    minuten = serializers.IntegerField(help_text="Dauer des Termins in Minuten.")
    tage = serializers.ListField(child=serializers.DateField())


class SlotOutputSerializer(serializers.Serializer[Any]):
    beginn = serializers.DateTimeField()
    ende = serializers.DateTimeField()


class SlotsOutputSerializer(serializers.Serializer[Any]):
    datum = serializers.DateField()
    slots = SlotOutputSerializer(many=True)


class BuchungCreateInputSerializer(serializers.Serializer[Any]):
    terminort = serializers.IntegerField(min_value=1, max_value=2**62)
    leistungen = LeistungenField(max_length=200, help_text="Wie bei `tage`: `12:2,14`.")
    beginn = serializers.DateTimeField(
        help_text="Ein freier Beginn aus `slots` (ohne Zeitzone: Ortszeit Europe/Berlin)."
    )
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    arbeitsnachweis = serializers.CharField(
        max_length=8192,
        required=False,
        allow_blank=True,
        help_text="Ohne Token Pflicht: die gelöste ALTCHA-Aufgabe aus `aufgabe` (Base64-JSON).",
    )


class BuchungOutputSerializer(serializers.Serializer[Any]):
    nummer = serializers.CharField()
    status = serializers.CharField()
    kanal = serializers.CharField()
    terminort = serializers.IntegerField(source="terminort_id")
    beginn = serializers.DateTimeField()
    ende = serializers.DateTimeField()
    personen = serializers.IntegerField()
    reserviert_bis = serializers.DateTimeField(allow_null=True)
