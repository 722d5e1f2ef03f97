from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client

from rathaus.core.models import Protokoll
from rathaus.core.tests.otp import mit_zweitem_faktor
from rathaus.katalog.admin import EDITORIAL
from rathaus.katalog.models import Leistung
from rathaus.katalog.search import leistung_search, suchindex_update


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_superuser("redaktion", password="x-secret-123")
    mit_zweitem_faktor(client, user)
    return client


@pytest.fixture
def leistung(db):
    leistung = Leistung.objects.create(
        quelle="nrw-ozgdb:1",
        name="Hundesteuer",
        slug="hundesteuer",
        leika_schluessel="99000000000001",
    )
    suchindex_update(leistung_ids=[leistung.pk])
    return leistung


def _form(leistung: Leistung, **changes: object) -> dict[str, object]:
    data = {k: v for k, v in model_to_dict(leistung).items() if k in EDITORIAL}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    for prefix in ("gebuehren", "zustaendigkeiten"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


@pytest.mark.django_db(transaction=True)
def test_edit_goes_through_service_with_protokoll_and_search_index(editor_client, leistung):
    url = f"/admin/katalog/leistung/{leistung.pk}/change/"
    response = editor_client.post(url, _form(leistung, synonyme="Hundemarke", kurztext="Neu."))
    assert response.status_code == 302, response.content[:2000]
    leistung.refresh_from_db()
    assert leistung.kurztext == "Neu."
    entry = Protokoll.objects.get(aktion="leistung.redaktion_update")
    assert entry.akteur_name == "redaktion"
    assert set(entry.details) == {"synonyme", "kurztext"}
    assert [x.name for x in leistung_search(query="Hundemarke").treffer] == ["Hundesteuer"]


@pytest.mark.django_db
def test_import_owned_fields_cannot_be_changed(editor_client, leistung):
    url = f"/admin/katalog/leistung/{leistung.pk}/change/"
    editor_client.post(url, _form(leistung, leika_schluessel="99999999999999", quelle="x"))
    leistung.refresh_from_db()
    assert leistung.leika_schluessel == "99000000000001"
    assert leistung.quelle == "nrw-ozgdb:1"


@pytest.mark.django_db
def test_invalid_edit_changes_nothing(editor_client, leistung):
    url = f"/admin/katalog/leistung/{leistung.pk}/change/"
    response = editor_client.post(url, _form(leistung, termin_url="javascript:alert(1)"))
    assert response.status_code == 200  # form shown again with the error
    leistung.refresh_from_db()
    assert leistung.termin_url == ""
    assert not Protokoll.objects.exists()


@pytest.mark.django_db
def test_catalogue_structure_is_read_only_and_anonymous_is_refused(editor_client):
    assert editor_client.get("/admin/katalog/themenfeld/add/").status_code == 403
    assert editor_client.get("/admin/katalog/leistung/add/").status_code == 403
    response = Client().get("/admin/katalog/leistung/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
