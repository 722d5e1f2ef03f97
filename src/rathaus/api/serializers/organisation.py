"""Organisationseinheiten: list entry and detail with Standort and opening hours."""

from __future__ import annotations

from datetime import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rathaus.organisation.models import (
    Oeffnungszeit,
    Organisationseinheit,
    Sonderoeffnung,
    Standort,
)
from rathaus.organisation.selectors import LOCAL_TZ

from .common import OrganisationseinheitKurzSerializer


class OrganisationseinheitListOutputSerializer(OrganisationseinheitKurzSerializer):
    pass


class StandortSerializer(serializers.ModelSerializer[Standort]):
    class Meta:
        model = Standort
        fields = [
            "name",
            "slug",
            "strasse",
            "plz",
            "ort",
            "telefon",
            "email",
            "stufenloser_zugang",
            "aufzug",
            "barrierefreies_wc",
            "behindertenparkplatz",
            "barrierefreiheit_hinweis",
            "anfahrt",
        ]
        read_only_fields = fields


class OeffnungszeitSerializer(serializers.ModelSerializer[Oeffnungszeit]):
    wochentag_name = serializers.CharField(source="get_wochentag_display", read_only=True)

    class Meta:
        model = Oeffnungszeit
        fields = ["wochentag", "wochentag_name", "von", "bis", "nur_mit_termin"]
        read_only_fields = fields


class SonderoeffnungSerializer(serializers.ModelSerializer[Sonderoeffnung]):
    class Meta:
        model = Sonderoeffnung
        fields = ["datum", "geschlossen", "von", "bis", "grund"]
        read_only_fields = fields


class OrganisationseinheitDetailOutputSerializer(OrganisationseinheitKurzSerializer):
    standort = StandortSerializer(read_only=True, allow_null=True)
    uebergeordnet = OrganisationseinheitKurzSerializer(read_only=True, allow_null=True)
    untereinheiten = OrganisationseinheitKurzSerializer(many=True, read_only=True)
    oeffnungszeiten = OeffnungszeitSerializer(many=True, read_only=True)
    sonderoeffnungen = serializers.SerializerMethodField()

    class Meta(OrganisationseinheitKurzSerializer.Meta):
        fields = [
            *OrganisationseinheitKurzSerializer.Meta.fields,
            "beschreibung",
            "raum",
            "nur_mit_termin",
            "termin_hinweis",
            "beispielinhalt",
            "standort",
            "uebergeordnet",
            "untereinheiten",
            "oeffnungszeiten",
            "sonderoeffnungen",
        ]
        read_only_fields = fields

    @extend_schema_field(SonderoeffnungSerializer(many=True))
    def get_sonderoeffnungen(self, oe: Organisationseinheit) -> list[dict[str, object]]:
        """Exceptions from today on (the selector prefetches from yesterday)."""
        heute = datetime.now(tz=LOCAL_TZ).date()
        kommend = [s for s in oe.sonderoeffnungen.all() if s.datum >= heute]
        return [dict(row) for row in SonderoeffnungSerializer(kommend, many=True).data]
