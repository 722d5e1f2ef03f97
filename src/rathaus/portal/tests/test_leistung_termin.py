"""The service page links "Termin vereinbaren" to the city's own booking where an office
gives appointments for the service, else to the catalogue's external address."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from rathaus.termine.tests.helfer import welt

pytestmark = pytest.mark.django_db


def test_own_booking_preselects_the_service_else_the_external_address(client):
    cache.clear()
    w = welt()
    seite = client.get(reverse("portal:leistung", kwargs={"slug": w.ausweis.slug}))
    assert seite.status_code == 200
    html = seite.content.decode()
    assert f'href="{reverse("termine:start")}?leistung={w.ausweis.pk}"' in html
    assert 'id="termin-vereinbaren"' in html
    w.tl_ausweis.delete()
    w.ausweis.termin_url = "https://termine.example.org/ausweis"
    w.ausweis.save()
    cache.clear()
    html = client.get(reverse("portal:leistung", kwargs={"slug": w.ausweis.slug})).content.decode()
    assert 'href="https://termine.example.org/ausweis"' in html
    assert f"?leistung={w.ausweis.pk}" not in html
