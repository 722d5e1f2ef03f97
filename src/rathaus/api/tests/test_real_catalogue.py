"""The real OZG catalogue (../shared/data/ozg) through the API."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rathaus.config.testdaten import geteilte_daten


@pytest.mark.django_db
def test_real_catalogue_counts_and_search(client, capsys):
    call_command("import_ozg", str(geteilte_daten("ozg")))
    capsys.readouterr()

    def count(url: str) -> int:
        response = client.get(url, {"limit": 1})
        assert response.status_code == 200, url
        return response.json()["count"]

    assert count("/api/v1/themenfelder/") == 14
    assert count("/api/v1/lebenslagen/") == 58
    assert count("/api/v1/ozg-leistungen/") == 557
    assert count("/api/v1/leistungen/") == 5251

    page = client.get("/api/v1/leistungen/", {"limit": 100, "offset": 5200}).json()
    assert len(page["results"]) == 51 and page["next"] is None
    assert all("leika_schluessel" in item for item in page["results"])

    body = client.get("/api/v1/leistungen/", {"q": "Personalausweis", "limit": 10}).json()
    assert body["count"] >= 10
    top = [item["name"] for item in body["results"][:5]]
    assert all("personalausweis" in name.lower() for name in top), top
    detail = client.get(body["results"][0]["url"]).json()
    assert "Personalausweis" in detail["name"]

    # a filter combined with search keeps the order and narrows the count
    themenfeld = detail["themenfeld"]
    if themenfeld is not None:
        narrowed = client.get(
            "/api/v1/leistungen/", {"q": "Personalausweis", "themenfeld": themenfeld["slug"]}
        ).json()
        assert 0 < narrowed["count"] <= body["count"]
