"""Anträge and Formulare in the API: input and output serializers."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rathaus.antraege.models import Antrag
from rathaus.formulare.models import Formular

_FIM_ID = re.compile(r"^[A-Za-z][0-9]{1,39}$")


class JsonTextField(serializers.CharField):
    """A multipart text part holding JSON; the value is (raw text, parsed JSON)."""

    default_error_messages = {"json": _("Kein gültiges JSON: {fehler}")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("max_length", 2_000_000)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> tuple[str, Any]:  # type: ignore[override]
        import json

        text = super().to_internal_value(data)
        try:
            return text, json.loads(text)
        except ValueError as exc:
            self.fail("json", fehler=str(exc)[:200])
            raise  # pragma: no cover - fail() raises


class AntragCreateInputSerializer(serializers.Serializer[None]):
    metadata = JsonTextField(
        help_text=_(
            "FIT-Connect-Metadaten (JSON) mit contentStructure.data.hash (SHA-512 von data) "
            "und je Anlage attachmentId, hash, mimeType, filename"
        )
    )
    data = JsonTextField(  # type: ignore[assignment]
        help_text=_(
            "Fachdaten als JSON, gültig gegen GET /api/v1/formulare/{id}/schema/; ein "
            "Dateifeld enthält die attachmentId seiner Anlage"
        )
    )


class AntragCreateRequestSchema(serializers.Serializer[None]):
    """Only for the OpenAPI document: the multipart body with the attachments."""

    metadata = serializers.CharField()
    data = serializers.CharField()  # type: ignore[assignment]
    attachment = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=_("Je Anlage ein Dateiteil, benannt nach ihrer attachmentId"),
    )


class AnlageOutputSerializer(serializers.Serializer[None]):
    nummer = serializers.IntegerField()
    feld = serializers.CharField()
    dateiname = serializers.CharField()
    mediatyp = serializers.CharField()
    groesse = serializers.IntegerField()
    sha256 = serializers.CharField()


class AntragOutputSerializer(serializers.ModelSerializer[Antrag]):
    status = serializers.SerializerMethodField()
    anlagen = AnlageOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Antrag
        fields = [
            "id",
            "aktenzeichen",
            "fim_id",
            "fim_version",
            "eingereicht_am",
            "daten_sha256",
            "status",
            "anlagen",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_status(self, obj: Antrag) -> str:
        eintraege = list(obj.status_eintraege.all())
        return eintraege[-1].status if eintraege else "eingegangen"


class FormularListInputSerializer(serializers.Serializer[None]):
    fim_id = serializers.CharField(
        required=False, max_length=40, help_text=_("FIM-ID, z. B. S00000094")
    )

    def validate_fim_id(self, value: str) -> str:
        if not _FIM_ID.match(value):
            raise serializers.ValidationError(
                _("Eine FIM-ID besteht aus einem Buchstaben und Ziffern.")
            )
        return value


class FormularOutputSerializer(serializers.ModelSerializer[Formular]):
    leika_schluessel = serializers.SerializerMethodField()
    schema_url = serializers.SerializerMethodField()

    class Meta:
        model = Formular
        fields = [
            "id",
            "fim_id",
            "fim_version",
            "name",
            "bezeichnung",
            "vertrauensniveau",
            "veroeffentlicht_am",
            "leika_schluessel",
            "schema_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_leika_schluessel(self, obj: Formular) -> str | None:
        return obj.leistung.leika_schluessel if obj.leistung else None

    @extend_schema_field(serializers.URLField())
    def get_schema_url(self, obj: Formular) -> str:
        from django.urls import reverse

        url = reverse("api:formular-schema", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
