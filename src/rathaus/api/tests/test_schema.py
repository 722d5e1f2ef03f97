"""The OpenAPI document: valid OpenAPI 3 and complete."""

from __future__ import annotations

import yaml
from openapi_spec_validator import validate

PATHS = {
    "/api/v1/leistungen/",
    "/api/v1/leistungen/{id}/",
    "/api/v1/organisationseinheiten/",
    "/api/v1/organisationseinheiten/{id}/",
    "/api/v1/themenfelder/",
    "/api/v1/themenfelder/{id}/",
    "/api/v1/lebenslagen/",
    "/api/v1/lebenslagen/{id}/",
    "/api/v1/ozg-leistungen/",
    "/api/v1/ozg-leistungen/{id}/",
    # --- Anträge (antraege) ---
    "/api/v1/antraege/",
    "/api/v1/formulare/",
    "/api/v1/formulare/{id}/schema/",
    # --- Verfahren and Aufgaben for staff (see test_verfahren_api) ---
    "/api/v1/verfahren/",
    "/api/v1/verfahren/{id}/",
    "/api/v1/verfahren/{id}/timeline/",
    "/api/v1/verfahren/{id}/notizen/",
    "/api/v1/verfahren/{id}/wiedervorlagen/",
    "/api/v1/aufgaben/",
    "/api/v1/aufgaben/{id}/",
    "/api/v1/aufgaben/{id}/claim/",
    "/api/v1/aufgaben/{id}/release/",
    "/api/v1/aufgaben/{id}/assign/",
    "/api/v1/aufgaben/{id}/complete/",
    # --- Terminvergabe (termine, see test_termine) ---
    "/api/v1/termine/orte/",
    "/api/v1/termine/orte/{id}/tage/",
    "/api/v1/termine/orte/{id}/slots/",
    "/api/v1/termine/orte/{id}/aufgabe/",
    "/api/v1/termine/buchungen/",
}
WRITE_PATHS = {
    "/api/v1/termine/buchungen/",
    "/api/v1/antraege/",
    "/api/v1/verfahren/{id}/notizen/",
    "/api/v1/verfahren/{id}/wiedervorlagen/",
    "/api/v1/aufgaben/{id}/claim/",
    "/api/v1/aufgaben/{id}/release/",
    "/api/v1/aufgaben/{id}/assign/",
    "/api/v1/aufgaben/{id}/complete/",
}


def schema(client) -> dict:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3_with_every_path(client, db):
    document = schema(client)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == PATHS
    for path, operations in document["paths"].items():
        # read-only, except submitting an Antrag (antraege) and the staff actions
        assert set(operations) == ({"post"} if path in WRITE_PATHS else {"get"}), path


def test_schema_documents_parameters_and_shapes(client, db):
    document = schema(client)
    parameters = {p["name"] for p in document["paths"]["/api/v1/leistungen/"]["get"]["parameters"]}
    assert parameters == {
        "q", "themenfeld", "lebenslage", "ozg_id", "leika_schluessel", "reifegrad",
        "organisationseinheit", "limit", "offset",
    }  # fmt: skip
    components = document["components"]["schemas"]
    page = components["PaginatedLeistungListOutputList"]
    assert {"count", "next", "previous", "results", "suche"} <= set(page["properties"])
    leistung = components["LeistungListOutput"]["properties"]
    assert leistung["leika_schluessel"]["nullable"] is True
    detail = components["LeistungDetailOutput"]["properties"]
    assert "gebuehren" in detail and "zustaendigkeiten" in detail
    assert "400" in document["paths"]["/api/v1/leistungen/"]["get"]["responses"]


def test_json_schema_is_served_too(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    validate(response.json())
