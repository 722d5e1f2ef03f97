"""Themenfelder, Lebenslagen, OZG-Leistungen and Organisationseinheiten."""

from __future__ import annotations

from datetime import date, timedelta

from .conftest import Katalog


def results(response) -> list[dict]:
    assert response.status_code == 200
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)
    assert body["count"] == len(body["results"])
    return body["results"]


def test_themenfelder(client, katalog: Katalog):
    items = results(client.get("/api/v1/themenfelder/"))
    assert [t["slug"] for t in items] == ["familie-kind", "mobilitaet-reisen"]
    assert items[1]["name_en"] == "Mobility"
    detail = client.get(items[0]["url"]).json()
    assert detail["id"] == katalog.familie.pk
    assert [lebenslage["slug"] for lebenslage in detail["lebenslagen"]] == ["geburt"]
    assert client.get("/api/v1/themenfelder/424242/").status_code == 404


def test_lebenslagen_and_filter(client, katalog: Katalog):
    items = results(client.get("/api/v1/lebenslagen/"))
    assert [item["slug"] for item in items] == ["auto", "geburt"]
    assert items[0]["themenfeld"]["slug"] == "mobilitaet-reisen"
    filtered = results(client.get("/api/v1/lebenslagen/", {"themenfeld": "familie-kind"}))
    assert [item["slug"] for item in filtered] == ["geburt"]
    response = client.get("/api/v1/lebenslagen/", {"themenfeld": "unbekannt"})
    assert response.status_code == 400 and list(response.json()) == ["themenfeld"]
    detail = client.get(f"/api/v1/lebenslagen/{katalog.geburt.pk}/").json()
    assert detail["themenfeld"]["id"] == katalog.familie.pk
    assert [o["ozg_id"] for o in detail["ozg_leistungen"]] == ["10557"]
    assert client.get("/api/v1/lebenslagen/424242/").status_code == 404


def test_ozg_leistungen_filters_and_detail(client, katalog: Katalog):
    items = results(client.get("/api/v1/ozg-leistungen/"))
    assert [item["ozg_id"] for item in items] == ["10338", "10557"]
    assert items[1]["anzahl_leistungen"] == 1
    assert items[1]["leistungen_url"] == "http://testserver/api/v1/leistungen/?ozg_id=10557"
    by_lebenslage = results(client.get("/api/v1/ozg-leistungen/", {"lebenslage": "auto"}))
    assert [item["ozg_id"] for item in by_lebenslage] == ["10338"]
    by_name = results(client.get("/api/v1/ozg-leistungen/", {"q": "URKUNDE"}))
    assert [item["ozg_id"] for item in by_name] == ["10557"]
    assert results(client.get("/api/v1/ozg-leistungen/", {"q": "nichts"})) == []
    response = client.get("/api/v1/ozg-leistungen/", {"lebenslage": "x/y"})
    assert response.status_code == 400 and list(response.json()) == ["lebenslage"]
    detail = client.get(f"/api/v1/ozg-leistungen/{katalog.urkunde.pk}/").json()
    assert detail["lebenslage"]["slug"] == "geburt"
    assert detail["themenfeld"]["slug"] == "familie-kind"
    assert "beschreibung" in detail
    leistungen = client.get(detail["leistungen_url"]).json()
    assert [r["name"] for r in leistungen["results"]] == ["Geburtsurkunde"]


def test_organisationseinheiten(client, katalog: Katalog):
    items = results(client.get("/api/v1/organisationseinheiten/"))
    assert [item["slug"] for item in items] == ["buergerbuero", "standesamt"]
    assert items[0]["adresse"]["strasse"] == "Alter Markt 1"
    detail = client.get(items[0]["url"]).json()
    assert detail["standort"]["name"] == "Rathaus" and detail["standort"]["aufzug"] is True
    assert len(detail["oeffnungszeiten"]) == 5
    assert detail["oeffnungszeiten"][0] == {
        "wochentag": 0,
        "wochentag_name": "Montag",
        "von": "08:00:00",
        "bis": "12:00:00",
        "nur_mit_termin": False,
    }
    # only upcoming exceptions, not the one a month ago
    assert [s["grund"] for s in detail["sonderoeffnungen"]] == ["Betriebsausflug"]
    assert detail["sonderoeffnungen"][0]["datum"] >= date.today().isoformat()
    assert detail["sonderoeffnungen"][0]["datum"] <= (date.today() + timedelta(4)).isoformat()
    assert client.get("/api/v1/organisationseinheiten/424242/").status_code == 404


def test_api_root_links_every_resource(client, katalog: Katalog):
    body = client.get("/api/v1/").json()
    for name in ("leistungen", "organisationseinheiten", "themenfelder", "lebenslagen"):
        assert client.get(body[name]).status_code == 200
