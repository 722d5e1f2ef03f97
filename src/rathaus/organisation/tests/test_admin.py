from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from rathaus.core.models import Protokoll
from rathaus.core.tests.otp import mit_zweitem_faktor
from rathaus.organisation.models import Oeffnungszeit, Organisationseinheit


@pytest.fixture
def admin_client(client, db):
    mit_zweitem_faktor(client, User.objects.create_superuser("it-admin", password="x-secret-123"))
    return client


@pytest.fixture
def oe(db):
    return Organisationseinheit.objects.create(name="Bürgerbüro", slug="bb", art="abteilung")


def _form(oe: Organisationseinheit, hours: list[tuple[str, str, str]]) -> dict[str, object]:
    data: dict[str, object] = {
        "name": oe.name,
        "art": oe.art,
        "name_en": "",
        "beschreibung": "",
        "telefon": "",
        "email": "",
        "raum": "",
        "termin_hinweis": "",
        "oeffnungszeiten-TOTAL_FORMS": len(hours),
        "oeffnungszeiten-INITIAL_FORMS": 0,
        "sonderoeffnungen-TOTAL_FORMS": 0,
        "sonderoeffnungen-INITIAL_FORMS": 0,
    }
    for i, (tag, von, bis) in enumerate(hours):
        data.update(
            {
                f"oeffnungszeiten-{i}-wochentag": tag,
                f"oeffnungszeiten-{i}-von": von,
                f"oeffnungszeiten-{i}-bis": bis,
            }
        )
    return data


@pytest.mark.django_db
def test_hours_saved_through_service_with_protokoll(admin_client, oe):
    url = f"/admin/organisation/organisationseinheit/{oe.pk}/change/"
    response = admin_client.post(url, _form(oe, [("0", "08:00", "12:00"), ("0", "13:00", "18:00")]))
    assert response.status_code == 302
    assert Oeffnungszeit.objects.filter(organisationseinheit=oe).count() == 2
    entry = Protokoll.objects.get(aktion="oeffnungszeiten.set")
    assert entry.akteur_name == "it-admin"


@pytest.mark.django_db
def test_overlapping_hours_are_refused_and_change_nothing(admin_client, oe):
    url = f"/admin/organisation/organisationseinheit/{oe.pk}/change/"
    response = admin_client.post(url, _form(oe, [("0", "08:00", "12:00"), ("0", "11:00", "18:00")]))
    assert response.status_code == 200
    assert "überschneiden" in response.content.decode()
    assert not Oeffnungszeit.objects.exists()
    assert not Protokoll.objects.exists()


@pytest.mark.django_db
def test_slug_cannot_change_and_offices_cannot_be_deleted(admin_client, oe):
    url = f"/admin/organisation/organisationseinheit/{oe.pk}/change/"
    admin_client.post(url, {**_form(oe, []), "slug": "other"})
    oe.refresh_from_db()
    assert oe.slug == "bb"
    delete = admin_client.post(
        f"/admin/organisation/organisationseinheit/{oe.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Organisationseinheit.objects.filter(pk=oe.pk).exists()
