"""Leistungen: list filters (input), list entry and detail (output)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rathaus.berichte.selectors import Stufe
from rathaus.katalog.models import Gebuehr, Leistung, Zustaendigkeit
from rathaus.katalog.selectors import lebenslagen_list, themenfelder_list
from rathaus.organisation.selectors import organisationseinheiten_list

from .common import (
    LebenslageKurzSerializer,
    OrganisationseinheitKurzSerializer,
    OzgLeistungKurzSerializer,
    ThemenfeldKurzSerializer,
)
from .fields import SlugFilterField


class LeistungListInputSerializer(serializers.Serializer[None]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "Volltextsuche (höchstens 200 Zeichen); die Treffer kommen nach Relevanz, "
            "ohne q nach Name."
        ),
    )
    themenfeld = SlugFilterField(
        queryset=themenfelder_list().prefetch_related(None),
        help_text=_("Kurzname eines Themenfelds"),
    )
    lebenslage = SlugFilterField(
        queryset=lebenslagen_list(), help_text=_("Kurzname einer Lebenslage")
    )
    ozg_id = serializers.RegexField(
        r"^[0-9]{5}$",
        required=False,
        max_length=5,
        help_text=_("OZG-ID (5 Ziffern)"),
        error_messages={"invalid": _("Eine OZG-ID hat 5 Ziffern.")},
    )
    leika_schluessel = serializers.RegexField(
        r"^99[0-9]{12}$",
        required=False,
        max_length=14,
        help_text=_("LeiKa-Schlüssel (14 Ziffern, beginnt mit 99)"),
        error_messages={"invalid": _("Ein LeiKa-Schlüssel hat 14 Ziffern und beginnt mit 99.")},
    )
    reifegrad = serializers.ChoiceField(
        choices=Stufe.choices, required=False, help_text=_("OZG-Reifegrad 0–4")
    )
    organisationseinheit = SlugFilterField(
        queryset=organisationseinheiten_list(),
        help_text=_("Kurzname einer zuständigen Organisationseinheit"),
    )


class LeistungListOutputSerializer(serializers.ModelSerializer[Leistung]):
    """Context `formulare`: {Leistung id: id of its online Formular} and `reifegrade`:
    {Leistung id: OZG maturity (berichte)} for the Leistungen serialized (the view reads
    both once per page)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:leistung-detail")
    portal_url = serializers.SerializerMethodField()
    leika_schluessel = serializers.SerializerMethodField()
    ozg_id = serializers.SerializerMethodField()
    reifegrad = serializers.SerializerMethodField()

    class Meta:
        model = Leistung
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "kurztext",
            "reifegrad",
            "leika_schluessel",
            "ozg_id",
            "url",
            "portal_url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_portal_url(self, leistung: Leistung) -> str:
        path = f"/leistungen/{leistung.slug}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field({"type": "string", "nullable": True, "pattern": "^99[0-9]{12}$"})
    def get_leika_schluessel(self, leistung: Leistung) -> str | None:
        return leistung.leika_schluessel or None

    @extend_schema_field({"type": "string", "nullable": True, "pattern": "^[0-9]{5}$"})
    def get_ozg_id(self, leistung: Leistung) -> str | None:
        return leistung.ozg_leistung.ozg_id if leistung.ozg_leistung else None

    @extend_schema_field(
        {
            "type": "integer",
            "enum": list(Stufe.values),
            "description": "OZG-Reifegrad des Angebots der Stadt (Reifegradmodell 1.1), "
            "abgeleitet wie im Digitalisierungsbericht: 1 beschrieben, 2 Online-Formular, "
            "3 Nachweise online, 4 Bescheid ins Postfach und Gebühr online bezahlbar",
        }
    )
    def get_reifegrad(self, leistung: Leistung) -> int:
        return int(self.context["reifegrade"][leistung.pk])


class GebuehrSerializer(serializers.ModelSerializer[Gebuehr]):
    class Meta:
        model = Gebuehr
        fields = ["bezeichnung", "betrag", "betrag_bis", "hinweis"]
        read_only_fields = fields


class ZustaendigkeitSerializer(serializers.ModelSerializer[Zustaendigkeit]):
    organisationseinheit = OrganisationseinheitKurzSerializer(read_only=True)

    class Meta:
        model = Zustaendigkeit
        fields = ["gebiet_ags", "hinweis", "organisationseinheit"]
        read_only_fields = fields


class LeistungDetailOutputSerializer(LeistungListOutputSerializer):
    ozg_leistung = OzgLeistungKurzSerializer(read_only=True, allow_null=True)
    lebenslage = serializers.SerializerMethodField()
    themenfeld = serializers.SerializerMethodField()
    gebuehren = GebuehrSerializer(many=True, read_only=True)
    zustaendigkeiten = ZustaendigkeitSerializer(many=True, read_only=True)
    synonyme = serializers.ListField(
        source="synonym_list", child=serializers.CharField(), read_only=True
    )
    online_dienst_url = serializers.SerializerMethodField()

    class Meta(LeistungListOutputSerializer.Meta):
        fields = [
            *LeistungListOutputSerializer.Meta.fields,
            "kurztext_en",
            "typisierung",
            "volltext",
            "voraussetzungen",
            "unterlagen",
            "kosten",
            "verfahrensablauf",
            "bearbeitungsdauer",
            "fristen",
            "formulare",
            "hinweise",
            "rechtsgrundlagen",
            "gesetze",
            "synonyme",
            "online_dienst_url",
            "termin_url",
            "beispielinhalt",
            "gebuehren",
            "zustaendigkeiten",
            "ozg_leistung",
            "lebenslage",
            "themenfeld",
            "geaendert_am",
        ]
        read_only_fields = fields

    @extend_schema_field(LebenslageKurzSerializer(allow_null=True))
    def get_lebenslage(self, leistung: Leistung) -> dict[str, object] | None:
        ozg = leistung.ozg_leistung
        if ozg is None or ozg.lebenslage is None:
            return None
        return dict(LebenslageKurzSerializer(ozg.lebenslage, context=self.context).data)

    @extend_schema_field(ThemenfeldKurzSerializer(allow_null=True))
    def get_themenfeld(self, leistung: Leistung) -> dict[str, object] | None:
        ozg = leistung.ozg_leistung
        if ozg is None or ozg.lebenslage is None:
            return None
        themenfeld = ozg.lebenslage.themenfeld
        return dict(ThemenfeldKurzSerializer(themenfeld, context=self.context).data)

    @extend_schema_field(
        {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "Das Online-Formular dieser Leistung im Portal, sonst null",
        }
    )
    def get_online_dienst_url(self, leistung: Leistung) -> str | None:
        formular_id = self.context.get("formulare", {}).get(leistung.pk)
        if formular_id is None:
            return None
        path = reverse("formulare:start", args=[formular_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
