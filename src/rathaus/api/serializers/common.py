"""Small nested representations used by several resources."""

from __future__ import annotations

from rest_framework import serializers

from rathaus.katalog.models import Lebenslage, OzgLeistung, Themenfeld
from rathaus.organisation.models import Organisationseinheit, Standort


class ThemenfeldKurzSerializer(serializers.ModelSerializer[Themenfeld]):
    url = serializers.HyperlinkedIdentityField(view_name="api:themenfeld-detail")

    class Meta:
        model = Themenfeld
        fields = ["id", "slug", "name", "name_en", "url"]
        read_only_fields = fields


class LebenslageKurzSerializer(serializers.ModelSerializer[Lebenslage]):
    url = serializers.HyperlinkedIdentityField(view_name="api:lebenslage-detail")

    class Meta:
        model = Lebenslage
        fields = ["id", "slug", "name", "name_en", "url"]
        read_only_fields = fields


class OzgLeistungKurzSerializer(serializers.ModelSerializer[OzgLeistung]):
    url = serializers.HyperlinkedIdentityField(view_name="api:ozg-leistung-detail")

    class Meta:
        model = OzgLeistung
        fields = ["id", "ozg_id", "name", "url"]
        read_only_fields = fields


class AdresseSerializer(serializers.ModelSerializer[Standort]):
    class Meta:
        model = Standort
        fields = ["strasse", "plz", "ort"]
        read_only_fields = fields


class OrganisationseinheitKurzSerializer(serializers.ModelSerializer[Organisationseinheit]):
    """Id, names, link, postal address, phone and e-mail (the unit's, else its building's)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:organisationseinheit-detail")
    adresse = AdresseSerializer(source="standort", read_only=True, allow_null=True)
    telefon = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = Organisationseinheit
        fields = ["id", "slug", "name", "name_en", "art", "url", "adresse", "telefon", "email"]
        read_only_fields = fields

    def get_telefon(self, oe: Organisationseinheit) -> str:
        return oe.telefon or (oe.standort.telefon if oe.standort else "")

    def get_email(self, oe: Organisationseinheit) -> str:
        return oe.email or (oe.standort.email if oe.standort else "")
