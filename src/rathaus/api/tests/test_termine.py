"""/api/v1/termine/: availability, reservation with proof of work, direct booking with a
client-system token, hostile input, throttling."""

from __future__ import annotations

import altcha
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from rathaus.antraege.services import clientsystem_create
from rathaus.core.models import Outbox
from rathaus.termine import selectors
from rathaus.termine.models import Belegung, Buchung
from rathaus.termine.tests.helfer import welt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _guenstig(settings):
    cache.clear()
    settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE = 1


@pytest.fixture
def w():
    return welt(schalter=2)


def _slot(w, api):
    tage = api.get(
        f"/api/v1/termine/orte/{w.terminort.pk}/tage/", {"leistungen": f"{w.ausweis.pk}:2"}
    ).json()["tage"]
    slots = api.get(
        f"/api/v1/termine/orte/{w.terminort.pk}/slots/",
        {"leistungen": f"{w.ausweis.pk}:2", "datum": tage[0]},
    ).json()
    return tage[0], slots["slots"][0]["beginn"]


def _loesung(api, w, datum):
    aufgabe = altcha.Challenge.from_dict(
        api.get(f"/api/v1/termine/orte/{w.terminort.pk}/aufgabe/", {"datum": datum}).json()
    )
    return altcha.Payload(aufgabe, altcha.solve_challenge(aufgabe)).to_base64()


def _buchung(w, beginn, **extra):
    return {
        "terminort": w.terminort.pk,
        "leistungen": f"{w.ausweis.pk}:2",
        "beginn": beginn,
        "name": "Anna Test",
        "email": "anna@example.org",
        **extra,
    }


def test_availability_matches_the_selectors(w):
    api = APIClient()
    orte = api.get("/api/v1/termine/orte/").json()
    assert [o["id"] for o in orte] == [w.terminort.pk]
    assert {tl["leistung"] for tl in orte[0]["leistungen"]} == {w.ausweis.pk, w.anmeldung.pk}
    antwort = api.get(
        f"/api/v1/termine/orte/{w.terminort.pk}/tage/", {"leistungen": f"{w.ausweis.pk}:2"}
    ).json()
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 2})
    assert antwort["minuten"] == 45
    assert antwort["tage"] == [t.isoformat() for t in selectors.freie_tage(wunsch=wunsch)]


@pytest.mark.parametrize(
    "leistungen",
    ["", "abc", "1:2:3", "1,1", ",".join(str(i) for i in range(11)), "9" * 30, "1;DROP", "-1"],
)
def test_hostile_service_lists_are_400_naming_the_parameter(w, leistungen):
    antwort = APIClient().get(
        f"/api/v1/termine/orte/{w.terminort.pk}/tage/", {"leistungen": leistungen}
    )
    assert antwort.status_code == 400
    assert "leistungen" in antwort.json()


def test_unknown_service_or_place_or_too_many_persons(w):
    api = APIClient()
    ort = w.terminort.pk
    assert api.get(f"/api/v1/termine/orte/{ort}/tage/", {"leistungen": "999999"}).status_code == 400
    zu_viele = api.get(f"/api/v1/termine/orte/{ort}/tage/", {"leistungen": f"{w.ausweis.pk}:9"})
    assert zu_viele.status_code == 400 and "personen" in zu_viele.json()
    assert api.get("/api/v1/termine/orte/999999/tage/", {"leistungen": "1"}).status_code == 404
    assert (
        api.get("/api/v1/termine/orte/99999999999999999999/tage/", {"leistungen": "1"}).status_code
        == 404
    )
    kaputt = api.get(
        f"/api/v1/termine/orte/{ort}/slots/", {"leistungen": "1", "datum": "2026-13-45"}
    )
    assert kaputt.status_code == 400 and "datum" in kaputt.json()


def test_reserve_needs_the_proof_of_work_and_then_waits_for_the_email_link(w):
    api = APIClient()
    datum, beginn = _slot(w, api)
    ohne = api.post("/api/v1/termine/buchungen/", _buchung(w, beginn), format="json")
    assert ohne.status_code == 400 and "arbeitsnachweis" in ohne.json()
    fremd = api.post(
        "/api/v1/termine/buchungen/",
        _buchung(w, beginn, arbeitsnachweis="eyJ4IjoxfQ=="),
        format="json",
    )
    assert fremd.status_code == 400
    assert not Buchung.objects.exists()
    loesung = _loesung(api, w, datum)
    antwort = api.post(
        "/api/v1/termine/buchungen/", _buchung(w, beginn, arbeitsnachweis=loesung), format="json"
    )
    assert antwort.status_code == 201, antwort.json()
    daten = antwort.json()
    assert daten["status"] == "reserviert" and daten["kanal"] == "online"
    assert "token" not in daten and "name" not in daten
    # the same solution again: used up
    wieder = api.post(
        "/api/v1/termine/buchungen/",
        _buchung(w, beginn, arbeitsnachweis=loesung, email="b@example.org"),
        format="json",
    )
    assert wieder.status_code == 400 and Buchung.objects.count() == 1


def test_token_books_directly_as_phone_and_a_taken_slot_is_409(w):
    _c, token = clientsystem_create(name="Telefonservice", scopes=["termine:buchen"], actor="t")
    _c2, ohne_scope = clientsystem_create(name="Andere", scopes=["antraege:einreichen"], actor="t")
    api = APIClient()
    _datum, beginn = _slot(w, api)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {ohne_scope}")
    antwort = api.post("/api/v1/termine/buchungen/", _buchung(w, beginn), format="json")
    assert antwort.status_code == 403 and not Buchung.objects.exists()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    antwort = api.post("/api/v1/termine/buchungen/", _buchung(w, beginn), format="json")
    assert antwort.status_code == 201, antwort.json()
    assert antwort.json()["status"] == "bestaetigt" and antwort.json()["kanal"] == "telefon"
    assert Outbox.objects.filter(topic="termin.reserviert").count() == 0
    for _i in range(2):  # both counters taken, then the slot is gone
        antwort = api.post(
            "/api/v1/termine/buchungen/",
            _buchung(w, beginn, email=f"x{_i}@example.org"),
            format="json",
        )
    assert antwort.status_code == 409 and "beginn" in antwort.json()
    assert Buchung.objects.count() == 2
    api.credentials(HTTP_AUTHORIZATION="Bearer rh_falsch")
    assert (
        api.post("/api/v1/termine/buchungen/", _buchung(w, beginn), format="json").status_code
        == 401
    )


@pytest.mark.parametrize(
    "aenderung",
    [
        {"beginn": "2026-12-08T25:00:00+01:00"},
        {"beginn": "gestern"},
        {"name": ""},
        {"name": "x" * 201},
        {"email": "kein"},
        {"terminort": "1; DROP TABLE"},
        {"leistungen": "<script>"},
        {"terminort": 2**63},
    ],
)
def test_hostile_booking_input_is_400_and_changes_nothing(w, aenderung):
    _c, token = clientsystem_create(name="Telefonservice", scopes=["termine:buchen"], actor="t")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    antwort = api.post(
        "/api/v1/termine/buchungen/",
        {**_buchung(w, "2026-12-08T09:00:00+01:00"), **aenderung},
        format="json",
    )
    assert antwort.status_code == 400, antwort.content
    assert set(antwort.json()) & ({*aenderung} | {"name", "email", "beginn"})
    assert not Buchung.objects.exists() and not Belegung.objects.exists()


def test_reservations_are_throttled_per_address(w):
    api = APIClient()
    for _i in range(20):
        api.post("/api/v1/termine/buchungen/", {}, format="json")
    assert api.post("/api/v1/termine/buchungen/", {}, format="json").status_code == 429


def test_the_schema_documents_the_termine_paths(client):
    import yaml

    document = yaml.safe_load(
        client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").content
    )
    pfade = {p for p in document["paths"] if p.startswith("/api/v1/termine/")}
    assert pfade == {
        "/api/v1/termine/orte/",
        "/api/v1/termine/orte/{id}/tage/",
        "/api/v1/termine/orte/{id}/slots/",
        "/api/v1/termine/orte/{id}/aufgabe/",
        "/api/v1/termine/buchungen/",
    }
    buchen = document["paths"]["/api/v1/termine/buchungen/"]["post"]
    assert {"201", "400", "409", "429"} <= set(buchen["responses"])
