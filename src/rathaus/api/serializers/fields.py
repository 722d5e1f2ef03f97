"""Fields shared by the input serializers."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")


class SlugFilterField(serializers.SlugRelatedField):
    """A `?name=<slug>` filter: malformed or unknown slugs are a 400 naming the parameter."""

    default_error_messages = {
        "does_not_exist": _("Unbekannter Kurzname: „{value}“."),
        "invalid": _("Ein Kurzname besteht aus Buchstaben, Ziffern, „-“ und „_“."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Model:
        if not isinstance(data, str) or not _SLUG.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)
