"""Themenfelder, Lebenslagen and OZG-Leistungen: filters (input), list and detail (output)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rathaus.katalog.models import Lebenslage, OzgLeistung
from rathaus.katalog.selectors import lebenslagen_list, themenfelder_list

from .common import (
    LebenslageKurzSerializer,
    OzgLeistungKurzSerializer,
    ThemenfeldKurzSerializer,
)
from .fields import SlugFilterField

# --- Themenfelder ---------------------------------------------------------------------------


class ThemenfeldListOutputSerializer(ThemenfeldKurzSerializer):
    pass


class ThemenfeldDetailOutputSerializer(ThemenfeldKurzSerializer):
    lebenslagen = LebenslageKurzSerializer(many=True, read_only=True)

    class Meta(ThemenfeldKurzSerializer.Meta):
        fields = [*ThemenfeldKurzSerializer.Meta.fields, "lebenslagen"]
        read_only_fields = fields


# --- Lebenslagen ----------------------------------------------------------------------------


class LebenslageListInputSerializer(serializers.Serializer[None]):
    themenfeld = SlugFilterField(
        queryset=themenfelder_list().prefetch_related(None),
        help_text=_("Kurzname eines Themenfelds"),
    )


class LebenslageListOutputSerializer(LebenslageKurzSerializer):
    themenfeld = ThemenfeldKurzSerializer(read_only=True)

    class Meta(LebenslageKurzSerializer.Meta):
        model = Lebenslage
        fields = [*LebenslageKurzSerializer.Meta.fields, "themenfeld"]
        read_only_fields = fields


class LebenslageDetailOutputSerializer(LebenslageListOutputSerializer):
    ozg_leistungen = OzgLeistungKurzSerializer(many=True, read_only=True)

    class Meta(LebenslageListOutputSerializer.Meta):
        fields = [*LebenslageListOutputSerializer.Meta.fields, "ozg_leistungen"]
        read_only_fields = fields


# --- OZG-Leistungen -------------------------------------------------------------------------


class OzgLeistungListInputSerializer(serializers.Serializer[None]):
    lebenslage = SlugFilterField(
        queryset=lebenslagen_list(), help_text=_("Kurzname einer Lebenslage")
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Teil des Namens (ohne Groß-/Kleinschreibung)"),
    )


class OzgLeistungListOutputSerializer(OzgLeistungKurzSerializer):
    lebenslage = LebenslageKurzSerializer(read_only=True, allow_null=True)
    anzahl_leistungen = serializers.IntegerField(read_only=True)
    leistungen_url = serializers.SerializerMethodField()

    class Meta(OzgLeistungKurzSerializer.Meta):
        model = OzgLeistung
        fields = [
            *OzgLeistungKurzSerializer.Meta.fields,
            "lebenslage",
            "anzahl_leistungen",
            "leistungen_url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_leistungen_url(self, ozg: OzgLeistung) -> str:
        """The Leistungen of this OZG-Leistung: the Leistung list filtered by `ozg_id`."""
        path = f"{reverse('api:leistung-list')}?ozg_id={ozg.ozg_id}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class OzgLeistungDetailOutputSerializer(OzgLeistungListOutputSerializer):
    themenfeld = serializers.SerializerMethodField()

    class Meta(OzgLeistungListOutputSerializer.Meta):
        fields = [*OzgLeistungListOutputSerializer.Meta.fields, "beschreibung", "themenfeld"]
        read_only_fields = fields

    @extend_schema_field(ThemenfeldKurzSerializer(allow_null=True))
    def get_themenfeld(self, ozg: OzgLeistung) -> dict[str, object] | None:
        if ozg.lebenslage is None:
            return None
        return dict(ThemenfeldKurzSerializer(ozg.lebenslage.themenfeld, context=self.context).data)
