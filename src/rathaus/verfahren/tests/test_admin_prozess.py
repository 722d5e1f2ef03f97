"""Admin of the Fachadministration: uploading process models and setting deadline rules,
both through the services; refused input is shown at its field and changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from rathaus.core.models import Protokoll
from rathaus.core.tests.otp import mit_zweitem_faktor
from rathaus.organisation.models import Rolle
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren.models import Fristregel, Prozessmodell

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_user("fachadmin", password=None, is_staff=True)
    mitgliedschaft_add(
        user=user,
        organisationseinheit=f.organisationseinheit("IT"),
        rolle=Rolle.FACHADMINISTRATION,
        actor="t",
    )
    mit_zweitem_faktor(client, user)
    return client


def _datei(inhalt: bytes, name: str = "modell.bpmn") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, inhalt, content_type="application/xml")


def test_upload_of_a_valid_model_makes_it_the_active_version(admin_client):
    leistung = f.leistung()
    antwort = admin_client.post(
        "/admin/verfahren/prozessmodell/add/",
        {"leistung": leistung.pk, "datei": _datei(f.standard_xml())},
    )
    assert antwort.status_code == 302
    modell = Prozessmodell.objects.get(leistung=leistung)
    assert (modell.version, modell.aktiv) == (1, True)
    assert Protokoll.objects.filter(aktion="verfahren.prozessmodell.upload").count() == 1
    # versions are shown, never changed
    seite = admin_client.get(f"/admin/verfahren/prozessmodell/{modell.pk}/change/")
    assert seite.status_code == 200
    assert 'name="datei"' not in seite.content.decode()
    antwort = admin_client.post(
        f"/admin/verfahren/prozessmodell/{modell.pk}/change/", {"leistung": ""}
    )
    assert antwort.status_code == 403


@pytest.mark.parametrize(
    "inhalt",
    [
        b"kein XML",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
        "<?xml version='1.0' encoding='latin-1'?><x>ä</x>".encode("latin-1"),
        # a valid document, but a script task (code in the model) is never accepted
        f.standard_xml()
        .replace(b'<bpmn:serviceTask id="Abschluss"', b'<bpmn:scriptTask id="Abschluss"')
        .replace(
            b'</bpmn:serviceTask>\n    <bpmn:sequenceFlow id="Flow_Abgeschlossen"',
            b'</bpmn:scriptTask>\n    <bpmn:sequenceFlow id="Flow_Abgeschlossen"',
        ),
    ],
)
def test_invalid_model_is_refused_at_the_field_and_the_old_one_stays(admin_client, inhalt):
    leistung = f.leistung()
    admin_client.post(
        "/admin/verfahren/prozessmodell/add/",
        {"leistung": leistung.pk, "datei": _datei(f.standard_xml())},
    )
    antwort = admin_client.post(
        "/admin/verfahren/prozessmodell/add/", {"leistung": leistung.pk, "datei": _datei(inhalt)}
    )
    assert antwort.status_code == 200
    assert "errorlist" in antwort.content.decode()
    assert list(
        Prozessmodell.objects.filter(leistung=leistung).values_list("version", "aktiv")
    ) == [(1, True)]


def test_oversized_model_is_refused(admin_client):
    antwort = admin_client.post(
        "/admin/verfahren/prozessmodell/add/",
        {"leistung": "", "datei": _datei(b"<x>" + b" " * (2 * 1024 * 1024) + b"</x>")},
    )
    assert antwort.status_code == 200
    assert "größer als 2 MB" in antwort.content.decode()
    assert not Prozessmodell.objects.exists()


def test_deadline_rule_through_the_service_with_range_errors(admin_client):
    leistung = f.leistung()
    url = "/admin/verfahren/fristregel/add/"
    gut = {
        "leistung": leistung.pk,
        "gesetzliche_frist_monate": "3",
        "gesetzliche_frist_bezeichnung": "Genehmigungsfiktion (§ 42a VwVfG)",
        "warnung_tage": "14",
        "nachforderung_tage": "14",
        "bearbeitung_tage": "5",
    }
    antwort = admin_client.post(url, {**gut, "gesetzliche_frist_monate": "61", "warnung_tage": "0"})
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "Erlaubt sind 1 bis 60 Monate." in html and "Erlaubt sind 1 bis 365 Tage." in html
    assert not Fristregel.objects.exists()
    assert admin_client.post(url, gut).status_code == 302
    regel = Fristregel.objects.get(leistung=leistung)
    assert regel.gesetzliche_frist_monate == 3
    assert Protokoll.objects.filter(aktion="verfahren.fristregel.set").count() == 1


def test_staff_without_fachadministration_gets_nothing(client):
    mit_zweitem_faktor(client, User.objects.create_superuser("it", password=None))
    for pfad in ("prozessmodell", "fristregel"):
        assert client.get(f"/admin/verfahren/{pfad}/").status_code == 403
        assert client.post(f"/admin/verfahren/{pfad}/add/", {}).status_code == 403
    assert not Prozessmodell.objects.filter(leistung__isnull=False).exists()
