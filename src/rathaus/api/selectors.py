"""Reads the API needs that the owning apps do not offer yet, built on their selectors."""

from __future__ import annotations

from rathaus.organisation.models import Organisationseinheit
from rathaus.organisation.selectors import organisationseinheit_detail, organisationseinheiten_list


def organisationseinheit_detail_by_id(*, pk: int) -> Organisationseinheit:
    """`organisationseinheit_detail` by primary key; raises Organisationseinheit.DoesNotExist."""
    slug = organisationseinheiten_list().values_list("slug", flat=True).get(pk=pk)
    return organisationseinheit_detail(slug=slug)
